// Run in a child process by bad-arguments.test.ts: calls every native kernel with bad arguments
// (through the backend object, and a few straight on the addon) and prints one JSON line per case,
// so that a crash fails the test instead of killing the runner.
import {
  CONV2D_GEOMETRY_FIELDS,
  conv2dGeometryNumbers,
  getBackend,
  resolveConv2dGeometry,
  resolvePool2dGeometry,
  setBackend,
} from '@scratchnet/tensor';
import { setNumThreads } from '../../dist/index.js';
import { ABSURD, loadNativeBinding } from './native-binding.mjs';

setBackend('native');
const native = getBackend();
const { binding } = loadNativeBinding();
const f32 = (n) => new Float32Array(n);
const sharedF32 = (n) => new Float32Array(new SharedArrayBuffer(4 * n));
const convGeometry = (numbers) => Object.fromEntries(CONV2D_GEOMETRY_FIELDS.map((f, i) => [f, numbers[i]]));
// x [2,3,5,5], weight [4,3,3,3] -> y [2,4,3,3]
const g = resolveConv2dGeometry([2, 3, 5, 5], [4, 3, 3, 3]);
const pool = resolvePool2dGeometry([1, 2, 4, 4], 2);
const conv = (over = {}) => {
  const a = { x: f32(150), w: f32(108), b: f32(4), y: f32(72), g, ...over };
  native.conv2dForward(a.x, a.w, a.b, a.y, a.g);
};
const mm = (args, a = f32(6), b = f32(12), c = f32(8)) =>
  native.matmul(a, b, c, { m: 2, n: 4, k: 3, transA: false, transB: false, accumulate: false, ...args });
const u32max = 2 ** 32 - 1;
const shared = f32(300);

