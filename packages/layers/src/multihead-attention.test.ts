import {
  concat,
  createRng,
  jsBackend,
  type MatmulArgs,
  registerBackend,
  setBackend,
  split,
  Tensor,
} from '@scratchnet/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { type AttentionMasks, causalMask } from './attention-mask';
import { gradcheck } from './gradcheck';
import { MultiheadAttention, type MultiheadAttentionOptions } from './multihead-attention';
import { describeEachBackend } from './test-support/backends';
import { expectClose } from './test-support/expect-close';

const dtype = 'float64';

function attention(embedDim: number, heads: number, options: MultiheadAttentionOptions = {}) {
  const layer = new MultiheadAttention(embedDim, heads, { seed: 3, dtype, ...options });
  const rng = createRng(9);
  // Non-zero biases, so that reading a bias from the wrong rows shows.
  for (const p of layer.parameters())
    p.value.data.set(Tensor.randn(p.value.shape, { rng, dtype, std: 0.4 }).data);
  return layer;
}

const randn = (shape: number[], seed = 11) => Tensor.randn(shape, { rng: createRng(seed), dtype });

/**
 * query, key and value stacked along the sequence axis of one input, so that gradcheck checks dq,
 * dk and dv of `attention(q, k, v)` together (attentionBackward's results concatenated the same way).
 */
function crossAttention(layer: MultiheadAttention, lengths: [number, number, number], masks: AttentionMasks) {
  const axis = layer.batchFirst ? 1 : 0;
  return {
    forward: (x: Tensor) => {
      const [q, k, v] = split(x, lengths, axis);
      return layer.attention(q, k, v, { ...masks, needWeights: false }).output;
    },
    backward: (dy: Tensor) => {
      const { dq, dk, dv } = layer.attentionBackward(dy);
      return concat([dq, dk, dv], axis);
    },
    parameters: () => layer.parameters(),
  };
}

const withMasks = (layer: MultiheadAttention, masks: AttentionMasks) => ({
  forward: (x: Tensor) => layer.forward(x, masks),
  backward: (dy: Tensor) => layer.backward(dy),
  parameters: () => layer.parameters(),
});

const padding = [
  [false, false, true, true],
  [false, false, false, false],
  [false, true, false, true],
];

// float64 central differences: see gradcheck-all-layers.test.ts for why the defaults fit.
describeEachBackend('MultiheadAttention gradients with masks (float64 gradcheck)', () => {
  for (const batchFirst of [false, true]) {
    const shape = batchFirst ? [3, 4, 8] : [4, 3, 8];
    it(`key padding + isCausal, batchFirst ${batchFirst}`, () => {
      const layer = attention(8, 2, { batchFirst });
      const report = gradcheck(withMasks(layer, { keyPaddingMask: padding, isCausal: true }), randn(shape));
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(Object.keys(report.parameters)).toEqual([
        'in_proj_weight',
        'in_proj_bias',
        'out_proj.weight',
        'out_proj.bias',
      ]);
    });

    it(`query/key/value with a per-head float attnMask and key padding, batchFirst ${batchFirst}`, () => {
      const layer = attention(6, 3, { batchFirst });
      const [N, L, S] = [2, 3, 4];
      const attnMask = Tensor.uniform([N * 3, L, S], { rng: createRng(4), low: -2, high: 1, dtype });
      attnMask.data[5] = Number.NEGATIVE_INFINITY;
      const keyPaddingMask = [
        [false, false, false, true],
        [true, false, false, false],
      ];
      const x = randn(batchFirst ? [N, L + 2 * S, 6] : [L + 2 * S, N, 6]);
      const report = gradcheck(crossAttention(layer, [L, S, S], { attnMask, keyPaddingMask }), x);
      expect(report.ok, JSON.stringify(report)).toBe(true);
    });
  }

  it('a fully masked query row passes no gradient and no NaN', () => {
    const layer = attention(4, 2);
    const attnMask = [
      [false, true, true],
      [true, true, true],
      [false, false, true],
    ];
    const masked = withMasks(layer, { attnMask });
    const report = gradcheck(masked, randn([3, 2, 4]));
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const y = masked.forward(randn([3, 2, 4]));
    expect(y.data.every(Number.isFinite)).toBe(true);
  });
});

