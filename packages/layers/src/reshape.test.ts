import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Reshape } from './reshape';

describe('Reshape (per sample, the batch dimension kept)', () => {
  it('maps [N, …] to [N, ...shape] as a view, inferring one -1, and back', () => {
    const layer = new Reshape([-1, 4]);
    const x = Tensor.arange(0, 24).reshape([2, 12]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(y.data).toBe(x.data);
    expect(layer.backward(Tensor.ones([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new Reshape([3, 2, 2]).outputShape([5, 2, 6])).toEqual([5, 3, 2, 2]);
    expect(layer.config()).toEqual({ kind: 'Reshape', args: [[-1, 4]] });
  });

  it('names the layer, the input and the shape that does not fit', () => {
    expect(() => new Reshape([5, -1]).forward(Tensor.zeros([2, 12]))).toThrow(
      'Reshape([5, -1]): cannot reshape each sample of input [2, 12] (12 elements) into [5, -1]',
    );
    expect(() => new Reshape([4, 4]).forward(Tensor.zeros([2, 12]))).toThrow(
      'Reshape([4, 4]): cannot reshape each sample of input [2, 12] (12 elements) into [4, 4]',
    );
    expect(() => new Reshape([-1, -1])).toThrow(
      'Reshape: shape must be a non-empty array of positive integers with at most one -1, got [-1, -1]',
    );
    expect(() => new Reshape([])).toThrow('Reshape: shape must be a non-empty array');
    expect(() => new Reshape([0, 2])).toThrow('Reshape: shape must be a non-empty array');
  });
});
