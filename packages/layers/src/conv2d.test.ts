import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import { describeEachBackend } from './test-support/backends';
import { f64 } from './test-support/tensors';

describeEachBackend('Conv2d', () => {
  it('computes a hand-checked 2x2 convolution with padding and bias', () => {
    const conv = new Conv2d(1, 1, 2, { seed: 0, padding: [0, 1, 0, 0], dtype: 'float64' });
    conv.weight.value.data.set([1, 2, 3, 4]);
    conv.bias!.value.data.set([10]);
    // x = [[1, 2], [3, 4]], padded below by a row of zeros: windows at rows 0 and 1.
    const y = conv.forward(f64([1, 2, 3, 4], [1, 1, 2, 2]));
    expect(y.shape).toEqual([1, 1, 2, 1]);
    expect(Array.from(y.data)).toEqual([1 + 4 + 9 + 16 + 10, 3 + 8 + 10]);
    const dx = conv.backward(f64([1, 1], [1, 1, 2, 1]));
    expect(Array.from(dx.data)).toEqual([1, 2, 3 + 1, 4 + 2]);
    expect(Array.from(conv.weight.grad.data)).toEqual([1 + 3, 2 + 4, 3, 4]);
    expect(Array.from(conv.bias!.grad.data)).toEqual([2]);
  });

  it('gives the seeds’ output shapes', () => {
    expect(new Conv2d(3, 20, 2, { seed: 0 }).outputShape([10, 3, 7, 5])).toEqual([10, 20, 6, 4]);
    expect(new Conv2d(3, 20, 3, { seed: 0, padding: 1 }).outputShape([2, 3, 4, 5])).toEqual([2, 20, 4, 5]);
    expect(new Conv2d(1, 4, 3, { seed: 0 }).outputShape([50, 1, 28, 28])).toEqual([50, 4, 26, 26]);
    expect(new Conv2d(1, 4, 3, { seed: 0, padding: 'same' }).outputShape([50, 1, 28, 28])).toEqual([
      50, 4, 28, 28,
    ]);
    expect(new Conv2d(1, 4, 3, { seed: 0, stride: 2, padding: 1 }).outputShape([1, 1, 28, 28])).toEqual([
      1, 4, 14, 14,
    ]);
  });
});

describe('Conv2d errors', () => {
  const conv = new Conv2d(3, 8, 3, { seed: 0 });

  it('names the layer, the expected and the actual shape', () => {
    expect(() => conv.forward(Tensor.zeros([2, 4, 8, 8]))).toThrow(
      'Conv2d(3 -> 8, kernel 3x3): expected input [N, 3, H, W], got [2, 4, 8, 8]',
    );
    expect(() => conv.forward(Tensor.zeros([3, 8, 8]))).toThrow(
      'Conv2d(3 -> 8, kernel 3x3): expected input [N, 3, H, W], got [3, 8, 8]',
    );
    expect(() => conv.forward(Tensor.zeros([1, 3, 2, 2]))).toThrow(
      'Conv2d(3 -> 8, kernel 3x3): kernel 3x3 (dilation 1x1) is larger than the padded input 2x2 (input [1, 3, 2, 2])',
    );
    expect(() => conv.forward(Tensor.zeros([1, 3, 5, 5], { dtype: 'float64' }))).toThrow(
      'Conv2d(3 -> 8, kernel 3x3): expected float32 input',
    );
  });

  it('validates groups, stride and padding when built', () => {
    expect(() => new Conv2d(3, 8, 3, { seed: 0, groups: 2 })).toThrow(
      'groups (2) must divide inChannels (3) and outChannels (8)',
    );
    expect(() => new Conv2d(4, 8, 3, { seed: 0, stride: 2, padding: 'same' })).toThrow(
      "padding 'same' needs stride 1",
    );
    expect(() => new Conv2d(4, 8, 3, { seed: 0, padding: -1 })).toThrow(
      'padding top must be a non-negative integer',
    );
    expect(() => new Conv2d(4, 8, 0, { seed: 0 })).toThrow(
      'Conv2d: kernel height must be a positive integer, got 0',
    );
  });
});
