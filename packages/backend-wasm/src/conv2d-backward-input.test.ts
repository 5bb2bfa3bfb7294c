import type { Conv2dGeometry } from '@scratchnet/tensor';
import { createRng } from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dBackwardInput,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { SIMD_TEST_PATHS, simdBackend } from './simd-test-paths';

const rng = createRng(11);
const inputSize = (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth;
const outputSize = (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth;

describe('wasm conv2dBackwardInput', () => {
  for (const [dtype, backend, kernels] of SIMD_TEST_PATHS) {
    it(`${dtype}, ${kernels} kernels: match the reference on random geometries of every kind`, () => {
      for (const c of randomConv2dCases(202, 54)) {
        const g = c.geometry;
        const dy = randomFloats(rng, dtype, outputSize(g));
        const w = randomFloats(
          rng,
          dtype,
          c.weightShape.reduce((p, d) => p * d, 1),
        );
        const dx = randomFloats(rng, dtype, inputSize(g)); // stale contents must be overwritten
        const expected = new Float64Array(dx.length);
        backend.conv2dBackwardInput(dy, w, dx, g);
        referenceConv2dBackwardInput(Float64Array.from(dy), Float64Array.from(w), expected, g);
        expect(maxRelativeError(dx, expected), `${c.kind} ${JSON.stringify(c)}`).toBeLessThan(
          CONV_TOLERANCE[dtype],
        );
      }
    });
  }

  it('is the gradient of Σ conv(x, w)·r with respect to x (central differences, float64)', () => {
    // The loss is linear in x, so central differences are exact up to rounding: ~1e-16·|loss| / h ≈ 1e-12.
    const h = 1e-3;
    for (const c of randomConv2dCases(303, 18)) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float64', inputSize(g));
      const w = randomFloats(
        rng,
        'float64',
        c.weightShape.reduce((p, d) => p * d, 1),
      );
      const r = randomFloats(rng, 'float64', outputSize(g));
      const y = new Float64Array(outputSize(g));
      const loss = () => {
        simdBackend.conv2dForward(x, w, null, y, g);
        return y.reduce((s, v, i) => s + v * r[i], 0);
      };
      const dx = new Float64Array(x.length);
      simdBackend.conv2dBackwardInput(r, w, dx, g);
      for (let t = 0; t < 6; t++) {
        const i = rng.int(x.length);
        const saved = x[i];
        x[i] = saved + h;
        const up = loss();
        x[i] = saved - h;
        const down = loss();
        x[i] = saved;
        expect((up - down) / (2 * h), `${c.kind} index ${i}`).toBeCloseTo(dx[i], 9);
      }
    }
  });
});
