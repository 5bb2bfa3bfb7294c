import {
  BatchNorm2d,
  Conv2d,
  Flatten,
  GlobalAvgPool2d,
  Linear,
  MaxPool2d,
  ReLU,
  Residual,
  Sequential,
} from '@scratchnet/layers';
import { type DType, type RngOptions, resolveRng } from '@scratchnet/tensor';

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

/**
 * A small ResNet for 28×28 digits, named as torchvision's ResNet: a 3×3 stem (16 channels), three
 * stages of two BasicBlocks (16, 32 and 64 channels; the last two halve the size: 28 → 14 → 7),
 * global average pooling and a linear head.
 */
export function resnet(options: PresetOptions = {}): Sequential {
  const { classes, inC } = sizes('resnet', options, 1);
  const o = layerOptions('resnet', options);
  const stage = (inC: number, outC: number, stride: number) =>
    new Sequential(basicBlock(inC, outC, stride, o), basicBlock(outC, outC, 1, o));
  return new Sequential({
    conv1: new Conv2d(inC, 16, 3, { ...o, padding: 1, bias: false }),
    bn1: new BatchNorm2d(16, { dtype: o.dtype }),
    relu: new ReLU(),
    layer1: stage(16, 16, 1),
    layer2: stage(16, 32, 2),
    layer3: stage(32, 64, 2),
    avgpool: new GlobalAvgPool2d(),
    fc: new Linear(64, classes, o),
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

export const presets = { mlp, 'seed-cnn': seedCnn, lenet, resnet, 'small-cnn': smallCnn } as const;
export type PresetName = keyof typeof presets;
