import { createRng } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { winogradTransforms } from './winograd-transforms';

describe('winogradTransforms', () => {
  const rng = createRng(11);
  for (const [m, r] of [
    [2, 3],
    [4, 3],
    [6, 3],
    [2, 5],
    [4, 5],
    [1, 1],
    [3, 1],
  ] as const) {
    it(`F(${m}, ${r}): Aᵀ[(G·g) ⊙ (Bᵀ·d)] is the correlation of d and g`, () => {
      const { n, at, g: G, bt } = winogradTransforms(m, r);
      expect(n).toBe(m + r - 1);
      for (let trial = 0; trial < 20; trial++) {
        const d = Float64Array.from({ length: n }, () => rng.normal());
        const g = Float64Array.from({ length: r }, () => rng.normal());
        const u = Array.from({ length: n }, (_, i) => g.reduce((s, gk, k) => s + G[i * r + k] * gk, 0));
        const v = Array.from({ length: n }, (_, i) => d.reduce((s, dj, j) => s + bt[i * n + j] * dj, 0));
        for (let i = 0; i < m; i++) {
          const y = u.reduce((s, ui, j) => s + at[i * n + j] * ui * v[j], 0);
          let direct = 0;
          let scale = 0;
          for (let k = 0; k < r; k++) {
            direct += d[i + k] * g[k];
            scale += Math.abs(d[i + k] * g[k]);
          }
          // float64, transforms with entries up to 2⁶ in magnitude: a few hundred ulps of the sum's scale.
          expect(Math.abs(y - direct)).toBeLessThan(1e-13 * Math.max(1, scale));
        }
      }
    });
  }

  it('has the textbook F(2, 3) Bᵀ and Aᵀ up to row scaling (Lavin & Gray)', () => {
    const { at, bt } = winogradTransforms(2, 3);
    // Points 0, 1, −1, ∞: Aᵀ = [[1, 1, 1, 0], [0, 1, −1, 1]].
    expect([...at]).toEqual([1, 1, 1, 0, 0, 1, -1, 1]);
    // Bᵀ rows are the textbook rows [1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, −1, 0, 1] scaled by the Lagrange weights.
    const rows = [
      [1, 0, -1, 0],
      [0, 1, 1, 0],
      [0, -1, 1, 0],
      [0, -1, 0, 1],
    ];
    for (let i = 0; i < 4; i++) {
      const row = [...bt.subarray(i * 4, i * 4 + 4)];
      const k = row.find((v) => v !== 0)! / rows[i].find((v) => v !== 0)!;
      expect(row.map((v) => v / k)).toEqual(rows[i]);
    }
  });

  it('rejects sizes it has no points for', () => {
    expect(() => winogradTransforms(8, 5)).toThrow(/F\(8, 5\) needs/);
    expect(() => winogradTransforms(0, 3)).toThrow(/F\(0, 3\)/);
  });
});
