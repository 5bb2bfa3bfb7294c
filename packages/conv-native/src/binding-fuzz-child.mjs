// Run in a child process by binding.fuzz.test.ts: calls every function the Rust addon exports with
// seeded random bad arguments (wrong lengths and typed-array kinds, zero/negative/huge/NaN sizes,
// overflowing products, detached and aliased buffers, wrong geometry lengths and entry types) and
// prints one JSON line: how many calls ran, threw, or returned, and the distinct non-conforming
// failures. A crash or hang kills only this process, which the test sees as a failure.
import fc from 'fast-check';
import { loadNativeBinding, stillComputes } from './test-support/native-binding.mjs';
import { createOutcomes } from './test-support/outcomes.mjs';

const { binding, error } = loadNativeBinding();
if (error) {
  console.log(JSON.stringify({ error }));
  process.exit(0);
}
const numRuns = Number(process.argv[2] ?? 400);

const f32 = (n) => new Float32Array(n);
// conv: x [2,3,5,5], weight [4,3,3,3], y [2,4,3,3]; pool: x [1,2,4,4], 2x2 windows, y [1,2,2,2].
const CONV = [2, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, 3, 3];
const POOL = [1, 2, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2];
const detached = () => {
  const a = f32(8);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
};

/** Each export with the lengths of its valid arrays, its geometry and how to call it. */
const OPS = {
  matmul: {
    arrays: [6, 12, 8],
    geometry: [2, 4, 3, 0, 0, 0],
    call: (a, g) => binding.matmul(a[0], a[1], a[2], g),
  },
  conv2dForward: {
    arrays: [150, 108, 4, 72],
    geometry: CONV,
    call: (a, g) => binding.conv2dForward(a[0], a[1], a[2], a[3], g),
  },
  conv2dBackwardInput: {
    arrays: [72, 108, 150],
    geometry: CONV,
    call: (a, g) => binding.conv2dBackwardInput(a[0], a[1], a[2], g),
  },
  conv2dBackwardWeight: {
    arrays: [150, 72, 108, 4],
    geometry: CONV,
    call: (a, g) => binding.conv2dBackwardWeight(a[0], a[1], a[2], a[3], g),
  },
  maxPool2dForward: {
    arrays: [32, 8, -8],
    geometry: POOL,
    call: (a, g) => binding.maxPool2dForward(a[0], a[1], a[2], g),
  },
  maxPool2dBackward: {
    arrays: [8, -8, 32],
    geometry: POOL,
    call: (a, g) => binding.maxPool2dBackward(a[0], a[1], a[2], g),
  },
  avgPool2dForward: {
    arrays: [32, 8],
    geometry: POOL,
    call: (a, g, flag) => binding.avgPool2dForward(a[0], a[1], g, flag),
  },
  avgPool2dBackward: {
    arrays: [8, 32],
    geometry: POOL,
    call: (a, g, flag) => binding.avgPool2dBackward(a[0], a[1], g, flag),
  },
  relu: { arrays: [40, 40], geometry: [], call: (a) => binding.relu(a[0], a[1]) },
  reluBackward: { arrays: [40, 40, 40], geometry: [], call: (a) => binding.reluBackward(a[0], a[1], a[2]) },
  setNumThreads: { arrays: [], geometry: [], call: (_a, g) => binding.setNumThreads(g[0]) },
};

// A negative length marks an Int32Array (the argmax); argmax values stay in range unless mutated.
const validArray = (n) => (n < 0 ? new Int32Array(-n) : f32(n));
const badArray = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map((n) => f32(n)),
  fc.integer({ min: 0, max: 200 }).map((n) => new Float64Array(n)),
  fc.integer({ min: 0, max: 200 }).map((n) => new Int32Array(n).fill(n % 3 === 0 ? -1 : 1 << 20)),
  fc.constantFrom(null, undefined, 0, 'x', [1, 2, 3], {}, new Uint8Array(32), new ArrayBuffer(32)),
  fc.constant(null).map(detached),
);
const badNumber = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    -0,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Infinity,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53,
    1e308,
  ),
  fc.integer({ min: -5, max: 70_000 }),
  fc.double(),
);
const badEntry = fc.oneof(badNumber, fc.constantFrom('3', null, undefined, true, [], {}, 10n));
const flag = fc.oneof(fc.boolean(), fc.constantFrom(0, 1, null, undefined, 'true'));

const mutation = fc.record({
  op: fc.constantFrom(...Object.keys(OPS)),
  arrays: fc.array(fc.tuple(fc.nat(), badArray), { maxLength: 2 }),
  entries: fc.array(fc.tuple(fc.nat(), badEntry), { maxLength: 3 }),
  resize: fc.constantFrom(0, 0, 0, -1, 1, -100),
  aliasOutput: fc.boolean(),
  flag,
});

const outcomes = createOutcomes();

function run({ op, arrays, entries, resize, aliasOutput, flag: f }) {
  const spec = OPS[op];
  const args = spec.arrays.map(validArray);
  for (const [at, value] of arrays) if (args.length > 0) args[at % args.length] = value;
  if (aliasOutput && args.length > 1) args[args.length - 1] = args[0];
  let geometry = [...spec.geometry];
  if (op === 'setNumThreads') geometry = [entries[0]?.[1] ?? 2];
  else {
    for (const [at, value] of entries) geometry[at % geometry.length] = value;
    if (resize > 0) geometry.push(1);
    else if (resize < 0) geometry = geometry.slice(0, Math.max(0, geometry.length + resize));
  }
  outcomes.call(op, geometry, () => spec.call(args, geometry, f));
}

fc.assert(
  fc.property(mutation, (m) => {
    run(m);
  }),
  { seed: 42, numRuns },
);
console.log(JSON.stringify({ ...outcomes.report(), afterwards: stillComputes(binding) }));
