import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from './batch-norm1d';
import { BatchNorm2d } from './batch-norm2d';
import { ConvTranspose2d } from './conv-transpose2d';
import { Conv2d } from './conv2d';
import { GroupNorm } from './group-norm';
import { LayerNorm } from './layer-norm';
import { Linear } from './linear';
import { Upsample } from './upsample';

const seed = 1;

describe('layers refuse tensors past the 2^28-element limit at once, naming layer, tensor and shape', () => {
  it('parameters and buffers too large to hold', () => {
    expect(() => new BatchNorm2d(2 ** 31)).toThrow(
      'BatchNorm2d(2147483648): weight of shape [2147483648] has 2147483648 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new BatchNorm1d(2 ** 31, { affine: false })).toThrow(
      'BatchNorm1d(2147483648): running_mean of shape [2147483648] has 2147483648 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new Linear(1e5, 1e5, { seed })).toThrow(
      'Linear(100000 -> 100000): weight of shape [100000, 100000] has 10000000000 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new Conv2d(1e5, 1e5, 3, { seed })).toThrow(
      'Conv2d(100000 -> 100000, kernel 3x3): weight of shape [100000, 100000, 3, 3] has 90000000000 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new ConvTranspose2d(1e5, 1e5, 3, { seed })).toThrow(
      'ConvTranspose2d(100000 -> 100000, kernel 3x3): weight of shape [100000, 100000, 3, 3] has 90000000000 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new LayerNorm([1e5, 1e5])).toThrow(
      'LayerNorm([100000, 100000]): weight of shape [100000, 100000] has 10000000000 elements, more than the 2^28 a tensor may hold',
    );
    expect(() => new GroupNorm(1, 2 ** 31)).toThrow(
      'GroupNorm(1, 2147483648): weight of shape [2147483648] has 2147483648 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('an output too large for the input given, before any work', () => {
    const wide = new Linear(1, 2 ** 20, { seed });
    expect(() => wide.forward(Tensor.zeros([8192, 1]))).toThrow(
      'Linear(1 -> 1048576): output of shape [8192, 1048576] has 8589934592 elements, more than the 2^28 a tensor may hold',
    );
    const deep = new Conv2d(1, 8192, 1, { seed });
    expect(() => deep.forward(Tensor.zeros([1, 1, 1024, 1024]))).toThrow(
      'Conv2d(1 -> 8192, kernel 1x1): output of shape [1, 8192, 1024, 1024] has 8589934592 elements, more than the 2^28 a tensor may hold',
    );
    const upsample = new Upsample({ scaleFactor: 1000 });
    expect(() => upsample.forward(Tensor.zeros([1, 1, 100, 100]))).toThrow(
      /^Upsample\(scaleFactor=\[1000, 1000\], mode=nearest\): output of shape \[1, 1, 100000, 100000\] has 10000000000 elements/,
    );
    expect(wide.forward(Tensor.zeros([2, 1])).shape).toEqual([2, 2 ** 20]);
  });
});
