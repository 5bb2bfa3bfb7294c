import {
  allocateFor,
  type DType,
  type FloatArray,
  formatShape,
  formatValue,
  matmul,
  type Rng,
  type RngOptions,
  resolveRng,
  Tensor,
  validateShape,
} from '@scratchnet/tensor';
import { additiveMask } from './attention-mask';
import { checkDy, type NamedChildren } from './children';
import { Container } from './container';
import { initWeight } from './init';
import { type ForwardOptions, requireTensor } from './layer';
import { type JsonValue, jsonOptions, type LayerConfig } from './layer-config';
import { Linear } from './linear';
import { createParameter, type Parameter } from './parameter';
import { addRowBias, sumRows } from './row-bias';
import { sameShape } from './same-shape';
import {
  type AttentionWeights,
  attendHeads,
  attendHeadsBackward,
  type HeadGeometry,
  type ScoreMasks,
} from './scaled-dot-product-attention';
import { checkDtypeArg, dropProbability, optionsObject, positiveInteger } from './validate-args';

export interface MultiheadAttentionOptions extends RngOptions {
  /** Sequences as [N, L, E] instead of PyTorch's default [L, N, E]. */
  batchFirst?: boolean;
  /** Probability of dropping each attention weight in training (default 0). */
  dropout?: number;
  /** `in_proj_bias` and `out_proj.bias` (default true). */
  bias?: boolean;
  dtype?: DType;
}

/** The masks, and whether (and how) `attention` returns the weights, as PyTorch's forward arguments. */
export interface AttentionOptions extends ForwardOptions {
  /** Return the attention weights (default true, as PyTorch's `need_weights`). */
  needWeights?: boolean;
  /** Weights averaged over the heads [N, L, S] (default), else per head [N, numHeads, L, S]. */
  averageAttnWeights?: boolean;
}

export interface AttentionResult {
  output: Tensor;
  weights: Tensor | null;
}

export interface AttentionGradients {
  dq: Tensor;
  dk: Tensor;
  dv: Tensor;
}

interface AttentionCache {
  inputs: [Tensor, Tensor, Tensor];
  geometry: HeadGeometry;
  heads: [FloatArray, FloatArray, FloatArray];
  weights: AttentionWeights;
  output: { shape: readonly number[]; dtype: DType };
}

type InputGradients = 'separate' | 'sum' | 'none';

const describe = (embedDim: unknown, numHeads: unknown) =>
  `MultiheadAttention(embedDim=${formatValue(embedDim)}, numHeads=${formatValue(numHeads)})`;

function booleanOption(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`${owner}: ${name} must be true or false, got ${formatValue(value)}`);
  return value;
}

/**
 * PyTorch's nn.MultiheadAttention: queries, keys and values are projected by `in_proj_weight`
 * [3E, E] (rows: query, key, value) and `in_proj_bias` [3E], split into `numHeads` heads of E / numHeads,
 * attended as softmax(Q·Kᵀ / √d + masks)·V, joined and projected by `out_proj` (a Linear E -> E).
 * As a layer, `forward(x)` is self-attention (masks may come in the options); `attention(q, k, v)`
 * is the general form and `attentionBackward(dy)` returns its dq, dk and dv. Inputs are [L, N, E]
 * (or [N, L, E] with `batchFirst`); batched input only. The generator `rng` initialises the weights and
 * then draws the attention dropout; it is public, so a check can replace it to replay a mask.
 */
export class MultiheadAttention extends Container {
  readonly kind = 'MultiheadAttention';
  readonly children: NamedChildren;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly dtype: DType;
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter | null;
  readonly outProj: Linear;
  rng: Rng;
  private cache: AttentionCache | undefined;
  private readonly configArgs: JsonValue[];

