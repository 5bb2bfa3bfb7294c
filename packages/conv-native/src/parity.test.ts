/**
 * native against the float64 reference kernels of @scratchnet/tensor/testing, on seeded random
 * geometries of every kind (stride, asymmetric padding, dilation, groups, depthwise, 'same', wide).
 */
import { type Conv2dGeometry, createRng, getKernel, setBackend } from '@scratchnet/tensor';
import {
  CONV2D_CASE_KINDS,
  randomConv2dCase,
  randomPool2dCase,
  referenceAvgPool2dBackward,
  referenceAvgPool2dForward,
  referenceConv2dBackwardInput,
  referenceConv2dBackwardWeight,
  referenceConv2dForward,
  referenceMatmul,
  referenceMaxPool2dForward,
} from '@scratchnet/tensor/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable, nativeLoadErrors } from './index';
import { expectCloseToReference, seededInputs } from './test-support/compare';

const RUNS = { seed: 20261122, numRuns: 200 };

beforeAll(() => {
  expect(nativeAvailable(), `the native binary must be built: ${nativeLoadErrors().join('; ')}`).toBe(true);
  setBackend('native');
});

const sizes = (g: Conv2dGeometry) => ({
  x: g.batch * g.inChannels * g.inHeight * g.inWidth,
  w: g.outChannels * (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth,
  y: g.batch * g.outChannels * g.outHeight * g.outWidth,
});

describe('conv2d on native matches the reference', () => {
  it('forward, backward-input and backward-weight (+bias) on 200 random geometries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...CONV2D_CASE_KINDS),
        (seed, kind) => {
          const rng = createRng(seed);
          const { geometry: g } = randomConv2dCase(rng, kind);
          const n = sizes(g);
          const [x, w, b, dy] = [n.x, n.w, g.outChannels, n.y].map((len) =>
            seededInputs(() => rng.next(), len),
          );
          const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;

          const y = new Float32Array(n.y).fill(Number.NaN);
          getKernel('conv2dForward', 'float32')(x.f32, w.f32, b.f32, y, g);
          const [yRef, yMag] = [new Float64Array(n.y), new Float64Array(n.y)];
          referenceConv2dForward(x.f64, w.f64, b.f64, yRef, g);
          referenceConv2dForward(x.abs, w.abs, b.abs, yMag, g);
          expectCloseToReference(`${kind} forward`, y, yRef, yMag, taps + 1);

          const dx = new Float32Array(n.x).fill(Number.NaN);
          getKernel('conv2dBackwardInput', 'float32')(dy.f32, w.f32, dx, g);
          const [dxRef, dxMag] = [new Float64Array(n.x), new Float64Array(n.x)];
          referenceConv2dBackwardInput(dy.f64, w.f64, dxRef, g);
          referenceConv2dBackwardInput(dy.abs, w.abs, dxMag, g);
          expectCloseToReference(
            `${kind} backward-input`,
            dx,
            dxRef,
            dxMag,
            g.outChannels * g.kernelHeight * g.kernelWidth,
          );

          const [dw, db] = [
            new Float32Array(n.w).fill(Number.NaN),
            new Float32Array(g.outChannels).fill(Number.NaN),
          ];
          getKernel('conv2dBackwardWeight', 'float32')(x.f32, dy.f32, dw, db, g);
          const [dwRef, dwMag, dbRef, dbMag] = [n.w, n.w, g.outChannels, g.outChannels].map(
            (l) => new Float64Array(l),
          );
          referenceConv2dBackwardWeight(x.f64, dy.f64, dwRef, dbRef, g);
          referenceConv2dBackwardWeight(x.abs, dy.abs, dwMag, dbMag, g);
          const outputs = g.batch * g.outHeight * g.outWidth;
          expectCloseToReference(`${kind} backward-weight`, dw, dwRef, dwMag, outputs);
          expectCloseToReference(`${kind} bias grad`, db, dbRef, dbMag, outputs);
        },
      ),
      RUNS,
    );
  });
});

