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

  it('writes into out, or adds into it with accumulate, and returns it', () => {
    const expected = naive(a, b);
    const out = Tensor.full([7, 3], 1, { dtype: 'float64' });
    const data = out.data;
    expect(matmul(a, b, { out, accumulate: true })).toBe(out);
    expect(out.data).toBe(data);
    out.data.forEach((v, i) => {
      expect(Math.abs(v - (expected[i] + 1))).toBeLessThan(1e-13);
    });
    expect(matmul(a.transpose(), b, { transA: true, out })).toBe(out);
    out.data.forEach((v, i) => {
      expect(Math.abs(v - expected[i])).toBeLessThan(1e-13);
    });
  });

  it('says what is wrong with out', () => {
    const out = Tensor.zeros([7, 3], { dtype: 'float64' });
    expect(() => matmul(a, b, { accumulate: true })).toThrow(
      'matmul: accumulate needs an out tensor to add into',
    );
    expect(() => matmul(a, b, { out: out.data as never })).toThrow(
      'matmul: out must be a Tensor, got [object Float64Array]',
    );
    expect(() => matmul(a, b, { out: out.astype('float32') })).toThrow(
      'matmul: out is float32, the operands are float64',
    );
    expect(() => matmul(a, b, { out: out.reshape([3, 7]) })).toThrow(
      'matmul: out must have shape [7, 3] (the product), got [3, 7]',
    );
    const square = Tensor.randn([3, 3], { rng, dtype: 'float64' });
    expect(() => matmul(square, square, { out: square })).toThrow(
      'matmul: out shares memory with an operand; pass a separate tensor',
    );
    const shared = new Float64Array(18);
    const left = new Tensor(shared.subarray(0, 9), [3, 3]);
    const overlapping = new Tensor(shared.subarray(8, 17), [3, 3]);
    expect(() => matmul(left, square, { out: overlapping })).toThrow('shares memory');
    expect(matmul(left, square, { out: new Tensor(shared.subarray(9, 18), [3, 3]) }).shape).toEqual([3, 3]);
  });
});
