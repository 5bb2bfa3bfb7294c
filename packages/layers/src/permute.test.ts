import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Permute } from './permute';

describe('Permute (every axis, the batch axis included, as torchvision.ops.Permute)', () => {
  it('turns [L, N, E] into [N, L, E]; backward applies the inverse order', () => {
    const layer = new Permute([1, 0, 2]);
    const x = Tensor.arange(0, 12).reshape([3, 2, 2]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 3, 2]);
    expect(Array.from(y.data)).toEqual([0, 1, 4, 5, 8, 9, 2, 3, 6, 7, 10, 11]);
    expect(Array.from(layer.backward(y).data)).toEqual(Array.from(x.data));
  });

  it('resolves negative axes and undoes a rotation', () => {
    const layer = new Permute([-1, 0, 1]);
    expect(layer.dims).toEqual([2, 0, 1]);
    const x = Tensor.arange(0, 24).reshape([2, 3, 4]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([4, 2, 3]);
    expect(y.data[1 * 6 + 1 * 3 + 2]).toBe(x.data[1 * 12 + 2 * 4 + 1]);
    expect(Array.from(layer.backward(y).data)).toEqual(Array.from(x.data));
    expect(layer.config()).toEqual({ kind: 'Permute', args: [[-1, 0, 1]] });
  });

  it('names the layer, the dims and the input', () => {
    expect(() => new Permute([0, 0, 1])).toThrow(
      'Permute: dims must list each axis of the input once (0 … rank-1, or negative from the end), got [0, 0, 1]',
    );
    expect(() => new Permute([0, 3, 1])).toThrow('got [0, 3, 1]');
    expect(() => new Permute([])).toThrow('got []');
    expect(() => new Permute([1, 0]).forward(Tensor.zeros([2, 3, 4]))).toThrow(
      'Permute([1, 0]): expected input a tensor of rank 2, got [2, 3, 4]',
    );
  });
});
