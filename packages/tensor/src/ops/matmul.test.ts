import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { Tensor } from '../tensor';
import { matmul } from './matmul';

function naive(a: Tensor, b: Tensor): number[] {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p] * b.data[p * n + j];
      out.push(s);
    }
  return out;
}

describe('matmul (tensor op)', () => {
  const rng = createRng(11);
  const a = Tensor.randn([7, 5], { rng, dtype: 'float64' });
  const b = Tensor.randn([5, 3], { rng, dtype: 'float64' });

  it('multiplies with every transpose combination', () => {
    const expected = naive(a, b);
    const check = (t: Tensor) => {
      expect(t.shape).toEqual([7, 3]);
      // float64, k = 5: the sums differ only by rounding order, ~1e-15 relative.
      t.data.forEach((v, i) => {
        expect(Math.abs(v - expected[i])).toBeLessThan(1e-13);
      });
    };
    check(matmul(a, b));
    check(matmul(a.transpose(), b, { transA: true }));
    check(matmul(a, b.transpose(), { transB: true }));
    check(matmul(a.transpose(), b.transpose(), { transA: true, transB: true }));
  });

  it('names both shapes when the inner dimensions differ', () => {
    expect(() => matmul(a, a)).toThrow('matmul: inner dimensions differ: [7, 5] · [7, 5] (5 vs 7)');
    expect(() => matmul(a, b, { transB: true })).toThrow(
      'matmul: inner dimensions differ: [7, 5] · [5, 3]ᵀ (5 vs 3)',
    );
    expect(() => matmul(a.reshape([35]), b)).toThrow('matmul: operands must be 2-D, got [35] and [5, 3]');
    expect(() => matmul(a, b.astype('float32'))).toThrow('matmul: dtypes differ (float64 and float32)');
  });
});
