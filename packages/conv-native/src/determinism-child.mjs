// Run by determinism.test.ts with SCRATCHNET_NUM_THREADS set: runs each native kernel on fixed
// seeded data and prints one JSON line mapping each case to a SHA-256 of its output bytes.
import { createHash } from 'node:crypto';
import {
  createRng,
  getBackend,
  resolveConv2dGeometry,
  resolvePool2dGeometry,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { getNumThreads } from '../dist/index.js';

setBackend('native');
const native = getBackend();
const rng = createRng(11);
const data = (n) => Tensor.randn([n], { rng }).data;
const digest = (...arrays) => {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
};
const size = (shape) => shape.reduce((p, d) => p * d, 1);

const results = {};
// lenet's two convolutions (batch 16) and a strided, grouped, dilated one.
const convs = {
  'lenet conv1': [[16, 1, 28, 28], [32, 1, 5, 5], { padding: 2 }],
  'lenet conv2': [[16, 32, 14, 14], [64, 32, 5, 5], { padding: 2 }],
  'strided grouped dilated': [
    [8, 8, 17, 17],
    [8, 4, 3, 3],
    { stride: 2, groups: 2, dilation: 2, padding: 1 },
  ],
};
for (const [name, [xShape, wShape, options]] of Object.entries(convs)) {
  const g = resolveConv2dGeometry(xShape, wShape, options);
  const ySize = g.batch * g.outChannels * g.outHeight * g.outWidth;
  const [x, w, b, dy] = [data(size(xShape)), data(size(wShape)), data(wShape[0]), data(ySize)];
  const y = new Float32Array(ySize);
  native.conv2dForward(x, w, b, y, g);
  results[`conv2dForward ${name}`] = digest(y);
  const dx = new Float32Array(size(xShape));
  native.conv2dBackwardInput(dy, w, dx, g);
  results[`conv2dBackwardInput ${name}`] = digest(dx);
  const [dw, db] = [new Float32Array(size(wShape)), new Float32Array(wShape[0])];
  native.conv2dBackwardWeight(x, dy, dw, db, g);
  results[`conv2dBackwardWeight ${name}`] = digest(dw, db);
}
for (const [m, n, k] of [
  [64, 3136, 128],
  [512, 512, 512],
  [7, 9, 5],
]) {
  const c = new Float32Array(m * n);
  native.matmul(data(m * k), data(k * n), c, { m, n, k, transA: false, transB: false, accumulate: false });
  results[`matmul ${m}x${k} by ${k}x${n}`] = digest(c);
}
const pool = resolvePool2dGeometry([16, 32, 28, 28], 2);
const x = data(16 * 32 * 28 * 28);
const [y, argmax, dx] = [
  new Float32Array(16 * 32 * 14 * 14),
  new Int32Array(16 * 32 * 14 * 14),
  new Float32Array(x.length),
];
native.maxPool2dForward(x, y, argmax, pool);
native.maxPool2dBackward(y, argmax, dx, pool);
results['maxPool2d forward and backward'] = digest(y, argmax, dx);
native.avgPool2dForward(x, y, pool, true);
native.avgPool2dBackward(y, dx, pool, true);
results['avgPool2d forward and backward'] = digest(y, dx);
console.log(JSON.stringify({ threads: getNumThreads(), results }));