describe('matmul on native matches the reference', () => {
  it('every transpose / accumulate combination on random sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.record({
          m: fc.integer({ min: 1, max: 70 }),
          n: fc.integer({ min: 1, max: 70 }),
          k: fc.integer({ min: 1, max: 90 }),
        }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (seed, { m, n, k }, transA, transB, accumulate) => {
          const rng = createRng(seed);
          const [a, b, c0] = [m * k, k * n, m * n].map((len) => seededInputs(() => rng.next(), len));
          const args = { m, n, k, transA, transB, accumulate };
          const c = accumulate ? c0.f32.slice() : new Float32Array(m * n).fill(Number.NaN);
          getKernel('matmul', 'float32')(a.f32, b.f32, c, args);
          const [ref, mag] = [
            accumulate ? c0.f64.slice() : new Float64Array(m * n),
            accumulate ? c0.abs.slice() : new Float64Array(m * n),
          ];
          referenceMatmul(a.f64, b.f64, ref, args);
          referenceMatmul(a.abs, b.abs, mag, args);
          expectCloseToReference(`matmul ${JSON.stringify(args)}`, c, ref, mag, k + 1);
        },
      ),
      RUNS,
    );
  });
});

describe('pooling on native matches the reference', () => {
  it('max pool values and argmax, avg pool forward and backward with both divisors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), (seed, countIncludePad) => {
        const rng = createRng(seed);
        const { geometry: g } = randomPool2dCase(rng);
        const xLen = g.batch * g.channels * g.inHeight * g.inWidth;
        const yLen = g.batch * g.channels * g.outHeight * g.outWidth;
        const [x, dy] = [xLen, yLen].map((len) => seededInputs(() => rng.next(), len));

        const window = g.kernelHeight * g.kernelWidth;
        const [y, argmax] = [new Float32Array(yLen), new Int32Array(yLen)];
        getKernel('maxPool2dForward', 'float32')(x.f32, y, argmax, g);
        const [yRef, argRef] = [new Float64Array(yLen), new Int32Array(yLen)];
        referenceMaxPool2dForward(x.f64, yRef, argRef, g);
        expect(Array.from(y)).toEqual(Array.from(yRef));
        expect(Array.from(argmax)).toEqual(Array.from(argRef));
        const dxMax = new Float32Array(xLen).fill(Number.NaN);
        getKernel('maxPool2dBackward', 'float32')(dy.f32, argmax, dxMax, g);
        const [dxMaxRef, dxMaxMag] = [new Float64Array(xLen), new Float64Array(xLen)];
        argmax.forEach((a, o) => {
          const i = Math.floor(o / (g.outHeight * g.outWidth)) * g.inHeight * g.inWidth + a;
          dxMaxRef[i] += dy.f64[o];
          dxMaxMag[i] += dy.abs[o];
        });
        expectCloseToReference('max pool backward', dxMax, dxMaxRef, dxMaxMag, window);

        const avg = new Float32Array(yLen).fill(Number.NaN);
        getKernel('avgPool2dForward', 'float32')(x.f32, avg, g, countIncludePad);
        const [avgRef, avgMag] = [new Float64Array(yLen), new Float64Array(yLen)];
        referenceAvgPool2dForward(x.f64, avgRef, g, countIncludePad);
        referenceAvgPool2dForward(x.abs, avgMag, g, countIncludePad);
        expectCloseToReference('avg pool forward', avg, avgRef, avgMag, window);
        const dxAvg = new Float32Array(xLen).fill(Number.NaN);
        getKernel('avgPool2dBackward', 'float32')(dy.f32, dxAvg, g, countIncludePad);
        const [dxAvgRef, dxAvgMag] = [new Float64Array(xLen), new Float64Array(xLen)];
        referenceAvgPool2dBackward(dy.f64, dxAvgRef, g, countIncludePad);
        referenceAvgPool2dBackward(dy.abs, dxAvgMag, g, countIncludePad);
        expectCloseToReference('avg pool backward', dxAvg, dxAvgRef, dxAvgMag, window);
      }),
      RUNS,
    );
  });
});
