import { expect } from 'vitest';

const EPS32 = 2 ** -23;

/**
 * Checks a float32 kernel result against a float64 reference, element by element.
 * `magnitude[i]` is the same reference run on absolute values (the sum of |terms| of element i),
 * and `terms` the reduction length. Float32 rounding in a sum of `terms` products with mixed
 * signs grows like sqrt(terms)·eps32 relative to that magnitude; the factor 8 covers the blocked
 * orders of summation in GEMM and the final rounding of the output.
 */
export function expectCloseToReference(
  what: string,
  actual: Float32Array,
  expected: Float64Array,
  magnitude: Float64Array,
  terms: number,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = 8 * EPS32 * Math.sqrt(Math.max(terms, 1));
  for (let i = 0; i < expected.length; i++) {
    const tolerance = scale * magnitude[i] + 1e-30;
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tolerance)) {
      expect.fail(
        `${what}[${i}]: native ${actual[i]}, reference ${expected[i]}, tolerance ${tolerance.toExponential(2)}`,
      );
    }
  }
}

/** float32 values in [-1, 1) from a seeded generator, with their float64 copy and absolute values. */
export function seededInputs(next: () => number, length: number) {
  const f32 = new Float32Array(length);
  for (let i = 0; i < length; i++) f32[i] = 2 * next() - 1;
  const f64 = Float64Array.from(f32);
  return { f32, f64, abs: f64.map(Math.abs) };
}
