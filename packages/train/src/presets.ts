import {
  BatchNorm2d,
  ClassToken,
  Conv2d,
  Flatten,
  GlobalAvgPool2d,
  LastStep,
  LayerNorm,
  Linear,
  LSTM,
  MaxPool2d,
  PatchEmbedding,
  PositionalEmbedding,
  ReLU,
  Reshape,
  Residual,
  Sequential,
  TokenPool,
  TransformerEncoderLayer,
} from '@scratchnet/layers';
import { type DType, formatValue, type RngOptions, resolveRng } from '@scratchnet/tensor';

/** `seed` or `rng` for the initialisation (else the global generator, see `manualSeed`), and a dtype. */
export interface PresetOptions extends RngOptions {
  dtype?: DType;
  /** Number of outputs (default 10). */
  classes?: number;
  /** Channels of the input pictures, for the convolutional presets (default 1; `smallCnn`: 3). */
  inChannels?: number;
}

/** `classes` and `inChannels`, checked. */
function sizes(name: string, options: PresetOptions, inChannels: number): { classes: number; inC: number } {
  const { classes = 10, inChannels: inC = inChannels } = options ?? {};
  for (const [what, v] of [
    ['classes', classes],
    ['inChannels', inC],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 65536)
      throw new Error(`${name}: ${what} must be an integer in [1, 65536], got ${String(v)}`);
  }
  return { classes, inC };
}

/** One generator that every layer of the preset draws from in turn (a `seed` is not reused per layer). */
function layerOptions(name: string, options: PresetOptions) {
  return { rng: resolveRng(name, options), dtype: options?.dtype };
}

/** The seeds' MNIST MLP: 784-100-200-10 with ReLU. */
export function mlp(options: PresetOptions = {}): Sequential {
  const { classes } = sizes('mlp', options, 1);
  const o = layerOptions('mlp', options);
  return new Sequential(
    new Flatten(),
    new Linear(784, 100, o),
    new ReLU(),
    new Linear(100, 200, o),
    new ReLU(),
    new Linear(200, classes, o),
  );
}

/** The seeds' CNN (which never learned there): Conv 3x3x4 → ReLU → Conv 7x7x2 → ReLU → Flatten → Linear 800→10. */
export function seedCnn(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('seedCnn', options, 1);
  const o = layerOptions('seedCnn', options);
  return new Sequential(
    new Conv2d(inC, 4, 3, o),
    new ReLU(),
    new Conv2d(4, 2, 7, o),
    new ReLU(),
    new Flatten(),
    new Linear(800, classes, o),
  );
}

