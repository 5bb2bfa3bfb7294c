import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor';
import { argmax, max, mean, sum } from './reduce';

const x = Tensor.arange(24, undefined, 1, { dtype: 'float64' }).reshape([2, 3, 4]);

describe('reductions', () => {
  it('sum over all elements and along each axis', () => {
    expect(sum(x).item()).toBe(276);
    expect(sum(x).shape).toEqual([]);
    expect(sum(x, 0).toArray()).toEqual([
      [12, 14, 16, 18],
      [20, 22, 24, 26],
      [28, 30, 32, 34],
    ]);
    expect(sum(x, 1).toArray()).toEqual([
      [12, 15, 18, 21],
      [48, 51, 54, 57],
    ]);
    expect(sum(x, -1, true).shape).toEqual([2, 3, 1]);
    expect(Array.from(sum(x, -1).data)).toEqual([6, 22, 38, 54, 70, 86]);
  });

  it('mean, max and argmax', () => {
    expect(mean(x).item()).toBe(11.5);
    expect(Array.from(mean(x, 2).data)).toEqual([1.5, 5.5, 9.5, 13.5, 17.5, 21.5]);
    expect(Array.from(max(x, 1).data)).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    const y = Tensor.from([
      [3, 7, 7, 1],
      [-5, -1, -9, -1],
    ]);
    expect(Array.from(argmax(y))).toEqual([1, 1]);
    expect(Array.from(argmax(y, 0))).toEqual([0, 0, 0, 0]);
  });

  it('propagates NaN like PyTorch', () => {
    const y = Tensor.from([1, Number.NaN, 3]);
    expect(Number.isNaN(max(y).item())).toBe(true);
    expect(Array.from(argmax(y))).toEqual([1]);
  });

  it('rejects bad axes and empty reductions', () => {
    expect(() => sum(x, 3)).toThrow('sum: axis 3 is out of range for a tensor of rank 3');
    expect(() => mean(Tensor.zeros([0]))).toThrow('mean: cannot reduce an empty tensor');
    expect(() => argmax(Tensor.zeros([2, 0]))).toThrow(/axis of length 0/);
  });
});
