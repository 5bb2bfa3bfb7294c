import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  ClassToken,
  Concat,
  Conv2d,
  ConvTranspose2d,
  Dropout,
  Dropout2d,
  Embedding,
  Flatten,
  GELU,
  GlobalAvgPool2d,
  GRU,
  Graph,
  GroupNorm,
  Identity,
  LastStep,
  type Layer,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  LSTM,
  MaxPool2d,
  MultiheadAttention,
  PatchEmbedding,
  Permute,
  PositionalEmbedding,
  ReLU,
  Reshape,
  Residual,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  TokenPool,
  TransformerEncoderLayer,
  Upsample,
} from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { Scale, Shift } from '../layers/broadcast-parameter';
import { OnnxReshape } from '../layers/onnx-reshape';

export interface LayerCase {
  /** The layer kind the case is about (every exportable kind has at least one case). */
  kind: string;
  label: string;
  model: Layer;
  inputShape: number[];
  /** The input to run it on, when random floats will not do (token ids); inputFor by default. */
  input?: (shape: readonly number[]) => Tensor;
  /**
   * What importOnnx makes of its export when that is not the same layers (same bytes on export
   * again): 'primitives', other layers computing the same; or the error it must give.
   */
  imports?: 'primitives' | RegExp;
}

/** The import error of a graph that reads a dimension at run time (ClassToken, PositionalEmbedding). */
export const RUNTIME_SHAPE_REFUSED =
  /^importOnnx: operator "Shape" of node ".*" \(opset 17\) is not supported/;
/** The import error of attention's MatMul on [·, ·, E] tokens (MultiheadAttention, TransformerEncoderLayer). */
const TOKEN_MATMUL_REFUSED =
  /^importOnnx: node ".*\/q" \(Gemm, opset 17\): its input is 3-D; a Linear reads \[N, in\]/;

const seed = 7;
const image = [2, 3, 6, 6];

/** Moves every parameter and running statistic away from its initial value, so that export must carry it. */
function perturbed<L extends Layer>(model: L): L {
  let k = 0;
  const next = () => Math.sin(++k * 12.9898) * 0.5;
  for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] += next();
  for (const b of model.buffers()) {
    if (b.name.endsWith('num_batches_tracked')) continue;
    const variance = b.name.endsWith('running_var');
    for (let i = 0; i < b.value.size; i++) b.value.data[i] = variance ? 0.5 + Math.abs(next()) : next();
  }
  return model;
}

const conv = () => new Conv2d(3, 4, 3, { padding: 1, seed });

/** Token ids in [0, vocabulary), as the float tensor Embedding reads. */
const tokenIds =
  (vocabulary: number) =>
  (shape: readonly number[]): Tensor => {
    const ids = inputFor(shape);
    return new Tensor(
      Float32Array.from(ids.data, (v) => Math.floor(Math.abs(v) * 1000) % vocabulary),
      [...shape],
    );
  };

/** LSTM and GRU cases: one layer; two bidirectional layers time-major and batch-first; no bias. */
function recurrentCases(kind: 'LSTM' | 'GRU'): LayerCase[] {
  const make = kind === 'LSTM' ? LSTM : GRU;
  return [
    { kind, label: `${kind}`, model: new make(4, 3, { seed }), inputShape: [5, 2, 4] },
    {
      kind,
      label: `${kind} 2 layers bidirectional`,
      model: new make(4, 3, { numLayers: 2, bidirectional: true, dropout: 0.5, seed }),
      inputShape: [5, 2, 4],
    },
    {
      kind,
      label: `${kind} 2 layers bidirectional batchFirst`,
      model: new make(4, 3, { numLayers: 2, bidirectional: true, batchFirst: true, seed }),
      inputShape: [2, 5, 4],
    },
    {
      kind,
      label: `${kind} without bias, batchFirst`,
      model: new make(4, 3, { bias: false, batchFirst: true, seed }),
      inputShape: [2, 5, 4],
    },
  ];
}

/** Token sequences [N, T, E] for the token layers. */
const tokens = [2, 5, 4];

