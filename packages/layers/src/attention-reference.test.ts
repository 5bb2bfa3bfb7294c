import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import type { AttentionMask, AttentionMasks } from './attention-mask';
import type { Layer } from './layer';
import type { MultiheadAttention } from './multihead-attention';
import { layerFromConfig } from './registry';
import { loadStateDict } from './state-dict';
import { describeEachBackend } from './test-support/backends';
import { expectClose, maxAbs } from './test-support/expect-close';
import {
  decode,
  decodeAll,
  type EncodedTensor,
  type FixtureCase,
  fixtureCases,
} from './test-support/fixtures';

/** A case of fixtures/generate_attention.py: one input `x`, or query, key and value, with masks. */
interface AttentionCase extends FixtureCase {
  inputs?: Record<string, EncodedTensor>;
  masks?: Record<string, EncodedTensor | boolean[][] | boolean>;
  dInputs?: Record<string, EncodedTensor>;
  weights?: EncodedTensor;
  averageAttnWeights?: boolean;
}

/**
 * float32 against PyTorch's float32 on the same float32 inputs and weights. Sums here have at most
 * 12 terms and each value passes through a handful of roundings (projections, softmax, the attention
 * product, LayerNorm's 1/σ), each a few float32 ulps (6e-8 relative) that may be summed in another
 * order: 1e-5 relative, with an absolute floor of 1e-5·max|tensor| for elements that cancel to near
 * zero, as for the other PyTorch fixtures. The largest difference seen is under 2% of that bound,
 * while a masking or indexing error moves elements by 1e-2 or more.
 */
function check(actual: Tensor, encoded: EncodedTensor, label: string): void {
  const expected = decode(encoded);
  expectClose(actual, expected, { rtol: 1e-5, atol: 1e-5 * Math.max(maxAbs(expected), 1e-2) }, label);
}

function decodeMask(mask: EncodedTensor | boolean[][] | boolean): AttentionMask | boolean {
  if (typeof mask === 'boolean' || Array.isArray(mask)) return mask;
  return decode(mask);
}

function masksOf(c: AttentionCase): AttentionMasks {
  return Object.fromEntries(Object.entries(c.masks ?? {}).map(([k, v]) => [k, decodeMask(v)]));
}

function runCase(c: AttentionCase): void {
  const layer: Layer = layerFromConfig(c.config, { seed: 0 });
  loadStateDict(layer, decodeAll(c.state));
  const options = { ...masksOf(c), training: false };
  const inputs = c.inputs ?? { x: c.x };
  const dy = decode(c.dy);
  let y: Tensor;
  let dInputs: Record<string, Tensor>;
  if ('x' in inputs) {
    y = layer.forward(decode(inputs.x), options);
    dInputs = { x: layer.backward(dy) };
  } else {
    const attention = layer as MultiheadAttention;
    const [query, key, value] = [inputs.query, inputs.key, inputs.value].map((t) => decode(t));
    const result = attention.attention(query, key, value, {
      ...options,
      averageAttnWeights: c.averageAttnWeights,
    });
    y = result.output;
    if (c.weights) check(result.weights as Tensor, c.weights, 'attention weights');
    const { dq, dk, dv } = attention.attentionBackward(dy);
    dInputs = { query: dq, key: dk, value: dv };
  }
  if (c.weights && 'x' in inputs) {
    const average = c.averageAttnWeights !== false;
    check((layer as MultiheadAttention).attentionWeights({ average }), c.weights, 'attention weights');
  }
  check(y, c.y, 'y');
  const expectedDx = c.dInputs ?? { x: c.dx };
  expect(Object.keys(dInputs).sort()).toEqual(Object.keys(expectedDx).sort());
  for (const [name, grad] of Object.entries(expectedDx)) check(dInputs[name], grad, `d${name}`);
  const params = new Map(layer.parameters().map((p) => [p.name, p]));
  expect([...params.keys()].sort()).toEqual(Object.keys(c.grads).sort());
  for (const [name, grad] of Object.entries(c.grads)) check(params.get(name)!.grad, grad, `grad ${name}`);
}

const cases = fixtureCases('attention.json') as AttentionCase[];

describeEachBackend('PyTorch reference: attention, encoder and token layers (float32)', () => {
  for (const c of cases) it(c.name, () => runCase(c));
});

describe('attention fixture sanity', () => {
  it('every case holds a non-trivial output and gradient', () => {
    for (const c of cases) {
      expect(maxAbs(Tensor.from(c.y.data)), c.name).toBeGreaterThan(1e-2);
      for (const grad of Object.values(c.grads))
        expect(maxAbs(Tensor.from(grad.data)), c.name).toBeGreaterThan(1e-3);
    }
  });

  it('covers masks of every kind, both layouts and both encoder variants', () => {
    const configs = cases.map((c) => JSON.stringify(c.config));
    const maskKinds = cases.flatMap((c) =>
      Object.entries(c.masks ?? {}).map(([k, v]) => `${k}:${Array.isArray(v) ? 'bool' : typeof v}`),
    );
    for (const kind of ['keyPaddingMask:bool', 'attnMask:bool', 'attnMask:object', 'isCausal:boolean'])
      expect(maskKinds).toContain(kind);
    for (const text of [
      '"normFirst":true',
      '"normFirst":false',
      '"gelu"',
      '"relu"',
      '"batchFirst":true',
      '"batchFirst":false',
    ])
      expect(
        configs.some((c) => c.includes(text)),
        text,
      ).toBe(true);
  });
});
