import { createRng, type Rng, Tensor } from '@scratchnet/tensor';
import { AdaptiveAvgPool2d } from '../adaptive-avg-pool2d';
import { AvgPool2d } from '../avg-pool2d';
import { BatchNorm1d } from '../batch-norm1d';
import { BatchNorm2d } from '../batch-norm2d';
import { ClassToken } from '../class-token';
import { Concat } from '../concat';
import { ConvTranspose2d } from '../conv-transpose2d';
import { Conv2d, type Conv2dLayerOptions } from '../conv2d';
import { Dropout } from '../dropout';
import { Dropout2d } from '../dropout2d';
import { Embedding } from '../embedding';
import { Flatten } from '../flatten';
import { GELU } from '../gelu';
import { GlobalAvgPool2d } from '../global-avg-pool2d';
import { Graph } from '../graph';
import { GroupNorm } from '../group-norm';
import { GRU } from '../gru';
import { Identity } from '../identity';
import { LastStep } from '../last-step';
import type { Layer } from '../layer';
import { LayerNorm } from '../layer-norm';
import { LeakyReLU } from '../leaky-relu';
import { Linear } from '../linear';
import { LogSoftmax } from '../log-softmax-layer';
import { LSTM } from '../lstm';
import { MaxPool2d } from '../max-pool2d';
import { MultiheadAttention } from '../multihead-attention';
import { PatchEmbedding } from '../patch-embedding';
import { Permute } from '../permute';
import { PositionalEmbedding } from '../positional-embedding';
import { ReLU } from '../relu';
import { Reshape } from '../reshape';
import { Residual } from '../residual';
import { Sequential } from '../sequential';
import { Sigmoid } from '../sigmoid';
import { Softmax } from '../softmax-layer';
import { getStateDict, loadStateDict } from '../state-dict';
import { Tanh } from '../tanh';
import { TokenPool } from '../token-pool';
import { TransformerEncoderLayer, type TransformerEncoderLayerOptions } from '../transformer-encoder-layer';
import { Upsample } from '../upsample';

/** One float64 layer on one input shape, for the gradient checks and the Jacobian checks. */
export interface LayerCase {
  name: string;
  make: () => Layer;
  inputShape: number[];
  /** Default: normal(0, 1). */
  input?: (shape: number[], rng: Rng) => Tensor;
  training?: boolean;
  /** Makes a stochastic layer repeat itself across forward calls (see gradcheck's `reset`). */
  reset?: (layer: Layer) => void;
  /** The input holds token ids: not differentiable, not to be perturbed (see gradcheck's `indexInput`). */
  indexInput?: boolean;
}

const dtype = 'float64' as const;
const seed = 1;

/** Normal values pushed at least 0.1 away from 0, so ±1e-6 never crosses a kink. */
function awayFromZero(shape: number[], rng: Rng): Tensor {
  const t = Tensor.randn(shape, { rng, dtype });
  for (let i = 0; i < t.size; i++) t.data[i] += Math.sign(t.data[i]) * 0.1 || 0.1;
  return t;
}

/** A shuffled 0.1-spaced grid: no two values within 1e-6, so every pooling window has one clear maximum. */
function distinctValues(shape: number[], rng: Rng): Tensor {
  const t = Tensor.arange(
    0,
    shape.reduce((p, d) => p * d, 1),
    1,
    { dtype },
  );
  rng.shuffle(t.data);
  for (let i = 0; i < t.size; i++) t.data[i] = (t.data[i] - t.size / 2) * 0.1;
  return t.reshape(shape);
}

/** Token ids in [0, count) as a float64 tensor, each id at least once where the shape allows. */
function tokenIds(count: number) {
  return (shape: number[], rng: Rng): Tensor => {
    const t = Tensor.zeros(shape, { dtype });
    for (let i = 0; i < t.size; i++) t.data[i] = i < count ? i : rng.int(count);
    rng.shuffle(t.data);
    return t;
  };
}

/** A fresh BatchNorm2d (never run) whose running statistics have moved away from (0, 1). */
function warmedBatchNorm2d(): Layer {
  const warm = new BatchNorm2d(2, { dtype, momentum: 0.5 });
  const rng = createRng(3);
  for (let i = 0; i < 3; i++) warm.forward(Tensor.randn([3, 2, 2, 2], { rng, dtype, mean: 1, std: 2 }));
  const bn = new BatchNorm2d(2, { dtype, momentum: 0.5 });
  loadStateDict(bn, getStateDict(warm));
  return bn.eval();
}