describeEachBackend('MultiheadAttention', () => {
  it('with identity projections and one head it is softmax(x·xᵀ/√E)·x', () => {
    const E = 3;
    const layer = new MultiheadAttention(E, 1, { seed: 0, dtype, batchFirst: true });
    const eye = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    layer.inProjWeight.value.data.set([...eye, ...eye, ...eye]);
    layer.outProj.weight.value.data.set(eye);
    const x = randn([1, 4, E]);
    const rows = [0, 1, 2, 3].map((i) => Array.from(x.data.subarray(i * E, i * E + E)));
    const expected = rows.map((qi) => {
      const scores = rows.map((kj) => kj.reduce((s, v, c) => s + v * qi[c], 0) / Math.sqrt(E));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, b) => a + b, 0);
      return [0, 1, 2].map((c) => rows.reduce((s, vj, j) => s + (e[j] / total) * vj[c], 0));
    });
    expectClose(
      layer.forward(x),
      Tensor.from(expected.flat(), [1, 4, E], { dtype }),
      { rtol: 1e-12, atol: 1e-14 },
      'y',
    );
  });

  it('boolean masks equal additive −Infinity masks; isCausal equals causalMask', () => {
    const layer = attention(8, 2);
    const x = randn([4, 3, 8]);
    const causal = layer.forward(x, { isCausal: true });
    expect(Array.from(layer.forward(x, { attnMask: causalMask(4, { dtype }) }).data)).toEqual(
      Array.from(causal.data),
    );
    const bool = [0, 1, 2, 3].map((l) => [0, 1, 2, 3].map((s) => s > l));
    expect(Array.from(layer.forward(x, { attnMask: bool }).data)).toEqual(Array.from(causal.data));
    const additive = Tensor.from(
      padding.flat().map((p) => (p ? Number.NEGATIVE_INFINITY : 0)),
      [3, 4],
      { dtype },
    );
    const padded = layer.forward(x, { keyPaddingMask: padding });
    expect(Array.from(layer.forward(x, { keyPaddingMask: additive }).data)).toEqual(Array.from(padded.data));
    // isCausal with the causal attnMask (PyTorch's requirement) is the same as either alone.
    expect(Array.from(layer.forward(x, { isCausal: true, attnMask: bool }).data)).toEqual(
      Array.from(causal.data),
    );
  });

  it('masked keys get zero weight, rows sum to one, weights average over heads or not', () => {
    const layer = attention(8, 2, { batchFirst: true });
    const x = randn([3, 4, 8]);
    const { weights } = layer.attention(x, x, x, { keyPaddingMask: padding, isCausal: true });
    const perHead = layer.attentionWeights({ average: false });
    expect(weights?.shape).toEqual([3, 4, 4]);
    expect(perHead.shape).toEqual([3, 2, 4, 4]);
    const w = weights as Tensor;
    for (let n = 0; n < 3; n++) {
      for (let l = 0; l < 4; l++) {
        let total = 0;
        for (let s = 0; s < 4; s++) {
          const value = w.data[(n * 4 + l) * 4 + s];
          if (padding[n][s] || s > l) expect(value).toBe(0);
          total += value;
          const mean =
            (perHead.data[((n * 2 + 0) * 4 + l) * 4 + s] + perHead.data[((n * 2 + 1) * 4 + l) * 4 + s]) / 2;
          expect(value).toBeCloseTo(mean, 14);
        }
        // Row 0 of sample 0 sees key 0 only; sample 2's row 0 too; every row has a key to see.
        expect(total).toBeCloseTo(1, 12);
      }
    }
    expect(layer.attention(x, x, x, { needWeights: false }).weights).toBeNull();
  });

  it('a fully masked row gets zero weights and the output bias (PyTorch’s scaled_dot_product_attention), not NaN', () => {
    const layer = attention(4, 2, { batchFirst: true });
    const x = randn([2, 3, 4]);
    const { output, weights } = layer.attention(x, x, x, {
      keyPaddingMask: [
        [false, false, true],
        [true, true, true],
      ],
    });
    expect(Array.from((weights as Tensor).data.subarray(9))).toEqual(new Array(9).fill(0));
    const bias = Array.from(layer.outProj.bias!.value.data);
    expect(Array.from(output.data.subarray(12))).toEqual([...bias, ...bias, ...bias]);
    expect(output.data.every(Number.isFinite)).toBe(true);
  });

  it('drops attention weights in training only, from its generator', () => {
    const run = (training: boolean, seed: number) => {
      const layer = attention(8, 2, { dropout: 0.5 });
      layer.rng = createRng(seed);
      const x = randn([3, 2, 8]);
      return { y: Array.from(layer.forward(x, { training }).data), weights: layer.attentionWeights() };
    };
    expect(run(true, 1).y).toEqual(run(true, 1).y);
    expect(run(true, 1).y).not.toEqual(run(true, 2).y);
    expect(run(false, 1).y).toEqual(run(false, 2).y);
    expect(run(true, 1).y).not.toEqual(run(false, 1).y);
    // Kept weights are scaled by 1 / (1 − p) = 2, dropped ones are 0 (PyTorch returns them after dropout).
    const perHead = attention(8, 2, { dropout: 0.5 });
    perHead.forward(randn([3, 2, 8]), { training: true });
    const dropped = perHead.attentionWeights({ average: false }).data;
    perHead.forward(randn([3, 2, 8]), { training: false });
    const plain = perHead.attentionWeights({ average: false }).data;
    expect(dropped.some((w) => w === 0)).toBe(true);
    dropped.forEach((w, i) => {
      expect(w === 0 || Math.abs(w - 2 * plain[i]) < 1e-12).toBe(true);
    });
  });
});

