import {
  type Conv2dGeometry,
  conv2dInputSize,
  conv2dOutputSize,
  conv2dWeightSize,
  createRng,
  type DType,
  jsBackend,
} from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { SIMD_TEST_PATHS } from './simd-test-paths';

const rng = createRng(2026);

// Both backends are within CONV_TOLERANCE of the exact result (their own tests check each against
// the direct-sum oracle), so they are within twice that of each other.
const agreement = (dtype: DType) => 2 * CONV_TOLERANCE[dtype];

describe('wasm against js, the reference backend', () => {
  for (const [dtype, backend, kernels] of SIMD_TEST_PATHS) {
    it(`${dtype}, ${kernels} kernels: every convolution pass agrees with js on random geometries of every kind`, () => {
      for (const c of randomConv2dCases(4242, 48)) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, conv2dInputSize(g));
        const w = randomFloats(rng, dtype, conv2dWeightSize(g));
        const b = randomFloats(rng, dtype, g.outChannels);
        const dy = randomFloats(rng, dtype, conv2dOutputSize(g));
        const label = `${c.kind} ${JSON.stringify(c.options)}`;
        const run = (k: typeof jsBackend | typeof backend) => {
          const y = randomFloats(rng, dtype, conv2dOutputSize(g));
          const dx = randomFloats(rng, dtype, conv2dInputSize(g));
          const dw = randomFloats(rng, dtype, conv2dWeightSize(g));
          const db = randomFloats(rng, dtype, g.outChannels);
          k.conv2dForward(x, w, b, y, g);
          k.conv2dBackwardInput(dy, w, dx, g);
          k.conv2dBackwardWeight(x, dy, dw, db, g);
          return { y, dx, dw, db };
        };
        const [ours, reference] = [run(backend), run(jsBackend)];
        for (const key of ['y', 'dx', 'dw', 'db'] as const) {
          expect(maxRelativeError(ours[key], reference[key]), `${key} ${label}`).toBeLessThan(
            agreement(dtype),
          );
        }
      }
    });
  }

  it('matmul agrees with js', () => {
    for (const [m, n, k] of [
      [3, 5, 7],
      [65, 33, 129],
    ]) {
      for (const transA of [false, true]) {
        const args = { m, n, k, transA, transB: !transA, accumulate: false };
        const a = randomFloats(rng, 'float32', m * k);
        const bm = randomFloats(rng, 'float32', k * n);
        const [ours, reference] = [new Float32Array(m * n), new Float32Array(m * n)];
        SIMD_TEST_PATHS[0][1].matmul(a, bm, ours, args);
        jsBackend.matmul(a, bm, reference, args);
        // float32: each is within one rounding (2^-24) per stored element of the float64 sum.
        expect(maxRelativeError(ours, reference), JSON.stringify(args)).toBeLessThan(1e-6);
      }
    }
  });
});
