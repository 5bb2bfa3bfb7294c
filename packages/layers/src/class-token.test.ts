import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { ClassToken } from './class-token';
import { f64 } from './test-support/tensors';

describe('ClassToken', () => {
  it('puts the learned token in front of every sequence; backward splits the gradient', () => {
    const layer = new ClassToken(2, { dtype: 'float64' });
    expect(Array.from(layer.classToken.value.data)).toEqual([0, 0]);
    layer.classToken.value.data.set([9, 8]);
    const y = layer.forward(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]));
    expect(y.shape).toEqual([2, 3, 2]);
    expect(Array.from(y.data)).toEqual([9, 8, 1, 2, 3, 4, 9, 8, 5, 6, 7, 8]);
    const dx = layer.backward(f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]));
    expect(Array.from(dx.data)).toEqual([3, 4, 5, 6, 9, 10, 11, 12]);
    expect(Array.from(layer.classToken.grad.data)).toEqual([1 + 7, 2 + 8]);
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual(['class_token [1,1,2]']);
  });

  it('names the layer and the input it expects', () => {
    expect(() => new ClassToken(4).forward(Tensor.zeros([2, 3, 5]))).toThrow(
      'ClassToken(4): expected input [N, T, 4], got [2, 3, 5]',
    );
    expect(() => new ClassToken(-1)).toThrow('ClassToken: dim must be a positive integer, got -1');
  });
});