describe('MultiheadAttention: parameters and initialisation as PyTorch', () => {
  it('names, shapes and init: xavier_uniform in_proj_weight, zero biases, Linear out_proj', () => {
    const layer = new MultiheadAttention(16, 4, { seed: 1 });
    expect(layer.parameters().map((p) => `${p.name} [${p.value.shape}]`)).toEqual([
      'in_proj_weight [48,16]',
      'in_proj_bias [48]',
      'out_proj.weight [16,16]',
      'out_proj.bias [16]',
    ]);
    const [w, b, ow, ob] = layer.parameters().map((p) => Array.from(p.value.data));
    const xavier = Math.sqrt(6 / (16 + 48));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(xavier);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * xavier);
    expect(Math.max(...ow.map(Math.abs))).toBeLessThanOrEqual(1 / 4); // kaiming_uniform(a=√5): 1/√fanIn
    expect([...b, ...ob].every((v) => v === 0)).toBe(true);
    expect(new MultiheadAttention(8, 2, { seed: 1, bias: false }).parameters().map((p) => p.name)).toEqual([
      'in_proj_weight',
      'out_proj.weight',
    ]);
    expect(layer.config()).toEqual({
      kind: 'MultiheadAttention',
      args: [16, 4, { batchFirst: false, dropout: 0, bias: true, dtype: 'float32', seed: 1 }],
    });
  });
});

describe('MultiheadAttention and the backend registry', () => {
  afterEach(() => setBackend('js'));

  it('runs every product through matmul: 3 projections, 2 per head, out_proj; backward 2 + 4 per head + 3 + 3 + out_proj bias', () => {
    const calls: MatmulArgs[] = [];
    registerBackend({
      name: 'attention-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      matmul(a, b, c, args) {
        calls.push(args);
        jsBackend.matmul(a, b, c, args);
      },
    });
    setBackend('attention-spy');
    const layer = new MultiheadAttention(8, 2, { seed: 1 });
    const y = layer.forward(Tensor.ones([5, 3, 8]));
    const heads = 3 * 2;
    expect(calls.length).toBe(3 + 2 * heads + 1);
    calls.length = 0;
    layer.backward(y);
    expect(calls.length).toBe(2 + 4 * heads + 3 + 3 + 1);
  });
});

