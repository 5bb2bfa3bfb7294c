import { allocateFor, type DType, type FloatArray, matmul, type Rng, Tensor } from '@scratchnet/tensor';
import type { AdditiveMask } from './attention-mask';

/** Sizes of a batch of heads: `batch` samples of `heads` heads, L queries and S keys of `headDim` each. */
export interface HeadGeometry {
  batch: number;
  heads: number;
  queries: number;
  keys: number;
  headDim: number;
}

/** The masks as additive values: attn [L, S] or [N·heads, L, S], keyPadding [N, S]; causal masks s > l. */
export interface ScoreMasks {
  attn: AdditiveMask | null;
  keyPadding: AdditiveMask | null;
  causal: boolean;
}

/** What the forward pass keeps: A = softmax(masked scores) and P = A after dropout (the same array without dropout). */
export interface AttentionWeights {
  probs: FloatArray;
  dropped: FloatArray;
  /** Per weight, 0 (dropped) or 1 / (1 − p); null without dropout. */
  keep: FloatArray | null;
}

export interface AttentionDropout {
  p: number;
  rng: Rng;
}

/** One head's matrix [rows, cols] inside a head-major array, as a Tensor over the same memory. */
function headView(data: FloatArray, head: number, rows: number, cols: number): Tensor {
  const size = rows * cols;
  return new Tensor(data.subarray(head * size, (head + 1) * size), [rows, cols]);
}

/**
 * Scales and masks the raw scores of head `b` in place, then turns each row into softmax
 * probabilities. A row whose every key is masked gets all-zero weights (as PyTorch's
 * scaled_dot_product_attention since 2.5), never NaN.
 */
function maskedSoftmaxRows(scores: FloatArray, b: number, g: HeadGeometry, masks: ScoreMasks, scale: number) {
  const { queries: L, keys: S, heads } = g;
  const n = Math.floor(b / heads);
  const attn = masks.attn;
  const attnBase = attn ? (attn.shape.length === 3 ? b * L * S : 0) : 0;
  const pad = masks.keyPadding?.values;
  for (let l = 0, o = 0; l < L; l++, o += S) {
    let max = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < S; s++) {
      let v = scores[o + s] * scale;
      if (attn) v += attn.values[attnBase + o + s];
      if (pad) v += pad[n * S + s];
      if (masks.causal && s > l) v = Number.NEGATIVE_INFINITY;
      scores[o + s] = v;
      if (v > max || v !== v) max = v;
    }
    if (max === Number.NEGATIVE_INFINITY) {
      scores.fill(0, o, o + S);
      continue;
    }
    let total = 0;
    for (let s = 0; s < S; s++) {
      const e = Math.exp(scores[o + s] - max);
      scores[o + s] = e;
      total += e;
    }
    for (let s = 0; s < S; s++) scores[o + s] /= total;
  }
}

/** Inverted dropout on the weights, drawn in row-major order from `rng`. */
function dropWeights(probs: FloatArray, dtype: DType, { p, rng }: AttentionDropout, owner: string) {
  const keep = allocateFor(owner, dtype, [probs.length], 'attention dropout mask');
  const dropped = allocateFor(owner, dtype, [probs.length], 'attention weights after dropout');
  const scale = 1 / (1 - p);
  for (let i = 0; i < probs.length; i++) {
    keep[i] = rng.next() < 1 - p ? scale : 0;
    dropped[i] = probs[i] * keep[i];
  }
  return { keep, dropped };
}

/**
 * softmax(Q·Kᵀ·scale + masks)·V for every head, on head-major arrays q [B, L, d], k and v [B, S, d]
 * (B = batch·heads); two `matmul` calls per head. Returns the outputs [B, L, d] and the weights.
 */
export function attendHeads(
  owner: string,
  q: FloatArray,
  k: FloatArray,
  v: FloatArray,
  g: HeadGeometry,
  masks: ScoreMasks,
  dropout: AttentionDropout | null,
): { out: FloatArray; weights: AttentionWeights } {
  const { queries: L, keys: S, headDim: d } = g;
  const count = g.batch * g.heads;
  const dtype = q instanceof Float64Array ? 'float64' : 'float32';
  const probs = allocateFor(owner, dtype, [count, L, S], 'attention weights');
  const out = allocateFor(owner, dtype, [count, L, d], 'attention output');
  const scale = 1 / Math.sqrt(d);
  for (let b = 0; b < count; b++) {
    const scores = headView(probs, b, L, S);
    matmul(headView(q, b, L, d), headView(k, b, S, d), { transB: true, out: scores });
    maskedSoftmaxRows(scores.data, b, g, masks, scale);
  }
  const { keep, dropped } =
    dropout && dropout.p > 0 ? dropWeights(probs, dtype, dropout, owner) : { keep: null, dropped: probs };
  for (let b = 0; b < count; b++) {
    matmul(headView(dropped, b, L, S), headView(v, b, S, d), { out: headView(out, b, L, d) });
  }
  return { out, weights: { probs, dropped, keep } };
}

/**
 * The gradients of `attendHeads` with respect to q, k and v, given dOut [B, L, d]:
 * dP = dO·Vᵀ, dV = Pᵀ·dO, dA = dP ⊙ keep, dScores = A ⊙ (dA − Σₛ dA ⊙ A), then
 * dQ = dScores·K·scale and dK = dScoresᵀ·Q·scale (masked weights are 0, so they pass no gradient).
 */
export function attendHeadsBackward(
  owner: string,
  dOut: FloatArray,
  q: FloatArray,
  k: FloatArray,
  v: FloatArray,
  g: HeadGeometry,
  weights: AttentionWeights,
): { dq: FloatArray; dk: FloatArray; dv: FloatArray } {
  const { queries: L, keys: S, headDim: d } = g;
  const count = g.batch * g.heads;
  const dtype = q instanceof Float64Array ? 'float64' : 'float32';
  const dq = allocateFor(owner, dtype, [count, L, d], 'query gradient');
  const dk = allocateFor(owner, dtype, [count, S, d], 'key gradient');
  const dv = allocateFor(owner, dtype, [count, S, d], 'value gradient');
  const dScores = new Tensor(allocateFor(owner, dtype, [L, S], 'score gradient'), [L, S]);
  const scale = 1 / Math.sqrt(d);
  const { probs, dropped, keep } = weights;
  for (let b = 0; b < count; b++) {
    const dO = headView(dOut, b, L, d);
    matmul(dO, headView(v, b, S, d), { transB: true, out: dScores });
    matmul(headView(dropped, b, L, S), dO, { transA: true, out: headView(dv, b, S, d) });
    const ds = dScores.data;
    const base = b * L * S;
    for (let l = 0, o = 0; l < L; l++, o += S) {
      if (keep) for (let s = 0; s < S; s++) ds[o + s] *= keep[base + o + s];
      let dot = 0;
      for (let s = 0; s < S; s++) dot += ds[o + s] * probs[base + o + s];
      for (let s = 0; s < S; s++) ds[o + s] = probs[base + o + s] * (ds[o + s] - dot) * scale;
    }
    matmul(dScores, headView(k, b, S, d), { out: headView(dq, b, L, d) });
    matmul(dScores, headView(q, b, L, d), { transA: true, out: headView(dk, b, S, d) });
  }
  return { dq, dk, dv };
}