  constructor(embedDim: number, numHeads: number, rawOptions: MultiheadAttentionOptions = {}) {
    positiveInteger('MultiheadAttention', 'embedDim', embedDim);
    positiveInteger('MultiheadAttention', 'numHeads', numHeads);
    const label = describe(embedDim, numHeads);
    if (embedDim % numHeads !== 0) {
      throw new Error(`${label}: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    const options = optionsObject(label, rawOptions);
    const { batchFirst = false, dropout = 0, bias = true, dtype = 'float32' } = options;
    super();
    this.dtype = checkDtypeArg(label, dtype);
    dropProbability(label, 'dropout', dropout);
    this.batchFirst = booleanOption(label, 'batchFirst', batchFirst);
    booleanOption(label, 'bias', bias);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.dropout = dropout;
    this.rng = resolveRng(label, options);
    const weightShape = [3 * embedDim, embedDim];
    validateShape(label, weightShape, 'in_proj_weight');
    // PyTorch's _reset_parameters: xavier_uniform_ on in_proj_weight, zero biases; out_proj keeps Linear's weight init.
    this.inProjWeight = createParameter('in_proj_weight', initWeight(weightShape, 'xavier', this.rng, dtype));
    this.inProjBias = bias ? createParameter('in_proj_bias', Tensor.zeros([3 * embedDim], { dtype })) : null;
    this.outProj = new Linear(embedDim, embedDim, { rng: this.rng, dtype, bias });
    this.outProj.bias?.value.data.fill(0);
    this.children = [['out_proj', this.outProj]];
    const seed = options.rng ? undefined : options.seed;
    this.configArgs = [embedDim, numHeads, jsonOptions({ batchFirst, dropout, bias, dtype, seed })];
  }

  toString(): string {
    return describe(this.embedDim, this.numHeads);
  }

  /** Its own in_proj_weight and in_proj_bias, then out_proj's, in PyTorch's order. */
  override parameters(): Parameter[] {
    const own = this.inProjBias ? [this.inProjWeight, this.inProjBias] : [this.inProjWeight];
    return [...own, ...super.parameters()];
  }

  config(): LayerConfig {
    return { kind: this.kind, args: structuredClone(this.configArgs) };
  }

  /** "[L, N, 8]" or "[N, L, 8]": a sequence in this layer's layout. */
  private layout(length: string): string {
    return this.batchFirst ? `[N, ${length}, ${this.embedDim}]` : `[${length}, N, ${this.embedDim}]`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3 || inputShape[2] !== this.embedDim) {
      throw new Error(
        `${this}: expected input ${this.layout('L')} (batchFirst ${this.batchFirst}), got ${formatShape(inputShape)}`,
      );
    }
    return [...inputShape];
  }

  /** Self-attention: `attention(x, x, x, options).output`. */
  forward(x: Tensor, options: AttentionOptions = {}): Tensor {
    requireTensor(`${this}: forward`, 'input', x);
    this.outputShape(x.shape);
    return this.run([x, x, x], options);
  }

  /** PyTorch's forward(query, key, value, …): the output [L, N, E] and, unless `needWeights` is false, the weights. */
  attention(query: Tensor, key: Tensor, value: Tensor, options: AttentionOptions = {}): AttentionResult {
    const output = this.run([query, key, value], options);
    const { needWeights = true, averageAttnWeights = true } = options;
    const weights = booleanOption(`${this}`, 'needWeights', needWeights)
      ? this.attentionWeights({ average: averageAttnWeights })
      : null;
    return { output, weights };
  }

  /**
   * The weights of the last forward (after dropout, as PyTorch returns them): averaged over the
   * heads [N, L, S], or per head [N, numHeads, L, S] with `average: false`.
   */
  attentionWeights({ average = true }: { average?: boolean } = {}): Tensor {
    const cache = this.cache;
    if (!cache) throw new Error(`${this}: attentionWeights called before forward`);
    const { batch: N, heads: H, queries: L, keys: S } = cache.geometry;
    const weights = cache.weights.dropped;
    if (!booleanOption(`${this}`, 'average', average)) return new Tensor(weights.slice(), [N, H, L, S]);
    const mean = allocateFor(`${this}`, this.dtype, [N, L, S], 'averaged attention weights');
    const block = L * S;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < block; i++) {
        let total = 0;
        for (let h = 0; h < H; h++) total += weights[(n * H + h) * block + i];
        mean[n * block + i] = total / H;
      }
    }
    return new Tensor(mean, [N, L, S]);
  }

  /** dx of self-attention (dq + dk + dv); after `attention(q, k, v)` with different tensors use `attentionBackward`. */
  backward(dy: Tensor): Tensor {
    const [q, k, v] = this.cache?.inputs ?? [];
    if (q && !(q === k && k === v)) {
      throw new Error(
        `${this}: backward(dy) follows self-attention; after attention(query, key, value) with different tensors call attentionBackward(dy)`,
      );
    }
    return this.gradients('backward', dy, 'sum') as Tensor;
  }

  backwardParameters(dy: Tensor): void {
    this.gradients('backwardParameters', dy, 'none');
  }

  /** The gradients of the last forward with respect to query, key and value (each in its own shape). */
  attentionBackward(dy: Tensor): AttentionGradients {
    return this.gradients('attentionBackward', dy, 'separate') as AttentionGradients;
  }

  private run(inputs: [Tensor, Tensor, Tensor], options: AttentionOptions): Tensor {
    const geometry = this.checkInputs(inputs);
    const masks = this.scoreMasks(options, geometry);
    const { batch: N, queries: L, keys: S } = geometry;
    const heads = inputs.map((x, i) => this.toHeads(this.project(x, i), i === 0 ? L : S, N)) as [
      FloatArray,
      FloatArray,
      FloatArray,
    ];
    const training = options.training ?? this.training;
    const dropout = training && this.dropout > 0 ? { p: this.dropout, rng: this.rng } : null;
    const { out, weights } = attendHeads(`${this}`, heads[0], heads[1], heads[2], geometry, masks, dropout);
    const joined = new Tensor(this.fromHeads(out, L, N), [N * L, this.embedDim]);
    const y = this.outProj.forward(joined).reshape(inputs[0].shape);
    this.cache = { inputs, geometry, heads, weights, output: { shape: y.shape, dtype: y.dtype } };
    return y;
  }

  private checkInputs([query, key, value]: [Tensor, Tensor, Tensor]): HeadGeometry {
    const self = query === key && key === value;
    const names = self ? ['input', 'input', 'input'] : ['query', 'key', 'value'];
    [query, key, value].forEach((t, i) => {
      requireTensor(`${this}: forward`, names[i], t);
      if (t.dtype !== this.dtype) {
        throw new Error(
          `${this}: expected ${this.dtype} ${names[i]} (the dtype of its parameters), got ${t.dtype} ${names[i]} of shape ${formatShape(t.shape)}`,
        );
      }
    });
    const fits = (t: Tensor) => t.rank === 3 && t.shape[2] === this.embedDim;
    const batchAxis = this.batchFirst ? 0 : 1;
    if (!fits(query)) {
      throw new Error(
        `${this}: expected ${names[0]} ${this.layout('L')} (batchFirst ${this.batchFirst}), got ${formatShape(query.shape)}`,
      );
    }
    const N = query.shape[batchAxis];
    if (!fits(key) || key.shape[batchAxis] !== N) {
      throw new Error(
        `${this}: expected key ${this.layout('S')} with the query's N = ${N}, got ${formatShape(key.shape)}`,
      );
    }
    if (!sameShape(key.shape, value.shape)) {
      throw new Error(
        `${this}: value must have the key's shape ${formatShape(key.shape)}, got ${formatShape(value.shape)}`,
      );
    }
    const length = (t: Tensor) => t.shape[1 - batchAxis];
    const geometry = {
      batch: N,
      heads: this.numHeads,
      queries: length(query),
      keys: length(key),
      headDim: this.headDim,
    };
    // Refuse before any work when the scores could not be held.
    validateShape(`${this}`, [N * this.numHeads, geometry.queries, geometry.keys], 'attention weights');
    return geometry;
  }