describe('MultiheadAttention errors', () => {
  const layer = new MultiheadAttention(8, 2, { seed: 0 });
  const x = Tensor.zeros([4, 3, 8]);

  it('validates its constructor arguments', () => {
    expect(() => new MultiheadAttention(10, 4)).toThrow(
      'MultiheadAttention(embedDim=10, numHeads=4): embedDim (10) must be divisible by numHeads (4)',
    );
    expect(() => new MultiheadAttention(0, 1)).toThrow(
      'MultiheadAttention: embedDim must be a positive integer, got 0',
    );
    expect(() => new MultiheadAttention(8, 2.5)).toThrow(
      'MultiheadAttention: numHeads must be a positive integer, got 2.5',
    );
    expect(() => new MultiheadAttention(8, 2, { dropout: 1 })).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): dropout must be a probability in [0, 1), got 1',
    );
    expect(() => new MultiheadAttention(8, 2, { batchFirst: 'yes' as never })).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): batchFirst must be true or false, got "yes"',
    );
    expect(() => new MultiheadAttention(2 ** 15, 1)).toThrow(
      'MultiheadAttention(embedDim=32768, numHeads=1): in_proj_weight of shape [98304, 32768] has 3221225472 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('names the input, the expected layout and the shape it got', () => {
    expect(() => layer.forward(Tensor.zeros([4, 8]))).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): expected input [L, N, 8] (batchFirst false), got [4, 8]',
    );
    expect(() => new MultiheadAttention(8, 2, { batchFirst: true }).forward(Tensor.zeros([2, 3, 6]))).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): expected input [N, L, 8] (batchFirst true), got [2, 3, 6]',
    );
    expect(() => layer.forward(x.astype('float64'))).toThrow(
      'expected float32 input (the dtype of its parameters), got float64 input of shape [4, 3, 8]',
    );
    expect(() => layer.attention(x, Tensor.zeros([5, 2, 8]), Tensor.zeros([5, 2, 8]))).toThrow(
      "MultiheadAttention(embedDim=8, numHeads=2): expected key [S, N, 8] with the query's N = 3, got [5, 2, 8]",
    );
    expect(() => layer.attention(x, Tensor.zeros([5, 3, 8]), Tensor.zeros([4, 3, 8]))).toThrow(
      "MultiheadAttention(embedDim=8, numHeads=2): value must have the key's shape [5, 3, 8], got [4, 3, 8]",
    );
  });

  it('names the mask, the shapes it may have, and what is wrong with it', () => {
    expect(() => layer.forward(x, { keyPaddingMask: [[false, true]] })).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): keyPaddingMask must have shape [N, S] = [3, 4], got [1, 2]',
    );
    expect(() => layer.forward(x, { attnMask: Tensor.zeros([4, 5]) })).toThrow(
      'attnMask must have shape [L, S] = [4, 4] or [N·numHeads, L, S] = [6, 4, 4], got [4, 5]',
    );
    expect(() => layer.forward(x, { attnMask: Tensor.zeros([4, 4], { dtype: 'float64' }) })).toThrow(
      "attnMask is a float64 Tensor; a float mask must have the layer's dtype float32 (or give booleans, true = ignore)",
    );
    const numbers = [0, 1, 2].map(() => [0, 0, 1, 0]);
    expect(() => layer.forward(x, { keyPaddingMask: numbers as never })).toThrow(
      'keyPaddingMask holds 0 at [0, 0]; a mask is a float Tensor or nested arrays of booleans (true = ignore)',
    );
    const ragged = [[false, false, false, false], [false], [false, false, false, false]];
    expect(() => layer.forward(x, { keyPaddingMask: ragged })).toThrow(
      'keyPaddingMask is ragged: the entry at [1] is not an array of 4',
    );
    expect(() => layer.forward(x, { keyPaddingMask: 'all' as never })).toThrow(
      'keyPaddingMask must be a float Tensor (added to the scores) or nested arrays of booleans (true = ignore), got "all"',
    );
    expect(() => layer.forward(x, { isCausal: 1 as never })).toThrow('isCausal must be true or false, got 1');
  });

  it('refuses scores it could not hold, before any work', () => {
    expect(() => layer.forward(Tensor.zeros([20000, 1, 8]))).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): attention weights of shape [2, 20000, 20000] has 800000000 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('backward: before forward, after cross-attention, and dy of the wrong shape', () => {
    const fresh = new MultiheadAttention(8, 2, { seed: 0 });
    expect(() => fresh.backward(x)).toThrow(
      'MultiheadAttention(embedDim=8, numHeads=2): backward called before forward',
    );
    expect(() => fresh.attentionWeights()).toThrow('attentionWeights called before forward');
    fresh.attention(x, Tensor.zeros([5, 3, 8]), Tensor.zeros([5, 3, 8]));
    expect(() => fresh.backward(x)).toThrow(
      'backward(dy) follows self-attention; after attention(query, key, value) with different tensors call attentionBackward(dy)',
    );
    expect(() => fresh.attentionBackward(Tensor.zeros([4, 3, 7]))).toThrow(
      'attentionBackward expected dy of the output shape [4, 3, 8], got [4, 3, 7]',
    );
    expect(fresh.attentionBackward(x).dk.shape).toEqual([5, 3, 8]);
  });
});