/** A LeNet-style CNN: two 5x5 convolutions (32, 64 channels) with max-pooling, then 3136→128→10. */
export function lenet(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('lenet', options, 1);
  const o = layerOptions('lenet', options);
  return new Sequential(
    new Conv2d(inC, 32, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(32, 64, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(3136, 128, o),
    new ReLU(),
    new Linear(128, classes, o),
  );
}

/**
 * torchvision's BasicBlock: two 3×3 convolutions with BatchNorm, the input added back (through a
 * strided 1×1 convolution + BatchNorm when the block halves the size or widens), then ReLU.
 */
function basicBlock(inC: number, outC: number, stride: number, o: ReturnType<typeof layerOptions>): Residual {
  const conv = (i: number, k: number, s: number) =>
    new Conv2d(i, outC, k, { ...o, stride: s, padding: (k - 1) / 2, bias: false });
  const bn = () => new BatchNorm2d(outC, { dtype: o.dtype });
  const downsample = stride !== 1 || inC !== outC ? new Sequential(conv(inC, 1, stride), bn()) : null;
  return new Residual(
    { conv1: conv(inC, 3, stride), bn1: bn(), relu: new ReLU(), conv2: conv(outC, 3, 1), bn2: bn() },
    { shortcut: downsample, activation: new ReLU() },
  );
}

export interface ResNetOptions extends PresetOptions {
  /** Channels of the three stages (the stem has the first); default [16, 32, 64]. */
  widths?: readonly [number, number, number];
}

/**
 * A small ResNet for 28×28 digits, named as torchvision's ResNet: a 3×3 stem, three stages of two
 * BasicBlocks (16, 32 and 64 channels unless `widths` says otherwise; the last two halve the size:
 * 28 → 14 → 7), global average pooling and a linear head.
 */
export function resnet(options: ResNetOptions = {}): Sequential {
  const { classes, inC: channels } = sizes('resnet', options, 1);
  const o = layerOptions('resnet', options);
  const widths = options.widths ?? [16, 32, 64];
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new Error(`resnet: widths must be three positive integers, got ${formatValue(widths)}`);
  }
  const [w1, w2, w3] = widths;
  const stage = (inC: number, outC: number, stride: number) =>
    new Sequential(basicBlock(inC, outC, stride, o), basicBlock(outC, outC, 1, o));
  return new Sequential({
    conv1: new Conv2d(channels, w1, 3, { ...o, padding: 1, bias: false }),
    bn1: new BatchNorm2d(w1, { dtype: o.dtype }),
    relu: new ReLU(),
    layer1: stage(w1, w1, 1),
    layer2: stage(w1, w2, 2),
    layer3: stage(w2, w3, 2),
    avgpool: new GlobalAvgPool2d(),
    fc: new Linear(w3, classes, o),
  });
}

/**
 * A recurrent classifier that reads each 28×28 image as a sequence of 28 rows of 28 pixels: a
 * two-layer LSTM with 128 hidden units, whose top state after the last row feeds a linear head.
 */
export function lstm(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('lstm', options, 1);
  if (inC !== 1) throw new Error(`lstm: reads one-channel pictures row by row, got inChannels ${inC}`);
  const o = layerOptions('lstm', options);
  return new Sequential({
    rows: new Reshape([28, 28]),
    lstm: new LSTM(28, 128, { ...o, numLayers: 2, batchFirst: true }),
    last: new LastStep({ batchFirst: true }),
    fc: new Linear(128, classes, o),
  });
}

/**
 * A small vision transformer: the 28×28 image cut into 16 patches of 7×7, each a 64-wide token, a
 * class token and learned positions, four pre-norm encoder layers (4 heads, GELU), and the class
 * token's final state through LayerNorm and a linear head (names as torchvision's ViT where it has them).
 */
export function vit(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('vit', options, 1);
  const o = layerOptions('vit', options);
  const dim = 64;
  const encoder = () =>
    new TransformerEncoderLayer(dim, 4, {
      ...o,
      dimFeedforward: 128,
      dropout: 0,
      activation: 'gelu',
      batchFirst: true,
      normFirst: true,
    });
  return new Sequential({
    patches: new PatchEmbedding(inC, dim, 7, o),
    cls: new ClassToken(dim, { dtype: o.dtype }),
    positions: new PositionalEmbedding(17, dim, o),
    encoder: new Sequential(encoder(), encoder(), encoder(), encoder()),
    pool: new TokenPool('first'),
    norm: new LayerNorm(dim, { dtype: o.dtype }),
    head: new Linear(dim, classes, o),
  });
}

/**
 * A small CNN for 32×32 RGB pictures (CIFAR-sized, any size works): three 3×3 convolutions
 * (16, 32, 64 channels) each followed by ReLU and 2×2 max-pooling (32 → 16 → 8 → 4), global average
 * pooling, then 64 → 64 → classes. About 28,000 parameters: it trains in seconds on a CPU.
 */
export function smallCnn(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('smallCnn', options, 3);
  const o = layerOptions('smallCnn', options);
  const block = (i: number, out: number) => [
    new Conv2d(i, out, 3, { ...o, padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
  ];
  return new Sequential(
    ...block(inC, 16),
    ...block(16, 32),
    ...block(32, 64),
    new GlobalAvgPool2d(),
    new Linear(64, 64, o),
    new ReLU(),
    new Linear(64, classes, o),
  );
}

export const presets = { mlp, 'seed-cnn': seedCnn, lenet, resnet, 'small-cnn': smallCnn, lstm, vit } as const;
export type PresetName = keyof typeof presets;