  private scoreMasks(options: AttentionOptions, g: HeadGeometry): ScoreMasks {
    const { batch: N, queries: L, keys: S } = g;
    const { attnMask, keyPaddingMask, isCausal = false } = options;
    const attnShapes = [
      { shape: [L, S], label: '[L, S]' },
      { shape: [N * this.numHeads, L, S], label: '[N·numHeads, L, S]' },
    ];
    const owner = `${this}`;
    return {
      attn: attnMask == null ? null : additiveMask(owner, 'attnMask', attnMask, attnShapes, this.dtype),
      keyPadding:
        keyPaddingMask == null
          ? null
          : additiveMask(
              owner,
              'keyPaddingMask',
              keyPaddingMask,
              [{ shape: [N, S], label: '[N, S]' }],
              this.dtype,
            ),
      causal: booleanOption(owner, 'isCausal', isCausal),
    };
  }

  /** Rows `part` (0 query, 1 key, 2 value) of in_proj_weight [3E, E], or of its gradient, as [E, E]. */
  private weightPart(tensor: Tensor, part: number): Tensor {
    const size = this.embedDim * this.embedDim;
    return new Tensor(tensor.data.subarray(part * size, (part + 1) * size), [this.embedDim, this.embedDim]);
  }

  /** x·W_partᵀ + b_part over the tokens of x, as rows [tokens, E]. */
  private project(x: Tensor, part: number): Tensor {
    const E = this.embedDim;
    const rows = x.size / E;
    const y = matmul(x.reshape([rows, E]), this.weightPart(this.inProjWeight.value, part), { transB: true });
    if (this.inProjBias)
      addRowBias(y.data, this.inProjBias.value.data.subarray(part * E, (part + 1) * E), rows);
    return y;
  }

