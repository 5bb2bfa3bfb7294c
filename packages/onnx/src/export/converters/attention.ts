import type { Layer, Linear, MultiheadAttention, TransformerEncoderLayer } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { attr } from '../attributes';
import {
  type ExportContext,
  type ExportStep,
  joinPath,
  type LayerExporter,
  nodeName,
} from '../export-context';

/**
 * x·Wᵀ + b over the last axis of a value of any rank (MatMul with Wᵀ, then Add), where Gemm takes
 * only matrices. Wᵀ is a derived constant (`name/weight_t`), the bias the parameter itself (`name.bias`).
 */
function linearOnTokens(
  ctx: ExportContext,
  name: string,
  input: string,
  weight: Tensor,
  bias: Tensor | null,
): string {
  const { graph } = ctx;
  const product = graph.node(
    'MatMul',
    [input, graph.initializer(`${name}/weight_t`, weight.permute([1, 0]))],
    bias ? `${name}/MatMul` : name,
  );
  return bias ? graph.node('Add', [product, graph.initializer(`${name}.bias`, bias)], name) : product;
}

/** A Linear child of the step (named `name` in the state dict) applied to tokens. */
const linearChild = (step: ExportStep, ctx: ExportContext, linear: Linear, name: string, input: string) =>
  linearOnTokens(ctx, joinPath(nodeName(step), name), input, linear.weight.value, linear.bias?.value ?? null);

/**
 * The axis orders that take the projected tokens, seen as [·, ·, heads, headDim], to head-major
 * [N, heads, L, headDim] (keys to [N, heads, headDim, L]) and the attended heads back to the
 * input's layout, for [N, L, E] (batchFirst) and [L, N, E].
 */
const HEAD_ORDERS = {
  batchFirst: { heads: [0, 2, 1, 3], keys: [0, 2, 3, 1], back: [0, 2, 1, 3] },
  timeMajor: { heads: [1, 2, 0, 3], keys: [1, 2, 3, 0], back: [2, 0, 1, 3] },
};

/**
 * MultiheadAttention as self-attention in inference: q, k and v each x·W_partᵀ + b_part (in_proj
 * split by rows), split into heads (Reshape [0, 0, heads, headDim] and Transpose), scores
 * q·kᵀ (MatMul) scaled by 1/√headDim (Mul), Softmax over the keys, weights·v (MatMul), the heads
 * joined back (Transpose, Reshape [0, 0, E]) and out_proj. Masks are forward-time options that the
 * graph cannot take: it is written without them. Attention dropout is the identity.
 */
function exportMultiheadAttention(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as MultiheadAttention;
  const { graph } = ctx;
  const base = nodeName(step);
  const [E, H, d] = [layer.embedDim, layer.numHeads, layer.headDim];
  const order = layer.batchFirst ? HEAD_ORDERS.batchFirst : HEAD_ORDERS.timeMajor;
  const headsShape = graph.int64s(`${base}/heads_shape`, [0, 0, H, d]);
  const project = (part: number, name: string, perm: number[]) => {
    const rows = (t: Tensor, width: number) => t.data.subarray(part * width, (part + 1) * width);
    const weight = new Tensor(rows(layer.inProjWeight.value, E * E), [E, E]);
    const bias = layer.inProjBias ? new Tensor(rows(layer.inProjBias.value, E), [E]) : null;
    const tokens = linearOnTokens(ctx, `${base}/${name}`, step.input, weight, bias);
    const split = graph.node('Reshape', [tokens, headsShape], `${base}/${name}_split`);
    return graph.node('Transpose', [split], `${base}/${name}_heads`, { perm: attr.ints(perm) });
  };
  const [q, k, v] = [project(0, 'q', order.heads), project(1, 'k', order.keys), project(2, 'v', order.heads)];
  const scale = graph.initializer(`${base}/scale`, Tensor.full([], 1 / Math.sqrt(d), { dtype: ctx.dtype }));
  const scores = graph.node('Mul', [graph.node('MatMul', [q, k], `${base}/qk`), scale], `${base}/scores`);
  const weights = graph.node('Softmax', [scores], `${base}/weights`, { axis: attr.int(-1) });
  const attended = graph.node('MatMul', [weights, v], `${base}/attended`);
  const back = graph.node('Transpose', [attended], `${base}/tokens`, { perm: attr.ints(order.back) });
  const joined = graph.node(
    'Reshape',
    [back, graph.int64s(`${base}/joined_shape`, [0, 0, E])],
    `${base}/joined`,
  );
  return linearChild(step, ctx, layer.outProj, 'out_proj', joined);
}

/** The child the layer names `name` (the encoder layer keeps its activation private). */
function childNamed(layer: TransformerEncoderLayer, name: string): Layer {
  const found = layer.children.find(([n]) => n === name);
  if (!found) throw new Error(`exportOnnx: ${layer} has no child "${name}"`);
  return found[1];
}

/**
 * TransformerEncoderLayer in inference (its dropouts the identity): self_attn, then the feed-forward
 * block linear2(activation(linear1(·))), each with its residual Add and LayerNormalization —
 * pre-norm (x + sa(norm1(x)), then + ff(norm2(·))) or post-norm (norm1(x + sa(x)), then
 * norm2(· + ff(·))). Masks are not written (see MultiheadAttention).
 */
function exportTransformerEncoderLayer(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as TransformerEncoderLayer;
  const { graph } = ctx;
  const shape = step.inputShape;
  const base = nodeName(step);
  const child = (name: string, input: string, inputShape = shape) =>
    ctx.child(step, childNamed(layer, name), name, input, inputShape);
  const feedForward = (input: string) => {
    const hidden = linearChild(step, ctx, layer.linear1, 'linear1', input);
    const activated = child('activation', hidden, [...shape.slice(0, -1), layer.linear1.outFeatures]);
    return linearChild(step, ctx, layer.linear2, 'linear2', activated);
  };
  const residual = (x: string, update: string, name: string) => graph.node('Add', [x, update], name);
  if (layer.normFirst) {
    const h = residual(
      step.input,
      child('self_attn', child('norm1', step.input)),
      `${base}/attention_residual`,
    );
    return residual(h, feedForward(child('norm2', h)), base);
  }
  const h = child(
    'norm1',
    residual(step.input, child('self_attn', step.input), `${base}/attention_residual`),
  );
  return child('norm2', residual(h, feedForward(h), `${base}/feed_forward_residual`));
}

export const attentionExporters: Record<string, LayerExporter> = {
  MultiheadAttention: exportMultiheadAttention,
  TransformerEncoderLayer: exportTransformerEncoderLayer,
};