/** PatchEmbedding, ClassToken, PositionalEmbedding and TokenPool, each mode or shape that differs. */
function tokenCases(): LayerCase[] {
  return [
    {
      kind: 'PatchEmbedding',
      label: 'PatchEmbedding 2x2 patches',
      model: perturbed(new PatchEmbedding(3, 4, 2, { seed })),
      inputShape: image,
      imports: 'primitives',
    },
    {
      kind: 'PatchEmbedding',
      label: 'PatchEmbedding 3x2 patches, no bias',
      model: new PatchEmbedding(3, 5, [3, 2], { bias: false, seed }),
      inputShape: image,
      imports: 'primitives',
    },
    {
      kind: 'ClassToken',
      label: 'ClassToken',
      model: perturbed(new ClassToken(4)),
      inputShape: tokens,
      imports: RUNTIME_SHAPE_REFUSED,
    },
    {
      kind: 'PositionalEmbedding',
      label: 'PositionalEmbedding longer than the sequence',
      model: perturbed(new PositionalEmbedding(7, 4, { seed })),
      inputShape: tokens,
      imports: RUNTIME_SHAPE_REFUSED,
    },
    {
      kind: 'TokenPool',
      label: 'TokenPool mean',
      model: new TokenPool('mean'),
      inputShape: tokens,
      imports: /^importOnnx: operator "ReduceMean" of node "TokenPool" \(opset 17\) is not supported/,
    },
    {
      kind: 'TokenPool',
      label: 'TokenPool first',
      model: new TokenPool('first'),
      inputShape: tokens,
      imports:
        /^importOnnx: node "TokenPool" \(Gather, opset 17\): import reads Gather from a constant table/,
    },
    // Gather of token −1 on axis 1 is what LastStep({ batchFirst: true }) writes: it imports as that.
    { kind: 'TokenPool', label: 'TokenPool last', model: new TokenPool('last'), inputShape: tokens },
  ];
}

/** MultiheadAttention (self-attention) and TransformerEncoderLayer in both layouts and both norm orders. */
function attentionCases(): LayerCase[] {
  const encoder = (options: ConstructorParameters<typeof TransformerEncoderLayer>[2]) =>
    perturbed(new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, seed, ...options }));
  return [
    {
      kind: 'MultiheadAttention',
      label: 'MultiheadAttention [L, N, E]',
      model: perturbed(new MultiheadAttention(8, 2, { seed })),
      inputShape: [5, 2, 8],
      imports: TOKEN_MATMUL_REFUSED,
    },
    {
      kind: 'MultiheadAttention',
      label: 'MultiheadAttention batchFirst, no bias',
      model: perturbed(new MultiheadAttention(8, 4, { batchFirst: true, bias: false, seed })),
      inputShape: [2, 5, 8],
      imports: TOKEN_MATMUL_REFUSED,
    },
    {
      kind: 'TransformerEncoderLayer',
      label: 'TransformerEncoderLayer post-norm relu [L, N, E]',
      model: encoder({}),
      inputShape: [5, 2, 8],
      imports: TOKEN_MATMUL_REFUSED,
    },
    {
      kind: 'TransformerEncoderLayer',
      label: 'TransformerEncoderLayer pre-norm gelu batchFirst',
      model: encoder({ normFirst: true, activation: 'gelu', batchFirst: true }),
      inputShape: [2, 5, 8],
      imports: TOKEN_MATMUL_REFUSED,
    },
    {
      kind: 'TransformerEncoderLayer',
      label: 'TransformerEncoderLayer pre-norm relu, no bias, batchFirst',
      model: encoder({ normFirst: true, bias: false, batchFirst: true }),
      inputShape: [2, 5, 8],
      imports: TOKEN_MATMUL_REFUSED,
    },
  ];
}