/** `layer` with its parameters drawn from N(1, 0.5), so that a weight of ones cannot hide an indexing bug. */
function randomized<L extends Layer>(layer: L, rngSeed = 4, { mean = 1, std = 0.5 } = {}): L {
  const rng = createRng(rngSeed);
  for (const p of layer.parameters())
    p.value.data.set(Tensor.randn(p.value.shape, { rng, dtype, mean, std }).data);
  return layer;
}

/** Attention with every parameter from N(0, 0.4²): zero biases (their init) would hide a bias read from the wrong rows. */
const attentive = <L extends Layer>(layer: L) => randomized(layer, 5, { mean: 0, std: 0.4 });

function encoder(options: TransformerEncoderLayerOptions, inputShape: number[]): LayerCase {
  const { normFirst, activation, batchFirst } = options;
  return {
    name: `TransformerEncoderLayer ${normFirst ? 'pre' : 'post'}-norm, ${activation}, ${batchFirst ? '[N, L, E]' : '[L, N, E]'}`,
    make: () =>
      attentive(
        new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, dropout: 0, seed, dtype, ...options }),
      ),
    inputShape,
  };
}

function conv(
  name: string,
  [inC, outC, kernel]: [number, number, number | [number, number]],
  options: Conv2dLayerOptions,
  inputShape: number[],
): LayerCase {
  return { name, make: () => new Conv2d(inC, outC, kernel, { seed, dtype, ...options }), inputShape };
}

