import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import { PatchEmbedding } from './patch-embedding';
import { describeEachBackend } from './test-support/backends';

describeEachBackend('PatchEmbedding', () => {
  it('is a Conv2d with kernel = stride = patch, its grid read as tokens row by row', () => {
    const layer = new PatchEmbedding(2, 3, [2, 3], { seed: 1, dtype: 'float64' });
    const conv = new Conv2d(2, 3, [2, 3], { stride: [2, 3], seed: 1, dtype: 'float64' });
    const x = Tensor.randn([2, 2, 4, 6], { rng: createRng(2), dtype: 'float64' });
    const y = layer.forward(x);
    const grid = conv.forward(x);
    expect(y.shape).toEqual([2, 4, 3]);
    for (let n = 0; n < 2; n++)
      for (let t = 0; t < 4; t++)
        for (let c = 0; c < 3; c++) expect(y.data[(n * 4 + t) * 3 + c]).toBe(grid.data[(n * 3 + c) * 4 + t]);
  });
});

describe('PatchEmbedding names and errors', () => {
  it('has timm’s parameter names proj.weight and proj.bias', () => {
    const layer = new PatchEmbedding(3, 16, 4, { seed: 0 });
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'proj.weight [16,3,4,4]',
      'proj.bias [16]',
    ]);
    expect(layer.config()).toEqual({
      kind: 'PatchEmbedding',
      args: [3, 16, [4, 4], { bias: true, dtype: 'float32', init: 'default', seed: 0 }],
    });
  });

  it('names the layer, the patch size and the input', () => {
    const layer = new PatchEmbedding(3, 8, 4, { seed: 0 });
    expect(() => layer.forward(Tensor.zeros([1, 3, 10, 8]))).toThrow(
      'PatchEmbedding(3 -> 8, patch 4x4): expected input [N, 3, H, W] with H a multiple of 4 and W of 4, got [1, 3, 10, 8]',
    );
    expect(() => layer.forward(Tensor.zeros([1, 1, 8, 8]))).toThrow('got [1, 1, 8, 8]');
    expect(() => new PatchEmbedding(3, 8, [4] as never)).toThrow(
      'PatchEmbedding: patchSize must be a positive integer or [height, width], got [4]',
    );
    expect(() => new PatchEmbedding(3, 8, 0)).toThrow(
      'PatchEmbedding: patch height must be a positive integer, got 0',
    );
    expect(() => layer.backward(Tensor.zeros([1, 4, 8]))).toThrow(
      'PatchEmbedding(3 -> 8, patch 4x4): backward called before forward',
    );
  });
});
