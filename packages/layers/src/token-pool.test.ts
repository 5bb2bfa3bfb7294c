import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { f64 } from './test-support/tensors';
import { TokenPool } from './token-pool';

describe('TokenPool', () => {
  const x = f64([1, 2, 3, 4, 5, 9, 10, 20, 30, 40, 50, 90], [2, 3, 2]);
  const dy = f64([3, 6, 9, 12], [2, 2]);

  it('mean: averages the tokens; each token gets dy / T', () => {
    const layer = new TokenPool('mean');
    expect(Array.from(layer.forward(x).data)).toEqual([3, 5, 30, 50]);
    expect(Array.from(layer.backward(dy).data)).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
  });

  it('first and last: one token passes, the others get no gradient', () => {
    const first = new TokenPool('first');
    expect(Array.from(first.forward(x).data)).toEqual([1, 2, 10, 20]);
    expect(Array.from(first.backward(dy).data)).toEqual([3, 6, 0, 0, 0, 0, 9, 12, 0, 0, 0, 0]);
    const last = new TokenPool('last');
    expect(Array.from(last.forward(x).data)).toEqual([5, 9, 50, 90]);
    expect(Array.from(last.backward(dy).data)).toEqual([0, 0, 0, 0, 3, 6, 0, 0, 0, 0, 9, 12]);
  });

  it('names the layer, the mode and the input', () => {
    expect(new TokenPool().config()).toEqual({ kind: 'TokenPool', args: ['mean'] });
    expect(() => new TokenPool('max' as never)).toThrow(
      'TokenPool: mode must be one of mean, first, last, got "max"',
    );
    expect(() => new TokenPool().forward(Tensor.zeros([2, 0, 4]))).toThrow(
      'TokenPool(mean): expected input [N, T, D] with T >= 1, got [2, 0, 4]',
    );
    expect(() => new TokenPool().forward(Tensor.zeros([2, 4]))).toThrow('got [2, 4]');
  });
});
