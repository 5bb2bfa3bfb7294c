// Run in a child process by binding.fuzz.test.ts: calls the convolution functions of the Rust addon
// with seeded random geometries that are valid, with arrays of exactly the lengths they need, but
// whose padding, dilation, kernel and stride run up to 2^32 - 1, so that a padded image, an im2col
// band, the adjoint geometry or a per-thread buffer can be absurd while every array is small. Prints
// one JSON line: calls, throws, returns, how many hit the scratch limit, and non-conforming failures.
import fc from 'fast-check';
import { loadNativeBinding, stillComputes } from './test-support/native-binding.mjs';
import { createOutcomes } from './test-support/outcomes.mjs';

const { binding, error } = loadNativeBinding();
if (error) {
  console.log(JSON.stringify({ error }));
  process.exit(0);
}
const numRuns = Number(process.argv[2] ?? 300);
const f32 = (n) => new Float32Array(n);
const U = 2 ** 32 - 1;

const huge = [0, 1, 1000, 2 ** 20, 2 ** 31, U];
// 'fit' picks the dilation or stride that leaves about `target` outputs, so that many axes are valid
// and small on the output side however large their padding.
const axisSpec = fc.record({
  input: fc.integer({ min: 1, max: 3 }),
  kernel: fc.constantFrom(1, 2, 3, 64),
  padBefore: fc.constantFrom(...huge),
  padAfter: fc.constantFrom(...huge),
  dilation: fc.constantFrom(1, 2, 2 ** 31, U, 'fit', 'fit', 'fit'),
  stride: fc.constantFrom(1, 2, 'fit', 'fit', 'fit'),
  target: fc.constantFrom(1, 2, 5),
});
const clamp = (v) => Math.min(U, Math.max(1, v));

/** A concrete axis (every number exact below 2^53) with its output length, or null when the window does not fit. */
function axisOf({ input, kernel, padBefore, padAfter, dilation, stride, target }) {
  const padded = input + padBefore + padAfter;
  const fitDilation = kernel > 1 ? clamp(Math.floor((padded - target) / (kernel - 1))) : 1;
  const d = dilation === 'fit' ? fitDilation : dilation;
  const free = padded - d * (kernel - 1) - 1;
  if (free < 0) return null;
  const s = stride === 'fit' ? clamp(Math.ceil((free + 1) / target)) : stride;
  return { input, kernel, stride: s, padBefore, padAfter, dilation: d, out: Math.floor(free / s) + 1 };
}

const geometryCase = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  // [inChannels, outChannels, groups]: direct loops (few channel pairs) and im2col.
  channels: fc.constantFrom([1, 1, 1], [2, 2, 1], [4, 8, 1], [4, 8, 2], [17, 1, 1]),
  rows: axisSpec,
  cols: axisSpec,
  pass: fc.constantFrom('conv2dForward', 'conv2dBackwardInput', 'conv2dBackwardWeight', 'conv2dPlan'),
  threads: fc.constantFrom(1, 2, 8),
});

const outcomes = createOutcomes();
const tally = { skipped: 0, overLimit: 0 };

function run({ batch, channels: [c, oc, groups], rows: rowSpec, cols: colSpec, pass, threads }) {
  const [rows, cols] = [axisOf(rowSpec), axisOf(colSpec)];
  const patch = (c / groups) * rowSpec.kernel * colSpec.kernel;
  const sizes = {
    x: batch * c * rowSpec.input * colSpec.input,
    w: oc * patch,
    y: batch * oc * rows?.out * cols?.out,
  };
  // Valid windows and small arrays only, and little enough arithmetic for the kernels that run.
  if (!rows || !cols || sizes.y > 4096 || sizes.w > 2 ** 16) {
    tally.skipped++;
    return;
  }
  const geometry = [batch, c, rows.input, cols.input, oc, rows.kernel, cols.kernel, rows.stride, cols.stride]
    .concat([rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter, rows.dilation, cols.dilation])
    .concat([groups, rows.out, cols.out]);
  binding.setNumThreads(threads);
  const ones = (n) => f32(n).fill(1);
  const calls = {
    conv2dForward: () =>
      binding.conv2dForward(ones(sizes.x), ones(sizes.w), ones(oc), f32(sizes.y), geometry),
    conv2dBackwardInput: () =>
      binding.conv2dBackwardInput(ones(sizes.y), ones(sizes.w), f32(sizes.x), geometry),
    conv2dBackwardWeight: () =>
      binding.conv2dBackwardWeight(ones(sizes.x), ones(sizes.y), f32(sizes.w), f32(oc), geometry),
    conv2dPlan: () => binding.conv2dPlan('conv2dBackwardInput', geometry),
  };
  const message = outcomes.call(pass, geometry, calls[pass]);
  if (message?.includes('exceeds the scratch limit')) tally.overLimit++;
}

fc.assert(
  fc.property(geometryCase, (g) => {
    run(g);
  }),
  { seed: 7, numRuns },
);
console.log(JSON.stringify({ ...outcomes.report(), ...tally, afterwards: stillComputes(binding) }));