/** One small model per layer kind and per notable option, each with an input shape it takes. */
export function layerCases(): LayerCase[] {
  const cases: LayerCase[] = [
    { kind: 'Linear', label: 'Linear', model: new Linear(5, 3, { seed }), inputShape: [2, 5] },
    {
      kind: 'Linear',
      label: 'Linear without bias',
      model: new Linear(5, 3, { seed, bias: false }),
      inputShape: [2, 5],
    },
    { kind: 'Conv2d', label: 'Conv2d padding 1', model: conv(), inputShape: image },
    {
      kind: 'Conv2d',
      label: "Conv2d 'same', dilation 2, groups 3, no bias",
      model: new Conv2d(3, 6, 3, { padding: 'same', dilation: 2, groups: 3, bias: false, seed }),
      inputShape: [2, 3, 7, 7],
    },
    {
      kind: 'Conv2d',
      label: 'Conv2d stride 2',
      model: new Conv2d(3, 4, 3, { stride: 2, seed }),
      inputShape: [2, 3, 7, 7],
    },
    {
      kind: 'Conv2d',
      label: 'Conv2d asymmetric padding',
      model: new Conv2d(3, 2, [2, 3], { padding: [0, 1, 2, 1], seed }),
      inputShape: image,
    },
    {
      kind: 'ConvTranspose2d',
      label: 'ConvTranspose2d stride 2, output padding 1',
      model: new ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1, seed }),
      inputShape: image,
    },
    {
      kind: 'ConvTranspose2d',
      label: 'ConvTranspose2d groups 3, dilation 2',
      model: new ConvTranspose2d(3, 6, 2, { groups: 3, dilation: 2, bias: false, seed }),
      inputShape: image,
    },
    { kind: 'ReLU', label: 'ReLU', model: new ReLU(), inputShape: image },
    { kind: 'LeakyReLU', label: 'LeakyReLU', model: new LeakyReLU(0.2), inputShape: image },
    { kind: 'Sigmoid', label: 'Sigmoid', model: new Sigmoid(), inputShape: image },
    { kind: 'Tanh', label: 'Tanh', model: new Tanh(), inputShape: image },
    { kind: 'GELU', label: 'GELU', model: new GELU(), inputShape: image },
    { kind: 'Softmax', label: 'Softmax', model: new Softmax(), inputShape: [2, 7] },
    { kind: 'Softmax', label: 'Softmax over channels', model: new Softmax(1), inputShape: image },
    { kind: 'LogSoftmax', label: 'LogSoftmax', model: new LogSoftmax(), inputShape: [2, 7] },
    { kind: 'MaxPool2d', label: 'MaxPool2d', model: new MaxPool2d(2), inputShape: image },
    {
      kind: 'MaxPool2d',
      label: 'MaxPool2d stride 1, padding 1',
      model: new MaxPool2d(3, { stride: 1, padding: 1 }),
      inputShape: image,
    },
    { kind: 'AvgPool2d', label: 'AvgPool2d', model: new AvgPool2d(2), inputShape: image },
    {
      kind: 'AvgPool2d',
      label: 'AvgPool2d padding, countIncludePad false',
      model: new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
      inputShape: image,
    },
    {
      kind: 'AvgPool2d',
      label: 'AvgPool2d padding, countIncludePad true',
      model: new AvgPool2d(3, { stride: 2, padding: 1 }),
      inputShape: image,
    },
    { kind: 'GlobalAvgPool2d', label: 'GlobalAvgPool2d', model: new GlobalAvgPool2d(), inputShape: image },
    {
      kind: 'AdaptiveAvgPool2d',
      label: 'AdaptiveAvgPool2d 1',
      model: new AdaptiveAvgPool2d(1),
      inputShape: image,
    },
    {
      kind: 'AdaptiveAvgPool2d',
      label: 'AdaptiveAvgPool2d 3 of 6',
      model: new AdaptiveAvgPool2d(3),
      inputShape: image,
    },
    {
      kind: 'AdaptiveAvgPool2d',
      label: 'AdaptiveAvgPool2d 4x5 of 6x7 (uneven windows)',
      model: new AdaptiveAvgPool2d([4, 5]),
      inputShape: [2, 3, 6, 7],
    },
    {
      kind: 'Upsample',
      label: 'Upsample nearest x2',
      model: new Upsample({ scaleFactor: 2 }),
      inputShape: image,
    },
    {
      kind: 'Upsample',
      label: 'Upsample nearest to 9x12',
      model: new Upsample({ size: [9, 12] }),
      inputShape: image,
    },
    {
      kind: 'Upsample',
      label: 'Upsample bilinear x2',
      model: new Upsample({ scaleFactor: 2, mode: 'bilinear' }),
      inputShape: image,
    },
    {
      kind: 'Upsample',
      label: 'Upsample bilinear align corners to 10x7',
      model: new Upsample({ size: [10, 7], mode: 'bilinear', alignCorners: true }),
      inputShape: image,
    },
    {
      kind: 'BatchNorm1d',
      label: 'BatchNorm1d [N, C]',
      model: perturbed(new BatchNorm1d(5)),
      inputShape: [3, 5],
    },
    {
      kind: 'BatchNorm1d',
      label: 'BatchNorm1d [N, C, L]',
      model: perturbed(new BatchNorm1d(3)),
      inputShape: [2, 3, 4],
    },
    { kind: 'BatchNorm2d', label: 'BatchNorm2d', model: perturbed(new BatchNorm2d(3)), inputShape: image },
    {
      kind: 'BatchNorm2d',
      label: 'BatchNorm2d without affine',
      model: perturbed(new BatchNorm2d(3, { affine: false })),
      inputShape: image,
    },
    {
      kind: 'BatchNorm2d',
      label: 'BatchNorm2d without running statistics (batch statistics in eval)',
      model: perturbed(new BatchNorm2d(3, { trackRunningStats: false })),
      inputShape: image,
    },
    { kind: 'LayerNorm', label: 'LayerNorm', model: perturbed(new LayerNorm([6, 6])), inputShape: image },
    {
      kind: 'LayerNorm',
      label: 'LayerNorm without bias',
      model: perturbed(new LayerNorm(7, { bias: false })),
      inputShape: [2, 7],
    },
    {
      kind: 'GroupNorm',
      label: 'GroupNorm',
      model: perturbed(new GroupNorm(2, 4)),
      inputShape: [2, 4, 3, 3],
    },
    {
      kind: 'GroupNorm',
      label: 'GroupNorm with no affine, on [N, C, L]',
      model: new GroupNorm(3, 6, { affine: false, eps: 1e-3 }),
      inputShape: [2, 6, 5],
    },
    { kind: 'Dropout', label: 'Dropout', model: new Dropout(0.3, { seed }), inputShape: image },
    { kind: 'Dropout2d', label: 'Dropout2d', model: new Dropout2d(0.3, { seed }), inputShape: image },
    { kind: 'Flatten', label: 'Flatten', model: new Flatten(), inputShape: image },
    { kind: 'Identity', label: 'Identity', model: new Identity(), inputShape: image },
    { kind: 'Reshape', label: 'Reshape (per sample)', model: new Reshape([6, -1]), inputShape: image },
    {
      kind: 'OnnxReshape',
      label: 'OnnxReshape copying two dims',
      model: new OnnxReshape([0, 0, -1]),
      inputShape: image,
    },
    {
      kind: 'OnnxReshape',
      label: 'OnnxReshape folding the batch',
      model: new OnnxReshape([-1, 6]),
      inputShape: image,
    },
    { kind: 'Permute', label: 'Permute channels last', model: new Permute([0, 2, 3, 1]), inputShape: image },
    {
      kind: 'Permute',
      label: 'Permute moving the batch',
      model: new Permute([1, 0, 2]),
      inputShape: [2, 5, 4],
    },
    { kind: 'Scale', label: 'Scale', model: perturbed(new Scale([3, 1, 1])), inputShape: image },
    { kind: 'Shift', label: 'Shift', model: perturbed(new Shift([6])), inputShape: image },
    {
      kind: 'Embedding',
      label: 'Embedding with paddingIdx',
      model: perturbed(new Embedding(10, 4, { paddingIdx: 0, seed })),
      inputShape: [2, 5],
      input: tokenIds(10),
    },
    ...recurrentCases('LSTM'),
    ...recurrentCases('GRU'),
    ...tokenCases(),
    ...attentionCases(),
    { kind: 'LastStep', label: 'LastStep', model: new LastStep(), inputShape: [5, 2, 4] },
    {
      kind: 'LastStep',
      label: 'LastStep batchFirst',
      model: new LastStep({ batchFirst: true }),
      inputShape: [2, 5, 4],
    },
    {
      kind: 'Sequential',
      label: 'Sequential: Embedding, GRU, LastStep, Linear (a sequence classifier)',
      model: new Sequential(
        new Embedding(10, 4, { seed }),
        new GRU(4, 3, { numLayers: 2, seed }),
        new LastStep(),
        new Linear(3, 2, { seed }),
      ),
      inputShape: [5, 2],
      input: tokenIds(10),
    },
    {
      kind: 'Sequential',
      label: 'Sequential (named)',
      model: new Sequential({ conv: conv(), act: new ReLU(), pool: new MaxPool2d(2) }),
      inputShape: image,
    },
    {
      kind: 'Residual',
      label: 'Residual with shortcut and activation',
      model: perturbed(
        new Residual(
          { conv1: conv(), bn1: new BatchNorm2d(4) },
          { shortcut: new Conv2d(3, 4, 1, { seed }), activation: new ReLU() },
        ),
      ),
      inputShape: image,
    },
    {
      kind: 'Residual',
      label: 'Residual identity shortcut, one-layer body',
      model: new Residual(new Conv2d(3, 3, 3, { padding: 1, seed })),
      inputShape: image,
    },
    {
      kind: 'Concat',
      label: 'Concat of three branches',
      model: new Concat([
        conv(),
        new Identity(),
        new Sequential(new MaxPool2d(3, { stride: 1, padding: 1 })),
      ]),
      inputShape: image,
    },
    {
      kind: 'Graph',
      label: 'Graph with add, mul and concat',
      model: new Graph({
        inputs: ['x'],
        nodes: [
          { name: 'a', layer: conv(), inputs: ['x'] },
          { name: 'b', layer: new Conv2d(3, 4, 1, { seed }), inputs: ['x'] },
          { name: 'sum', merge: 'add', inputs: ['a', 'b', 'a'] },
          { name: 'gate', layer: new Sigmoid(), inputs: ['b'] },
          { name: 'product', merge: 'mul', inputs: ['sum', 'gate'] },
          { name: 'joined', merge: 'concat', inputs: ['product', 'a'], dim: 1 },
        ],
        outputs: ['joined'],
      }),
      inputShape: image,
    },
  ];
  return cases;
}

/** The input a case runs on, of `shape`: its own, or inputFor's. */
export function inputOf(c: LayerCase, shape: readonly number[]): Tensor {
  return c.input ? c.input(shape) : inputFor(shape);
}

/** A deterministic input of `shape` with values in about [-2, 2]. */
export function inputFor(shape: readonly number[], dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return Tensor.randn(shape, { seed: 11, dtype });
}
