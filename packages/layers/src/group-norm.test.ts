import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { GroupNorm } from './group-norm';
import { LayerNorm } from './layer-norm';
import { f64 } from './test-support/tensors';

describe('GroupNorm', () => {
  it('normalises groups of consecutive channels of each sample, then applies weight and bias per channel', () => {
    const layer = new GroupNorm(2, 4, { dtype: 'float64', eps: 1e-12 });
    layer.weight!.value.data.set([1, 2, 3, 4]);
    layer.bias!.value.data.set([0, 0, 100, 100]);
    // Channels 0-1 hold [1, 3] and [1, 3] (mean 2, std 1); channels 2-3 hold [0, 0] and [4, 4] (mean 2, std 2).
    const y = layer.forward(f64([1, 3, 1, 3, 0, 0, 4, 4], [1, 4, 2]));
    expect(Array.from(y.data).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([
      -1, 1, -2, 2, 97, 97, 104, 104,
    ]);
  });

  it('with one group and no affine map equals LayerNorm over [C, *]', () => {
    const x = Tensor.randn([3, 4, 2, 2], { dtype: 'float64' });
    const group = new GroupNorm(1, 4, { dtype: 'float64', affine: false }).forward(x);
    const layer = new LayerNorm([4, 2, 2], { dtype: 'float64', elementwiseAffine: false }).forward(x);
    expect(Array.from(group.data)).toEqual(Array.from(layer.data));
  });

  it('has PyTorch parameter names, shapes and config', () => {
    expect(new GroupNorm(2, 6).parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'weight [6]',
      'bias [6]',
    ]);
    expect(new GroupNorm(3, 6, { affine: false }).parameters()).toEqual([]);
    expect(new GroupNorm(2, 6).config()).toEqual({
      kind: 'GroupNorm',
      args: [2, 6, { eps: 1e-5, affine: true, dtype: 'float32' }],
    });
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new GroupNorm(0, 4)).toThrow('GroupNorm: numGroups must be a positive integer, got 0');
    expect(() => new GroupNorm(2, Number.NaN)).toThrow(
      'GroupNorm: numChannels must be a positive integer, got NaN',
    );
    expect(() => new GroupNorm(3, 4)).toThrow(
      'GroupNorm: numChannels (4) must be divisible by numGroups (3)',
    );
    expect(() => new GroupNorm(2, 4, { eps: -1 })).toThrow('GroupNorm(2, 4): eps must be positive, got -1');
    expect(() => new GroupNorm(2, 4, 'x' as never)).toThrow(
      'GroupNorm: options must be an object, got string "x"',
    );
    const layer = new GroupNorm(2, 4);
    expect(() => layer.forward(Tensor.zeros([2, 3, 5]))).toThrow(
      'GroupNorm(2, 4): expected input [N, 4, *], got [2, 3, 5]',
    );
    expect(() => layer.forward(Tensor.zeros([4]))).toThrow(
      'GroupNorm(2, 4): expected input [N, 4, *], got [4]',
    );
  });
});
