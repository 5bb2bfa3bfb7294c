import { describe, expect, it } from 'vitest';
import type { DType } from '../../dtype';
import { createRng } from '../../rng';
import { maxRelativeError, randomFloats, referenceMatmul } from '../../testing/reference-kernels';
import { matmul } from './matmul';

const rng = createRng(20261206);

// Both sum each element's k products in float64; only the order differs (the reference reads
// op(B) in place, this kernel a transposed copy — same order, in fact), so float64 agrees to
// rounding (k·2⁻⁵³ of the scale) and float32 to the one final rounding (2⁻²⁴ ≈ 6e-8).
const TOLERANCE: Record<DType, number> = { float64: 1e-13, float32: 1e-7 };

describe('js matmul', () => {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    it(`${dtype}: matches the reference for every transpose and accumulate`, () => {
      for (const [m, n, k] of [
        [1, 1, 1],
        [1, 7, 5],
        [7, 1, 9],
        [13, 17, 19],
        [4, 3, 0],
      ]) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const accumulate of [false, true]) {
              const a = randomFloats(rng, dtype, m * k);
              const b = randomFloats(rng, dtype, k * n);
              const c = randomFloats(rng, dtype, m * n);
              const expected = Float64Array.from(c);
              const args = { m, n, k, transA, transB, accumulate };
              referenceMatmul(Float64Array.from(a), Float64Array.from(b), expected, args);
              matmul(a, b, c, args);
              expect(maxRelativeError(c, expected), JSON.stringify(args)).toBeLessThan(TOLERANCE[dtype]);
            }
          }
        }
      }
    });
  }

  it('names the sizes when an array is too short', () => {
    const args = { m: 2, n: 2, k: 2, transA: false, transB: false, accumulate: false };
    expect(() => matmul(new Float64Array(3), new Float64Array(4), new Float64Array(4), args)).toThrow(
      /A has 3, needs 4/,
    );
  });
});
