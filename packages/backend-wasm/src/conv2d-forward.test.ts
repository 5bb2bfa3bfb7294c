import { createRng, resolveConv2dGeometry } from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dForward,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { SIMD_TEST_PATHS, simdBackend } from './simd-test-paths';

const rng = createRng(7);

describe('wasm conv2dForward', () => {
  it('computes a hand-checked 3×3 * 2×2 example with bias', () => {
    const g = resolveConv2dGeometry([1, 1, 3, 3], [1, 1, 2, 2]);
    const y = new Float64Array(4);
    simdBackend.conv2dForward(
      Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      Float64Array.from([1, 0, 0, -1]),
      Float64Array.from([10]),
      y,
      g,
    );
    // Each output is x[i, j] − x[i + 1, j + 1] + 10 = −4 + 10.
    expect([...y]).toEqual([6, 6, 6, 6]);
  });

  for (const [dtype, backend, kernels] of SIMD_TEST_PATHS) {
    it(`${dtype}, ${kernels} kernels: match the reference on random geometries of every kind`, () => {
      for (const [i, c] of randomConv2dCases(101, 54).entries()) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, g.batch * g.inChannels * g.inHeight * g.inWidth);
        const w = randomFloats(
          rng,
          dtype,
          c.weightShape.reduce((p, d) => p * d, 1),
        );
        const bias = i % 2 === 0 ? randomFloats(rng, dtype, g.outChannels) : null;
        const size = g.batch * g.outChannels * g.outHeight * g.outWidth;
        const y = randomFloats(rng, dtype, size); // stale contents must be overwritten
        const expected = new Float64Array(size);
        backend.conv2dForward(x, w, bias, y, g);
        referenceConv2dForward(
          Float64Array.from(x),
          Float64Array.from(w),
          bias && Float64Array.from(bias),
          expected,
          g,
        );
        expect(maxRelativeError(y, expected), `${c.kind} ${JSON.stringify(c)}`).toBeLessThan(
          CONV_TOLERANCE[dtype],
        );
      }
    });
  }
});
