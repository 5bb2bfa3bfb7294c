import {
  ClassToken,
  type Layer,
  Linear,
  MultiheadAttention,
  PatchEmbedding,
  PositionalEmbedding,
  Sequential,
  TokenPool,
  TransformerEncoderLayer,
} from '@scratchnet/layers';
import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { declaredParameters } from './architecture-bounds';
import { deserializeModel, serializeModel } from './model-format';

const count = (layer: Layer) => layer.parameters().reduce((total, p) => total + p.value.size, 0);

describe('declaredParameters of the attention and token layers', () => {
  it('is the number of values their parameters hold', () => {
    const seed = 0;
    for (const layer of [
      new MultiheadAttention(12, 3, { seed }),
      new TransformerEncoderLayer(8, 2, { seed }),
      new TransformerEncoderLayer(8, 4, { dimFeedforward: 20, seed }),
      new PositionalEmbedding(7, 5, { seed }),
      new PatchEmbedding(3, 6, [2, 4], { seed }),
      new PatchEmbedding(2, 5, 3, { seed }),
      new ClassToken(9),
    ]) {
      expect(declaredParameters(layer.config()), `${layer}`).toBe(count(layer));
    }
  });
});

describe('a small vision transformer in a model file', () => {
  it('round-trips with the same predictions, its declared parameters being its own', () => {
    const rng = createRng(3);
    const model = new Sequential(
      new PatchEmbedding(1, 8, 2, { rng }),
      new ClassToken(8),
      new PositionalEmbedding(5, 8, { rng }),
      new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, normFirst: true, rng }),
      new TokenPool('first'),
      new Linear(8, 3, { rng }),
    ).eval();
    const saved = serializeModel(model);
    expect(declaredParameters(model.config())).toBe(count(model));
    const loaded = deserializeModel(saved.json, saved.weights).eval();
    const x = Tensor.uniform([2, 1, 4, 4], { rng });
    expect(Array.from(loaded.forward(x).data)).toEqual(Array.from(model.forward(x).data));
  });
});
