import { createRng } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { applyRows, rowProgram } from './winograd-row-program';
import { winogradTransforms } from './winograd-transforms';

describe('Winograd row programs', () => {
  const rng = createRng(3);

  function check(m: Float64Array, rows: number, cols: number) {
    const count = 5;
    const program = rowProgram(m, rows, cols);
    // Rows strided by 7·count in src and 3·count in dst, with junk between, to check the offsets.
    const src = Float64Array.from({ length: cols * 7 * count + 2 }, () => rng.normal());
    const dst = Float64Array.from({ length: rows * 3 * count + 1 }, () => rng.normal());
    applyRows(program, src, 2, 7 * count, dst, 1, 3 * count, count);
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < count; t++) {
        let expected = 0;
        for (let l = 0; l < cols; l++) expected += m[i * cols + l] * src[2 + l * 7 * count + t];
        // float64: a handful of products of O(1) terms, reassociated by the even/odd split.
        expect(dst[1 + i * 3 * count + t]).toBeCloseTo(expected, 12);
      }
    }
    return program;
  }

  it('computes M·src for the Winograd transforms and pairs the rows of ±p', () => {
    for (const [mm, r] of [
      [4, 3],
      [4, 5],
      [2, 3],
    ]) {
      const t = winogradTransforms(mm, r);
      const bt = check(t.bt, t.n, t.n);
      // Bᵀ: rows of 0 and ∞ alone, the other n − 2 rows in ± pairs.
      expect(bt.row.length).toBe(2 + (t.n - 2) / 2);
      check(t.at, t.m, t.n);
    }
  });

  it('keeps rows that do not mirror each other apart, and handles zero rows', () => {
    const m = Float64Array.from([1, 2, 3, 0, 0, 0, 1, -2, 3, -1, 2, 3]);
    const program = check(m, 4, 3);
    // Row 2 mirrors row 0 (σ = 1: +, −, +); row 3 matches σ = −1 in its first two entries only, so it stays alone.
    expect([...program.pair]).toEqual([2, -1, -1]);
  });
});