  /** Token rows [tokens, E] in the input's layout -> head-major [N·numHeads, length, headDim]. */
  private toHeads(tokens: Tensor | FloatArray, length: number, batch: number): FloatArray {
    const data = tokens instanceof Tensor ? tokens.data : tokens;
    const heads = allocateFor(`${this}`, this.dtype, [batch * this.numHeads, length, this.headDim], 'heads');
    this.moveHeads(data, heads, length, batch, true);
    return heads;
  }

  private fromHeads(heads: FloatArray, length: number, batch: number): FloatArray {
    const tokens = allocateFor(`${this}`, this.dtype, [batch * length, this.embedDim], 'joined heads');
    this.moveHeads(tokens, heads, length, batch, false);
    return tokens;
  }

  private moveHeads(tokens: FloatArray, heads: FloatArray, length: number, batch: number, toHeads: boolean) {
    const [E, H, d] = [this.embedDim, this.numHeads, this.headDim];
    for (let n = 0; n < batch; n++) {
      for (let l = 0; l < length; l++) {
        const row = (this.batchFirst ? n * length + l : l * batch + n) * E;
        for (let h = 0; h < H; h++) {
          const [t, o] = [row + h * d, ((n * H + h) * length + l) * d];
          if (toHeads) for (let c = 0; c < d; c++) heads[o + c] = tokens[t + c];
          else for (let c = 0; c < d; c++) tokens[t + c] = heads[o + c];
        }
      }
    }
  }

  /**
   * Adds the parameter gradients of the last forward and returns the input gradients asked for:
   * each of dq, dk, dv, their sum (self-attention), or none.
   */
  private gradients(op: string, dy: Tensor, want: InputGradients): AttentionGradients | Tensor | undefined {
    requireTensor(`${this}: ${op}`, 'dy', dy);
    checkDy(`${this}`, op, dy, this.cache?.output);
    const { inputs, geometry, heads, weights } = this.cache as AttentionCache;
    const { batch: N, queries: L, keys: S } = geometry;
    const E = this.embedDim;
    const dJoined = this.outProj.backward(dy.reshape([N * L, E]));
    const dHeads = this.toHeads(dJoined, L, N);
    const d = attendHeadsBackward(`${this}`, dHeads, heads[0], heads[1], heads[2], geometry, weights);
    const dProjected = [d.dq, d.dk, d.dv].map(
      (g, i) => new Tensor(this.fromHeads(g, i === 0 ? L : S, N), [N * (i === 0 ? L : S), E]),
    );
    dProjected.forEach((g, part) => {
      const x = inputs[part].reshape(g.shape);
      matmul(g, x, { transA: true, out: this.weightPart(this.inProjWeight.grad, part), accumulate: true });
      if (this.inProjBias) {
        const sums = sumRows(g.data, g.shape[0], E);
        const grad = this.inProjBias.grad.data;
        for (let j = 0; j < E; j++) grad[part * E + j] += sums[j];
      }
    });
    if (want === 'none') return undefined;
    const weight = (part: number) => this.weightPart(this.inProjWeight.value, part);
    if (want === 'sum') {
      const dx = matmul(dProjected[0], weight(0));
      for (const part of [1, 2]) matmul(dProjected[part], weight(part), { out: dx, accumulate: true });
      return dx.reshape(inputs[0].shape);
    }
    const [dq, dk, dv] = dProjected.map((g, part) => matmul(g, weight(part)).reshape(inputs[part].shape));
    return { dq, dk, dv };
  }
}