const cases = {
  'weight too short': () => conv({ w: f32(100) }),
  'x too long': () => conv({ x: f32(151) }),
  'y too short': () => conv({ y: f32(71) }),
  'bias wrong length': () => conv({ b: f32(3) }),
  'zero batch': () => conv({ g: { ...g, batch: 0 } }),
  'negative channels': () => conv({ g: { ...g, inChannels: -3 } }),
  'fractional kernel': () => conv({ g: { ...g, kernelHeight: 2.5 } }),
  'NaN width': () => conv({ g: { ...g, inWidth: Number.NaN } }),
  'negative padding': () => conv({ g: { ...g, padTop: -1 } }),
  'huge height': () => conv({ g: { ...g, inHeight: 2 ** 40 } }),
  'overflowing product': () =>
    conv({
      g: {
        ...g,
        batch: u32max,
        inChannels: u32max,
        outChannels: u32max,
        inHeight: u32max,
        inWidth: u32max,
        outHeight: u32max - 2,
        outWidth: u32max - 2,
      },
    }),
  'inconsistent outHeight': () => conv({ g: { ...g, outHeight: 4 } }),
  'Float64Array input': () => conv({ x: new Float64Array(150) }),
  'plain Array weight': () => conv({ w: Array.from({ length: 108 }, () => 0) }),
  'number output': () => conv({ y: 72 }),
  'string bias': () => conv({ b: 'bias' }),
  'output aliases input': () => {
    const same = resolveConv2dGeometry([1, 2, 3, 3], [2, 2, 1, 1]);
    const x = f32(18);
    native.conv2dForward(x, f32(4), null, x, same);
  },
  'output overlaps a subarray of the input': () =>
    conv({ x: shared.subarray(0, 150), y: shared.subarray(100, 172) }),
  'backward-input dx Int32Array': () => native.conv2dBackwardInput(f32(72), f32(108), new Int32Array(150), g),
  'backward-weight dBias aliases dWeight': () => {
    const buf = f32(112);
    native.conv2dBackwardWeight(f32(150), f32(72), buf.subarray(0, 108), buf.subarray(105, 109), g);
  },
  'matmul zero m': () => mm({ m: 0 }),
  'matmul wrong b length': () => mm({}, f32(6), f32(11)),
  'matmul Float64Array c': () => mm({}, f32(6), f32(12), new Float64Array(8)),
  'matmul transA not a flag': () => mm({ transA: 2 }),
  'matmul overflowing m*n*k': () => mm({ m: u32max, n: u32max, k: u32max }),
  'matmul detached input': () => {
    const a = f32(6);
    structuredClone(a.buffer, { transfer: [a.buffer] });
    mm({}, a);
  },
  'max pool argmax Float32Array': () => native.maxPool2dForward(f32(32), f32(8), f32(8), pool),
  'max pool argmax out of range': () =>
    native.maxPool2dBackward(f32(8), new Int32Array(8).fill(16), f32(32), pool),
  'max pool negative argmax': () =>
    native.maxPool2dBackward(f32(8), new Int32Array(8).fill(-1), f32(32), pool),
  'avg pool wrong y length': () => native.avgPool2dForward(f32(32), f32(9), pool, true),
  'pool padding over half the kernel': () =>
    native.avgPool2dForward(f32(32), f32(8), { ...pool, padTop: 2 }, true),
  'geometry field missing': () => conv({ g: { ...g, groups: undefined } }),
  'countIncludePad not a boolean': () => native.avgPool2dForward(f32(32), f32(8), pool, 1),
  'setNumThreads(0)': () => setNumThreads(0),
  'setNumThreads(1.5)': () => setNumThreads(1.5),
  'setNumThreads(5000)': () => setNumThreads(5000),
  // Tiny arrays whose scratch would be absurd.
  'absurd im2col buffer': () =>
    native.conv2dForward(f32(17), f32(69632), null, f32(1048576), convGeometry(ABSURD.im2col)),
  'padded image past 2^64': () =>
    native.conv2dForward(f32(1), f32(9), null, f32(1), convGeometry(ABSURD.padded)),
  'padded image past 2^64 in backward-weight': () =>
    native.conv2dBackwardWeight(f32(1), f32(1), f32(9), f32(1), convGeometry(ABSURD.padded)),
  // undefined is not null: it is what a missing property gives.
  'bias undefined': () => conv({ b: undefined }),
  'dBias undefined': () => native.conv2dBackwardWeight(f32(150), f32(72), f32(108), undefined, g),
  'binding: maxExpAvgSq undefined': () =>
    binding.adamStep(
      f32(4),
      f32(4),
      f32(4),
      f32(4),
      undefined,
      [0.1, 0.9, 0.999, 1e-8, 0, 0.1, 0.03, 0, 0, 0],
    ),
  'binding: bias undefined': () =>
    binding.conv2dForward(f32(150), f32(108), undefined, f32(72), conv2dGeometryNumbers(g)),
  // Memory another thread can write is refused, inputs and outputs alike.
  'SharedArrayBuffer input': () => conv({ x: sharedF32(150) }),
  'SharedArrayBuffer output': () => conv({ y: sharedF32(72) }),
  'binding: SharedArrayBuffer output': () =>
    binding.matmul(f32(6), f32(12), sharedF32(8), [2, 4, 3, 0, 0, 0]),
  'relu y too short': () => binding.relu(f32(5), f32(4)),
  'relu in place': () => {
    const x = f32(5);
    binding.relu(x, x);
  },
  'reluBackward Float64Array dy': () => binding.reluBackward(f32(3), new Float64Array(3), f32(3)),
  'reluBackward dx too long': () => binding.reluBackward(f32(3), f32(3), f32(70000)),
};

/** Odd geometries that must compute, with the value each case returns. */
const computes = {
  // The adjoint would need a padding past 2^32 - 1, so the plain direct loops run: only tap 0 reads x.
  'backward-input whose adjoint does not fit': () => {
    const dx = f32(2);
    native.conv2dBackwardInput(f32(1).fill(1), f32(3).fill(1), dx, convGeometry(ABSURD.adjoint));
    return [...dx];
  },
  'plan of that backward-input': () =>
    native.plan({ kernel: 'conv2dBackwardInput', geometry: convGeometry(ABSURD.adjoint), dtype: 'float32' })
      .algorithm,
};

for (const [name, run] of Object.entries({ ...cases, ...computes })) {
  try {
    const value = run();
    console.log(JSON.stringify({ name, threw: false, value }));
  } catch (error) {
    console.log(
      JSON.stringify({ name, threw: true, isError: error instanceof Error, message: String(error.message) }),
    );
  }
}
// The process is still healthy: a valid call works after all of the above.
const y = f32(72);
native.conv2dForward(f32(150).fill(1), f32(108).fill(1), f32(4).fill(0.5), y, g);
console.log(JSON.stringify({ name: 'valid call after the bad ones', threw: false, value: y[0] }));
