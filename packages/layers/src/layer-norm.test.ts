import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { LayerNorm } from './layer-norm';
import { f64 } from './test-support/tensors';

describe('LayerNorm', () => {
  it('normalises each sample over the trailing shape, then applies weight and bias per element', () => {
    const layer = new LayerNorm(2, { dtype: 'float64', eps: 1e-12 });
    layer.weight!.value.data.set([2, 3]);
    layer.bias!.value.data.set([10, 20]);
    // Rows [1, 3] and [5, 4]: mean 2 and 4.5, biased std 1 and 0.5, so x̂ = [-1, 1] and [1, -1].
    const y = layer.forward(f64([1, 3, 5, 4], [2, 2]));
    expect(Array.from(y.data).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([8, 23, 12, 17]);
  });

  it('has PyTorch parameter names and shapes for each option', () => {
    const names = (layer: LayerNorm) => layer.parameters().map((p) => `${p.name} [${p.value.shape}]`);
    expect(names(new LayerNorm([3, 4]))).toEqual(['weight [3,4]', 'bias [3,4]']);
    expect(names(new LayerNorm(5, { bias: false }))).toEqual(['weight [5]']);
    expect(names(new LayerNorm(5, { elementwiseAffine: false }))).toEqual([]);
    expect(new LayerNorm([3, 4]).config()).toEqual({
      kind: 'LayerNorm',
      args: [[3, 4], { eps: 1e-5, elementwiseAffine: true, bias: true, dtype: 'float32' }],
    });
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new LayerNorm(0)).toThrow('LayerNorm: normalizedShape[0] must be a positive integer, got 0');
    expect(() => new LayerNorm([4, 2.5])).toThrow(
      'LayerNorm: normalizedShape[1] must be a positive integer, got 2.5',
    );
    expect(() => new LayerNorm([])).toThrow(
      'LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got []',
    );
    expect(() => new LayerNorm(4, { eps: 0 })).toThrow('LayerNorm([4]): eps must be positive, got 0');
    expect(() => new LayerNorm(4, { eps: Number.NaN })).toThrow(
      'LayerNorm([4]): eps must be a finite number, got NaN',
    );
    expect(() => new LayerNorm(4, { dtype: 'int8' as never })).toThrow(
      `LayerNorm([4]): dtype must be 'float32' or 'float64', got "int8"`,
    );
    expect(() => new LayerNorm(4, [] as never)).toThrow('LayerNorm: options must be an object, got an array');
    const layer = new LayerNorm([3, 4]);
    expect(() => layer.forward(Tensor.zeros([2, 4, 3]))).toThrow(
      'LayerNorm([3, 4]): expected input [*, 3, 4], got [2, 4, 3]',
    );
    expect(() => layer.forward(Tensor.zeros([4]))).toThrow(
      'LayerNorm([3, 4]): expected input [*, 3, 4], got [4]',
    );
    expect(() => layer.forward(Tensor.zeros([3, 4], { dtype: 'float64' }))).toThrow(
      'LayerNorm([3, 4]): expected float32 input (the dtype of its parameters), got float64',
    );
  });
});
