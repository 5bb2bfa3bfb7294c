import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import type { AttentionMasks } from './attention-mask';
import { gradcheck } from './gradcheck';
import { Sequential } from './sequential';
import { getStateDict, loadStateDict } from './state-dict';
import { describeEachBackend } from './test-support/backends';
import { TransformerEncoderLayer, type TransformerEncoderLayerOptions } from './transformer-encoder-layer';

const dtype = 'float64';

function encoder(options: TransformerEncoderLayerOptions = {}) {
  const layer = new TransformerEncoderLayer(8, 2, {
    dimFeedforward: 12,
    dropout: 0,
    seed: 2,
    dtype,
    ...options,
  });
  const rng = createRng(6);
  for (const p of layer.parameters())
    p.value.data.set(Tensor.randn(p.value.shape, { rng, dtype, std: 0.4 }).data);
  for (const p of layer.parameters().filter((p) => /norm\d\.weight/.test(p.name)))
    p.value.data.forEach((v, i, a) => {
      a[i] = 1 + v;
    });
  return layer;
}

const randn = (shape: number[], seed = 12) => Tensor.randn(shape, { rng: createRng(seed), dtype });

const withMasks = (layer: TransformerEncoderLayer, masks: AttentionMasks) => ({
  forward: (x: Tensor) => layer.forward(x, masks),
  backward: (dy: Tensor) => layer.backward(dy),
  parameters: () => layer.parameters(),
});

const variants: [TransformerEncoderLayerOptions, AttentionMasks][] = [
  [
    { normFirst: false, activation: 'relu' },
    {
      keyPaddingMask: [
        [false, false, true, true],
        [false, false, false, true],
      ],
    },
  ],
  [{ normFirst: false, activation: 'gelu', batchFirst: true }, { isCausal: true }],
  [
    { normFirst: true, activation: 'relu', batchFirst: true },
    {
      isCausal: true,
      keyPaddingMask: [
        [false, true, false, false],
        [false, false, false, true],
      ],
    },
  ],
  [
    { normFirst: true, activation: 'gelu' },
    { attnMask: Tensor.uniform([4, 4], { rng: createRng(1), low: -1, high: 1, dtype }) },
  ],
];

// float64 central differences: see gradcheck-all-layers.test.ts for why the defaults fit.
describeEachBackend('TransformerEncoderLayer gradients with masks (float64 gradcheck)', () => {
  for (const [options, masks] of variants) {
    it(`normFirst ${options.normFirst}, ${options.activation}, batchFirst ${!!options.batchFirst}, masks ${Object.keys(masks).join(' + ')}`, () => {
      const layer = encoder(options);
      const report = gradcheck(withMasks(layer, masks), randn(options.batchFirst ? [2, 4, 8] : [4, 2, 8]));
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(Object.keys(report.parameters).length).toBe(12);
    });
  }

  it('a Sequential passes the masks on to every encoder layer', () => {
    const [a, b] = [encoder({ seed: 3 }), encoder({ seed: 4, normFirst: true })];
    const masks = {
      keyPaddingMask: [
        [false, false, true, true],
        [false, false, false, false],
      ],
    };
    const x = randn([4, 2, 8]);
    const expected = b.forward(a.forward(x, masks), masks);
    const unmasked = b.forward(a.forward(x));
    const y = new Sequential(a, b).forward(x, masks);
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
    expect(Array.from(y.data)).not.toEqual(Array.from(unmasked.data));
  });

  it('drops out in training only, reproducibly from one seed', () => {
    const make = (seed: number) =>
      new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, dropout: 0.2, seed, dtype });
    const x = randn([4, 2, 8]);
    const trained = (seed: number) => Array.from(make(seed).forward(x, { training: true }).data);
    expect(trained(5)).toEqual(trained(5));
    const layer = make(5);
    const withoutDropout = new TransformerEncoderLayer(8, 2, {
      dimFeedforward: 12,
      dropout: 0,
      seed: 5,
      dtype,
    });
    loadStateDict(withoutDropout, getStateDict(layer));
    const evaluated = Array.from(layer.eval().forward(x).data);
    expect(evaluated).toEqual(Array.from(withoutDropout.forward(x).data));
    expect(trained(5)).not.toEqual(evaluated);
  });
});

describe('TransformerEncoderLayer as PyTorch builds it', () => {
  it('has PyTorch’s parameter names, in its order, and stores its options', () => {
    const layer = new TransformerEncoderLayer(16, 4, { seed: 1 });
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'self_attn.in_proj_weight [48,16]',
      'self_attn.in_proj_bias [48]',
      'self_attn.out_proj.weight [16,16]',
      'self_attn.out_proj.bias [16]',
      'linear1.weight [2048,16]',
      'linear1.bias [2048]',
      'linear2.weight [16,2048]',
      'linear2.bias [16]',
      'norm1.weight [16]',
      'norm1.bias [16]',
      'norm2.weight [16]',
      'norm2.bias [16]',
    ]);
    expect(
      new TransformerEncoderLayer(8, 2, { bias: false, seed: 1 }).parameters().map((p) => p.name),
    ).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.out_proj.weight',
      'linear1.weight',
      'linear2.weight',
      'norm1.weight',
      'norm2.weight',
    ]);
    expect(layer.config()).toEqual({
      kind: 'TransformerEncoderLayer',
      args: [
        16,
        4,
        {
          dimFeedforward: 2048,
          dropout: 0.1,
          activation: 'relu',
          layerNormEps: 1e-5,
          batchFirst: false,
          normFirst: false,
          bias: true,
          dtype: 'float32',
          seed: 1,
        },
      ],
    });
  });

  it('names itself, the argument and the value in its errors', () => {
    expect(() => new TransformerEncoderLayer(10, 4)).toThrow(
      'TransformerEncoderLayer(dModel=10, nhead=4): dModel (10) must be divisible by nhead (4)',
    );
    expect(() => new TransformerEncoderLayer(8, 2, { activation: 'tanh' as never })).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): activation must be one of relu, gelu, got "tanh"',
    );
    expect(() => new TransformerEncoderLayer(8, 2, { dropout: -0.1 })).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): dropout must be a probability in [0, 1), got -0.1',
    );
    expect(() => new TransformerEncoderLayer(8, 2, { dimFeedforward: 0 })).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): dimFeedforward must be a positive integer, got 0',
    );
    expect(() => new TransformerEncoderLayer(8, 2, { normFirst: 1 as never })).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): normFirst must be true or false, got 1',
    );
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 4, seed: 0, batchFirst: true });
    expect(() => layer.forward(Tensor.zeros([2, 3, 6]))).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): expected input [N, L, 8] (batchFirst true), got [2, 3, 6]',
    );
    expect(() => layer.forward(Tensor.zeros([2, 3, 8]), { keyPaddingMask: [[true]] })).toThrow(
      'keyPaddingMask must have shape [N, S] = [2, 3], got [1, 1]',
    );
    expect(() => layer.backward(Tensor.zeros([2, 3, 8]))).toThrow(
      'TransformerEncoderLayer(dModel=8, nhead=2): backward called before forward',
    );
  });
});
