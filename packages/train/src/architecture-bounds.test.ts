import {
  ClassToken,
  Embedding,
  GRU,
  LastStep,
  type Layer,
  Linear,
  LSTM,
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

const counted = (layer: Layer) => layer.parameters().reduce((total, p) => total + p.value.size, 0);

describe('declaredParameters', () => {
  it('counts exactly what the sequence layers hold, in every configuration', () => {
    const layers: Layer[] = [
      new Embedding(11, 5),
      new Embedding(7, 3, { paddingIdx: 0 }),
      new LSTM(3, 4),
      new LSTM(3, 4, { numLayers: 3, bidirectional: true }),
      new LSTM(2, 5, { numLayers: 2, bias: false, batchFirst: true }),
      new GRU(6, 2),
      new GRU(3, 4, { numLayers: 2, bidirectional: true, bias: false }),
      new Sequential(new Embedding(9, 4), new GRU(4, 3, { numLayers: 2 }), new LastStep(), new Linear(3, 2)),
    ];
    for (const layer of layers)
      expect(declaredParameters(layer.config()), String(layer)).toBe(counted(layer));
  });
});

describe('a sequence classifier in a model file', () => {
  it('saves and loads with its weights: the same predictions, bit for bit', () => {
    const model = new Sequential(
      new Embedding(9, 4, { seed: 1, paddingIdx: 0 }),
      new LSTM(4, 3, { seed: 2, numLayers: 2, bidirectional: true, batchFirst: true }),
      new LastStep({ batchFirst: true }),
      new Linear(6, 2, { seed: 3 }),
    );
    const { json, weights } = serializeModel(model);
    const loaded = deserializeModel(json, weights);
    const ids = Tensor.from([1, 4, 8, 0, 2, 2, 7, 3], [2, 4]);
    expect(Array.from(loaded.forward(ids).data)).toEqual(Array.from(model.eval().forward(ids).data));
    expect(Object.keys(loaded.stateDict())).toContain('1.weight_hh_l1_reverse');
  });
});

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
      expect(declaredParameters(layer.config()), `${layer}`).toBe(counted(layer));
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
    expect(declaredParameters(model.config())).toBe(counted(model));
    const loaded = deserializeModel(saved.json, saved.weights).eval();
    const x = Tensor.uniform([2, 1, 4, 4], { rng });
    expect(Array.from(loaded.forward(x).data)).toEqual(Array.from(model.forward(x).data));
  });
});
