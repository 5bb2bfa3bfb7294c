/**
 * native's Winograd convolution (F(4x4, 3x3) and F(2x2, 5x5), `src/conv_winograd.rs`; the weight
 * gradient F(3x3, 4x4) and F(5x5, 2x2), `src/conv_winograd_weight.rs`) against the float64
 * reference, with the float32 error bound it is held to, and the same bits on any thread count.
 *
 * The bound: each of the 36 transformed-domain sums is rounded like a direct sum of its terms
 * (relative error within 8·√terms·eps32 of its magnitude, as `expectCloseToReference` allows a
 * GEMM), and the output transform Aᵀ·M·A and the data transform Bᵀ·d·B scale the magnitudes those
 * errors are relative to by at most ‖Aᵀ‖∞ and ‖Bᵀ‖∞ per axis. So an output is within
 * ‖Aᵀ‖∞·‖Bᵀ‖∞·8·√terms·eps32 of Σ|w||x|: 19·10 = 190 times the GEMM bound for F(4, 3), 7·10 = 70
 * for F(2, 5). The errors measured stay far below it (printed on failure); a wrong index is O(1).
 */
import {
  type Conv2dGeometry,
  createRng,
  explainKernel,
  getKernel,
  resolveConv2dGeometry,
  setBackend,
  setThreads,
} from '@scratchnet/tensor';
import {
  referenceConv2dBackwardInput,
  referenceConv2dBackwardWeight,
  referenceConv2dForward,
} from '@scratchnet/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNumThreads, nativeAvailable, nativeLoadErrors } from './index';
import { expectCloseToReference, seededInputs } from './test-support/compare';

const TRANSFORM_GROWTH: Record<number, number> = { 3: 19 * 10, 5: 7 * 10 };
/** The weight gradient's Aᵀ (r x 6: ‖·‖∞ = 11 for F(3, 4), 35 for F(5, 2)) times the same ‖Bᵀ‖∞. */
const GRADIENT_GROWTH: Record<number, number> = { 3: 11 * 10, 5: 35 * 10 };
const initialThreads = nativeAvailable() ? getNumThreads() : 1;

beforeAll(() => {
  expect(nativeAvailable(), `the native binary must be built: ${nativeLoadErrors().join('; ')}`).toBe(true);
  setBackend('native');
});
afterAll(() => setThreads(initialThreads));