export const layerCases: LayerCase[] = [
  { name: 'Linear(4 -> 3)', make: () => new Linear(4, 3, { seed, dtype }), inputShape: [3, 4] },
  {
    name: 'Linear(5 -> 2) no bias',
    make: () => new Linear(5, 2, { seed, dtype, bias: false }),
    inputShape: [2, 5],
  },
  conv('Conv2d stride 2, asymmetric padding', [2, 3, 3], { stride: 2, padding: [1, 0, 2, 1] }, [2, 2, 5, 6]),
  conv('Conv2d dilation 2, groups 2', [4, 4, 3], { dilation: 2, groups: 2, padding: 1 }, [1, 4, 6, 6]),
  conv('Conv2d depthwise', [3, 3, 3], { groups: 3, padding: 1, bias: false }, [2, 3, 4, 4]),
  conv("Conv2d 'same' even kernel", [2, 2, [4, 3]], { padding: 'same' }, [1, 2, 4, 5]),
  {
    name: 'ConvTranspose2d stride 2, padding 1, outputPadding 1',
    make: () => new ConvTranspose2d(2, 3, 3, { seed, dtype, stride: 2, padding: 1, outputPadding: 1 }),
    inputShape: [2, 2, 3, 3],
  },
  {
    name: 'ConvTranspose2d groups 2, dilation [2, 1], no bias',
    make: () => new ConvTranspose2d(4, 2, [2, 3], { seed, dtype, groups: 2, dilation: [2, 1], bias: false }),
    inputShape: [1, 4, 3, 3],
  },
  {
    name: 'ConvTranspose2d outputPadding 2 >= stride 2 (dilation 3)',
    make: () => new ConvTranspose2d(2, 2, 2, { seed, dtype, stride: 2, dilation: 3, outputPadding: [2, 1] }),
    inputShape: [1, 2, 3, 2],
  },
  { name: 'ReLU', make: () => new ReLU(), inputShape: [3, 5], input: awayFromZero },
  { name: 'LeakyReLU(0.1)', make: () => new LeakyReLU(0.1), inputShape: [2, 3, 4], input: awayFromZero },
  { name: 'Sigmoid', make: () => new Sigmoid(), inputShape: [3, 5] },
  { name: 'Tanh', make: () => new Tanh(), inputShape: [3, 5] },
  { name: 'GELU', make: () => new GELU(), inputShape: [4, 6] },
  { name: 'Softmax(axis=-1)', make: () => new Softmax(), inputShape: [2, 3, 4] },
  { name: 'Softmax(axis=1)', make: () => new Softmax(1), inputShape: [2, 3, 4] },
  { name: 'LogSoftmax(axis=-1)', make: () => new LogSoftmax(), inputShape: [3, 5] },
  { name: 'LogSoftmax(axis=0)', make: () => new LogSoftmax(0), inputShape: [3, 2, 2] },
  { name: 'Flatten', make: () => new Flatten(), inputShape: [2, 3, 2, 2] },
  { name: 'MaxPool2d(2)', make: () => new MaxPool2d(2), inputShape: [1, 2, 4, 4], input: distinctValues },
  {
    name: 'MaxPool2d(3, stride 2, padding 1)',
    make: () => new MaxPool2d(3, { stride: 2, padding: 1 }),
    inputShape: [2, 1, 5, 5],
    input: distinctValues,
  },
  {
    name: 'AvgPool2d(3, stride 2, padding 1)',
    make: () => new AvgPool2d(3, { stride: 2, padding: 1 }),
    inputShape: [1, 2, 5, 5],
  },
  {
    name: 'AvgPool2d(2, padding 1, countIncludePad false)',
    make: () => new AvgPool2d(2, { stride: 1, padding: 1, countIncludePad: false }),
    inputShape: [1, 1, 3, 4],
  },
  { name: 'GlobalAvgPool2d', make: () => new GlobalAvgPool2d(), inputShape: [2, 3, 2, 3] },
  {
    name: 'Dropout(0.3) training',
    make: () => new Dropout(0.3, { seed }),
    inputShape: [4, 5],
    training: true,
    reset: (layer) => {
      (layer as Dropout).rng = createRng(7);
    },
  },
  { name: 'Dropout(0.3) eval', make: () => new Dropout(0.3, { seed }).eval(), inputShape: [4, 5] },
  { name: 'Identity', make: () => new Identity(), inputShape: [2, 3, 2] },
  {
    name: 'Dropout2d(0.5) training',
    make: () => new Dropout2d(0.5, { seed }),
    inputShape: [2, 4, 2, 3],
    training: true,
    reset: (layer) => {
      (layer as Dropout2d).rng = createRng(7);
    },
  },
  { name: 'Dropout2d(0.5) eval', make: () => new Dropout2d(0.5, { seed }).eval(), inputShape: [2, 3, 2, 2] },
  { name: 'BatchNorm1d [N, C] training', make: () => new BatchNorm1d(3, { dtype }), inputShape: [4, 3] },
  {
    name: 'BatchNorm1d [N, C, L] training',
    make: () => new BatchNorm1d(2, { dtype }),
    inputShape: [3, 2, 4],
  },
  { name: 'BatchNorm2d training', make: () => new BatchNorm2d(2, { dtype }), inputShape: [3, 2, 2, 3] },
  {
    name: 'BatchNorm2d no affine training',
    make: () => new BatchNorm2d(2, { dtype, affine: false }),
    inputShape: [2, 2, 2, 2],
  },
  { name: 'BatchNorm2d eval (running statistics)', make: warmedBatchNorm2d, inputShape: [2, 2, 2, 2] },
  {
    name: 'LayerNorm([3, 4])',
    make: () => randomized(new LayerNorm([3, 4], { dtype })),
    inputShape: [2, 3, 4],
  },
  {
    name: 'LayerNorm(5) no bias',
    make: () => randomized(new LayerNorm(5, { dtype, bias: false })),
    inputShape: [2, 2, 5],
  },
  {
    name: 'LayerNorm(4) no affine',
    make: () => new LayerNorm(4, { dtype, elementwiseAffine: false }),
    inputShape: [3, 4],
  },
  {
    name: 'GroupNorm(2, 4)',
    make: () => randomized(new GroupNorm(2, 4, { dtype })),
    inputShape: [2, 4, 2, 3],
  },
  {
    name: 'GroupNorm(3, 3) no affine, [N, C, L]',
    make: () => new GroupNorm(3, 3, { dtype, affine: false }),
    inputShape: [2, 3, 5],
  },
  {
    name: 'GroupNorm(2, 6) on [N, C]',
    make: () => randomized(new GroupNorm(2, 6, { dtype })),
    inputShape: [3, 6],
  },
  { name: 'AdaptiveAvgPool2d(3) from 5x7', make: () => new AdaptiveAvgPool2d(3), inputShape: [2, 2, 5, 7] },
  {
    name: 'AdaptiveAvgPool2d([2, 4]) from 4x3',
    make: () => new AdaptiveAvgPool2d([2, 4]),
    inputShape: [1, 1, 4, 3],
  },
  {
    name: 'Upsample nearest scaleFactor 2',
    make: () => new Upsample({ scaleFactor: 2 }),
    inputShape: [1, 2, 3, 2],
  },
  {
    name: 'Upsample nearest size [5, 3]',
    make: () => new Upsample({ size: [5, 3] }),
    inputShape: [1, 1, 2, 4],
  },
  {
    name: 'Upsample bilinear scaleFactor [2, 1.5]',
    make: () => new Upsample({ scaleFactor: [2, 1.5], mode: 'bilinear' }),
    inputShape: [1, 2, 3, 4],
  },
  {
    name: 'Upsample bilinear alignCorners size [5, 4]',
    make: () => new Upsample({ size: [5, 4], mode: 'bilinear', alignCorners: true }),
    inputShape: [2, 1, 3, 2],
  },
  {
    name: 'Embedding(7, 3, paddingIdx 6) on ids [2, 3] (no padding id read)',
    make: () => new Embedding(7, 3, { seed, dtype, paddingIdx: 6 }),
    inputShape: [2, 3],
    input: tokenIds(6),
    indexInput: true,
  },
  {
    name: 'LSTM 2 layers bidirectional, time-major',
    make: () => new LSTM(3, 2, { seed, dtype, numLayers: 2, bidirectional: true }),
    inputShape: [3, 2, 3],
  },
  {
    name: 'LSTM batchFirst, 2 layers, dropout 0.4 (training)',
    make: () => new LSTM(2, 3, { seed, dtype, numLayers: 2, batchFirst: true, dropout: 0.4 }),
    inputShape: [2, 3, 2],
    training: true,
    reset: (layer) => {
      (layer as LSTM).rng = createRng(7);
    },
  },
  {
    name: 'GRU 2 layers bidirectional, batchFirst',
    make: () => new GRU(2, 3, { seed, dtype, numLayers: 2, bidirectional: true, batchFirst: true }),
    inputShape: [2, 3, 2],
  },
  {
    name: 'GRU no bias, time-major, one step',
    make: () => new GRU(3, 2, { seed, dtype, bias: false }),
    inputShape: [1, 3, 3],
  },
  { name: 'LastStep', make: () => new LastStep(), inputShape: [3, 2, 4] },
  { name: 'LastStep batchFirst', make: () => new LastStep({ batchFirst: true }), inputShape: [2, 3, 4] },
  {
    name: 'Sequential(Embedding, LSTM batchFirst, LastStep, Linear) on token ids',
    make: () =>
      new Sequential(
        new Embedding(5, 3, { seed, dtype }),
        new LSTM(3, 4, { seed: 2, dtype, batchFirst: true }),
        new LastStep({ batchFirst: true }),
        new Linear(4, 2, { seed: 3, dtype }),
      ),
    inputShape: [2, 4],
    input: tokenIds(5),
    indexInput: true,
  },
  {
    name: 'Sequential(GRU bidirectional, LastStep, Linear)',
    make: () =>
      new Sequential(
        new GRU(2, 3, { seed, dtype, bidirectional: true }),
        new LastStep(),
        new Linear(6, 2, { seed: 2, dtype }),
      ),
    inputShape: [4, 2, 2],
  },
  {
    name: 'MultiheadAttention(8, 2) self-attention [L, N, E]',
    make: () => attentive(new MultiheadAttention(8, 2, { seed, dtype })),
    inputShape: [3, 2, 8],
  },
  {
    name: 'MultiheadAttention(6, 3) batchFirst, no bias',
    make: () => attentive(new MultiheadAttention(6, 3, { seed, dtype, batchFirst: true, bias: false })),
    inputShape: [2, 4, 6],
  },
  {
    name: 'MultiheadAttention(4, 2) dropout 0.3 training',
    make: () => attentive(new MultiheadAttention(4, 2, { seed, dtype, dropout: 0.3, batchFirst: true })),
    inputShape: [2, 3, 4],
    training: true,
    reset: (layer) => {
      (layer as MultiheadAttention).rng = createRng(7);
    },
  },
  encoder({ normFirst: false, activation: 'relu', batchFirst: false }, [3, 2, 8]),
  encoder({ normFirst: true, activation: 'gelu', batchFirst: true }, [2, 3, 8]),
  { name: 'Reshape([-1, 2])', make: () => new Reshape([-1, 2]), inputShape: [2, 3, 4] },
  { name: 'Permute([1, 0, 2])', make: () => new Permute([1, 0, 2]), inputShape: [2, 3, 4] },
  { name: 'Permute([-1, 0, 1])', make: () => new Permute([-1, 0, 1]), inputShape: [2, 3, 4] },
  {
    name: 'PositionalEmbedding(5, 4) on 3 tokens',
    make: () => randomized(new PositionalEmbedding(5, 4, { seed, dtype })),
    inputShape: [2, 3, 4],
  },
  {
    name: 'PatchEmbedding(2 -> 4, patch 2x3)',
    make: () => new PatchEmbedding(2, 4, [2, 3], { seed, dtype }),
    inputShape: [2, 2, 4, 6],
  },
  { name: 'ClassToken(4)', make: () => randomized(new ClassToken(4, { dtype })), inputShape: [2, 3, 4] },
  { name: 'TokenPool(mean)', make: () => new TokenPool('mean'), inputShape: [2, 3, 4] },
  { name: 'TokenPool(first)', make: () => new TokenPool('first'), inputShape: [2, 3, 4] },
  { name: 'TokenPool(last)', make: () => new TokenPool('last'), inputShape: [2, 3, 4] },
  {
    name: 'Sequential: a small vision transformer (patches, class token, positions, encoder, head)',
    make: () => {
      const rng = createRng(seed);
      return attentive(
        new Sequential(
          new PatchEmbedding(1, 8, 2, { rng, dtype }),
          new ClassToken(8, { dtype }),
          new PositionalEmbedding(5, 8, { rng, dtype }),
          new TransformerEncoderLayer(8, 2, {
            dimFeedforward: 8,
            dropout: 0,
            batchFirst: true,
            normFirst: true,
            activation: 'gelu',
            rng,
            dtype,
          }),
          new TokenPool('first'),
          new Linear(8, 3, { rng, dtype }),
        ),
      );
    },
    inputShape: [2, 1, 4, 4],
  },
  {
    name: 'Sequential conv-bn-tanh-avgpool-flatten-linear',
    make: () =>
      new Sequential(
        new Conv2d(1, 2, 3, { seed, dtype, padding: 1 }),
        new BatchNorm2d(2, { dtype }),
        new Tanh(),
        new AvgPool2d(2),
        new Flatten(),
        new Linear(8, 3, { seed: 2, dtype }),
      ),
    inputShape: [2, 1, 4, 4],
  },
  {
    name: 'Residual, identity shortcut (named body: conv-bn-tanh-conv)',
    make: () =>
      new Residual({
        conv1: new Conv2d(2, 2, 3, { seed, dtype, padding: 1 }),
        bn1: new BatchNorm2d(2, { dtype }),
        act: new Tanh(),
        conv2: new Conv2d(2, 2, 3, { seed: 2, dtype, padding: 1, bias: false }),
      }),
    inputShape: [2, 2, 4, 4],
  },
  {
    name: 'Residual, downsampling shortcut (stride 2, 1×1 conv + BatchNorm2d), then tanh',
    make: () =>
      new Residual(new Conv2d(2, 3, 3, { seed, dtype, stride: 2, padding: 1 }), {
        shortcut: new Sequential(
          new Conv2d(2, 3, 1, { seed: 3, dtype, stride: 2, bias: false }),
          new BatchNorm2d(3, { dtype }),
        ),
        activation: new Tanh(),
      }),
    inputShape: [2, 2, 5, 5],
  },
  {
    name: 'Concat of three branches along channels',
    make: () =>
      new Concat({
        a: new Conv2d(2, 1, 1, { seed, dtype }),
        b: new Sequential(new Conv2d(2, 2, 3, { seed: 2, dtype, padding: 1 }), new Tanh()),
        c: new AvgPool2d(3, { stride: 1, padding: 1 }),
      }),
    inputShape: [2, 2, 3, 3],
  },
  {
    name: 'Concat along the last dimension',
    make: () => new Concat([new Linear(3, 2, { seed, dtype }), new Tanh()], { dim: -1 }),
    inputShape: [4, 3],
  },
  {
    name: 'Graph: fan-out into a sum, a product and a concatenation',
    make: () =>
      new Graph({
        inputs: ['x'],
        nodes: [
          { name: 'a', layer: new Linear(3, 4, { seed, dtype }), inputs: ['x'] },
          { name: 'b', layer: new Tanh(), inputs: ['a'] },
          { name: 'c', layer: new Linear(3, 4, { seed: 2, dtype }), inputs: ['x'] },
          { name: 'sum', merge: 'add', inputs: ['a', 'b', 'c'] },
          { name: 'gated', merge: 'mul', inputs: ['sum', 'b'] },
          { name: 'both', merge: 'concat', inputs: ['gated', 'a'], dim: 1 },
          { name: 'head', layer: new Linear(8, 2, { seed: 3, dtype }), inputs: ['both'] },
        ],
        outputs: ['head'],
      }),
    inputShape: [3, 3],
  },
];

export function caseInput(c: LayerCase, rngSeed = 11): Tensor {
  const rng = createRng(rngSeed);
  return (c.input ?? ((shape, r) => Tensor.randn(shape, { rng: r, dtype })))(c.inputShape, rng);
}
