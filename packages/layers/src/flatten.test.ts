import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Flatten } from './flatten';

describe('Flatten (the seeds’ Vectorization)', () => {
  it('maps [N, C, H, W] to [N, C·H·W] as a view and back', () => {
    const flatten = new Flatten();
    const x = Tensor.arange(0, 2 * 2 * 20 * 20).reshape([2, 2, 20, 20]);
    const y = flatten.forward(x);
    expect(y.shape).toEqual([2, 800]);
    expect(y.data).toBe(x.data);
    const dx = flatten.backward(Tensor.ones([2, 800]));
    expect(dx.shape).toEqual([2, 2, 20, 20]);
  });

  it('needs a batch dimension', () => {
    expect(() => new Flatten().forward(Tensor.zeros([5]))).toThrow(
      'Flatten(): expected input [N, ...] of rank >= 2, got [5]',
    );
  });
});