/** [batch, inC, outC, H, W, r, padding [top, bottom, left, right]]: ragged tiles, odd channel counts. */
const CASES: [number, number, number, number, number, number, [number, number, number, number]][] = [
  [16, 32, 64, 7, 7, 5, [2, 2, 2, 2]], // LeNet's second convolution's channels and padding
  [16, 8, 8, 9, 9, 3, [1, 1, 1, 1]],
  [20, 9, 10, 11, 7, 3, [0, 0, 0, 0]], // a batch that is not a multiple of 16
  [17, 40, 12, 7, 9, 5, [1, 2, 0, 1]], // 40 channels: two full vectors and a partial one
  [33, 70, 9, 6, 6, 3, [1, 1, 1, 1]], // 70 channels: more than four vectors at a time in the weight gradient
  [33, 17, 33, 10, 13, 3, [2, 0, 1, 2]],
  [16, 16, 16, 14, 14, 3, [1, 1, 1, 1]], // the resnet preset's widths
  [16, 8, 9, 8, 8, 3, [0, 2, 2, 0]], // all padding on one side: tiles run past the input
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function check(g: Conv2dGeometry, rng: ReturnType<typeof createRng>) {
  const [xs, ws, ys] = [
    [g.batch, g.inChannels, g.inHeight, g.inWidth],
    [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth],
    [g.batch, g.outChannels, g.outHeight, g.outWidth],
  ];
  const [x, w, b, dy] = [size(xs), size(ws), g.outChannels, size(ys)].map((n) =>
    seededInputs(() => rng.next(), n),
  );
  const growth = TRANSFORM_GROWTH[g.kernelHeight];
  const y = new Float32Array(size(ys)).fill(Number.NaN);
  getKernel('conv2dForward', 'float32')(x.f32, w.f32, b.f32, y, g);
  const [yRef, yMag] = [new Float64Array(y.length), new Float64Array(y.length)];
  referenceConv2dForward(x.f64, w.f64, b.f64, yRef, g);
  referenceConv2dForward(x.abs, w.abs, b.abs, yMag, g);
  const taps = g.inChannels * g.kernelHeight * g.kernelWidth;
  expectCloseToReference(`forward ${JSON.stringify(g)}`, y, yRef, yMag, taps * growth ** 2);

  const dx = new Float32Array(size(xs)).fill(Number.NaN);
  getKernel('conv2dBackwardInput', 'float32')(dy.f32, w.f32, dx, g);
  const [dxRef, dxMag] = [new Float64Array(dx.length), new Float64Array(dx.length)];
  referenceConv2dBackwardInput(dy.f64, w.f64, dxRef, g);
  referenceConv2dBackwardInput(dy.abs, w.abs, dxMag, g);
  const adjointTaps = g.outChannels * g.kernelHeight * g.kernelWidth;
  expectCloseToReference(`backward-input ${JSON.stringify(g)}`, dx, dxRef, dxMag, adjointTaps * growth ** 2);

  const [dw, db] = [new Float32Array(size(ws)).fill(Number.NaN), new Float32Array(g.outChannels)];
  getKernel('conv2dBackwardWeight', 'float32')(x.f32, dy.f32, dw, db, g);
  const [dwRef, dwMag] = [new Float64Array(dw.length), new Float64Array(dw.length)];
  const [dbRef, dbMag] = [new Float64Array(g.outChannels), new Float64Array(g.outChannels)];
  referenceConv2dBackwardWeight(x.f64, dy.f64, dwRef, dbRef, g);
  referenceConv2dBackwardWeight(x.abs, dy.abs, dwMag, dbMag, g);
  const positions = g.batch * g.outHeight * g.outWidth;
  const gradientGrowth = GRADIENT_GROWTH[g.kernelHeight];
  expectCloseToReference(
    `backward-weight ${JSON.stringify(g)}`,
    dw,
    dwRef,
    dwMag,
    positions * gradientGrowth ** 2,
  );
  return { y, dx, dw };
}

describe('Winograd convolution on native', () => {
  it('serves the forward, adjoint and weight-gradient passes of every case, within its float32 bound', async () => {
    await setThreads(2);
    const rng = createRng(77);
    for (const [n, c, k, h, wd, r, padding] of CASES) {
      const g = resolveConv2dGeometry([n, c, h, wd], [k, c, r, r], { padding });
      const plan = (kernel: 'conv2dForward' | 'conv2dBackwardInput' | 'conv2dBackwardWeight') =>
        explainKernel({ kernel, geometry: g, dtype: 'float32' }).algorithm;
      expect(plan('conv2dForward')).toBe('winograd');
      expect(plan('conv2dBackwardInput')).toBe('adjoint-forward (winograd)');
      expect(plan('conv2dBackwardWeight')).toBe('winograd');
      check(g, rng);
    }
  }, 30_000);

  it('gives the same bits on 1, 2 and 3 threads', async () => {
    const g = resolveConv2dGeometry([40, 12, 11, 10], [10, 12, 3, 3], { padding: 1 });
    const runs = [];
    for (const threads of [1, 2, 3]) {
      await setThreads(threads);
      runs.push(check(g, createRng(5)));
    }
    for (const run of runs.slice(1)) {
      expect(run.y).toEqual(runs[0].y);
      expect(run.dx).toEqual(runs[0].dx);
      expect(run.dw).toEqual(runs[0].dw);
    }
  });

  it('leaves batches below 16 images, strides and groups to the other plans', () => {
    const plan = (x: number[], w: number[], options = {}) =>
      explainKernel({
        kernel: 'conv2dForward',
        geometry: resolveConv2dGeometry(x, w, options),
        dtype: 'float32',
      }).algorithm;
    expect(plan([15, 32, 14, 14], [64, 32, 5, 5], { padding: 2 })).toBe('im2col-gemm');
    expect(plan([16, 32, 14, 14], [64, 32, 5, 5], { padding: 2, stride: 2 })).toBe('im2col-gemm');
    expect(plan([16, 32, 14, 14], [64, 16, 5, 5], { padding: 2, groups: 2 })).toBe('im2col-gemm');
    expect(plan([16, 32, 14, 14], [64, 32, 7, 7], { padding: 3 })).toBe('im2col-gemm');
  });
});
