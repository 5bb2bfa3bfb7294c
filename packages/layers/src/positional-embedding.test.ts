import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { PositionalEmbedding } from './positional-embedding';
import { f64 } from './test-support/tensors';

describe('PositionalEmbedding', () => {
  it('adds position t’s vector to token t of every sample; its gradient sums over the batch', () => {
    const layer = new PositionalEmbedding(3, 2, { seed: 0, dtype: 'float64' });
    layer.posEmbedding.value.data.set([10, 20, 30, 40, 50, 60]);
    const y = layer.forward(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]));
    expect(Array.from(y.data)).toEqual([11, 22, 33, 44, 15, 26, 37, 48]);
    const dx = layer.backward(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]));
    expect(Array.from(dx.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(layer.posEmbedding.grad.data)).toEqual([6, 8, 10, 12, 0, 0]);
  });

  it('is named and initialised as torchvision’s ViT pos_embedding: [1, length, dim] from N(0, 0.02²)', () => {
    const layer = new PositionalEmbedding(50, 40, { seed: 3 });
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'pos_embedding [1,50,40]',
    ]);
    const values = Array.from(layer.posEmbedding.value.data);
    const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    // 2000 draws: the sample std is within a few percent of 0.02.
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
    expect(layer.config()).toEqual({
      kind: 'PositionalEmbedding',
      args: [50, 40, { dtype: 'float32', seed: 3 }],
    });
  });

  it('names the layer and the input it expects', () => {
    const layer = new PositionalEmbedding(4, 8, { seed: 0 });
    expect(() => layer.forward(Tensor.zeros([2, 5, 8]))).toThrow(
      'PositionalEmbedding(4, 8): expected input [N, T, 8] with T <= 4, got [2, 5, 8]',
    );
    expect(() => layer.forward(Tensor.zeros([2, 8]))).toThrow(
      'expected input [N, T, 8] with T <= 4, got [2, 8]',
    );
    expect(() => new PositionalEmbedding(0, 8)).toThrow(
      'PositionalEmbedding: length must be a positive integer, got 0',
    );
    expect(() => new PositionalEmbedding(2 ** 20, 2 ** 10, { seed: 0 })).toThrow(
      'PositionalEmbedding(1048576, 1024): pos_embedding of shape [1, 1048576, 1024] has 1073741824 elements, more than the 2^28 a tensor may hold',
    );
  });
});
