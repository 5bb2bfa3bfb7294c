import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor';
import { broadcastShapes } from './broadcast';
import { add, clamp, div, exp, log, maximum, minimum, mul, neg, sub } from './elementwise';

const t = (v: Parameters<typeof Tensor.from>[0], dtype: 'float32' | 'float64' = 'float64') =>
  Tensor.from(v, { dtype });

describe('broadcasting', () => {
  it('follows NumPy rules', () => {
    expect(broadcastShapes([2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes([4, 1, 5], [3, 1])).toEqual([4, 3, 5]);
    expect(broadcastShapes([], [2, 2])).toEqual([2, 2]);
    expect(() => broadcastShapes([2, 3], [2], 'add')).toThrow(
      'add: shapes [2, 3] and [2] cannot be broadcast together (axis 1: 3 vs 2)',
    );
  });

  it('adds a row, a column and a scalar against a direct loop', () => {
    const a = Tensor.arange(12, undefined, 1, { dtype: 'float64' }).reshape([3, 4]);
    const row = t([10, 20, 30, 40]);
    const col = t([[100], [200], [300]]);
    expect(add(a, row).toArray()).toEqual([
      [10, 21, 32, 43],
      [14, 25, 36, 47],
      [18, 29, 40, 51],
    ]);
    const outer = add(col, row);
    expect(outer.shape).toEqual([3, 4]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 4; j++) expect(outer.data[i * 4 + j]).toBe((i + 1) * 100 + (j + 1) * 10);
    expect(Array.from(mul(a, 2).data)).toEqual(Array.from(a.data, (v) => v * 2));
  });

  it('broadcasts in rank 3 with ones on both sides', () => {
    const a = Tensor.arange(6, undefined, 1, { dtype: 'float64' }).reshape([2, 1, 3]);
    const b = Tensor.arange(4, undefined, 1, { dtype: 'float64' }).reshape([4, 1]);
    const c = sub(a, b);
    expect(c.shape).toEqual([2, 4, 3]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++)
        for (let k = 0; k < 3; k++) expect(c.data[(i * 4 + j) * 3 + k]).toBe(i * 3 + k - j);
  });
});

describe('elementwise ops', () => {
  it('computes the unary and binary functions', () => {
    const x = t([1, -2, 0.5]);
    expect(Array.from(neg(x).data)).toEqual([-1, 2, -0.5]);
    expect(Array.from(exp(log(t([1, 2, 3]))).data).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([
      1, 2, 3,
    ]);
    expect(Array.from(div(x, t([2, 4, 0.5])).data)).toEqual([0.5, -0.5, 1]);
    expect(Array.from(clamp(x, -1, 0.75).data)).toEqual([0.75, -1, 0.5]);
    expect(Array.from(maximum(x, 0).data)).toEqual([1, 0, 0.5]);
    expect(Array.from(minimum(x, t([0, 0, 0])).data)).toEqual([0, -2, 0]);
    expect(Number.isNaN(maximum(t([Number.NaN]), 1).data[0])).toBe(true);
  });

  it('keeps float32 results in float32', () => {
    expect(add(t([1], 'float32'), t([2], 'float32')).data).toBeInstanceOf(Float32Array);
  });

  it('rejects mixed dtypes, non-tensors and bad clamp bounds', () => {
    expect(() => add(t([1], 'float32'), t([1], 'float64'))).toThrow(
      'add: dtypes differ (float32 and float64); convert one with .astype()',
    );
    expect(() => mul([1] as never, 2)).toThrow('mul: first operand must be a Tensor');
    expect(() => clamp(t([1]), 2, 1)).toThrow('clamp: need min <= max, got min=2, max=1');
    expect(() => add(t([1, 2]), t([1, 2, 3]))).toThrow(/cannot be broadcast together/);
  });
});
