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
import { type DType, formatValue, type RngOptions, resolveRng } from '@scratchnet/tensor';

/** `seed` or `rng` for the initialisation (else the global generator, see `manualSeed`), and a dtype. */
export interface PresetOptions extends RngOptions {
  dtype?: DType;
}

/** One generator that every layer of the preset draws from in turn (a `seed` is not reused per layer). */
function layerOptions(name: string, options: PresetOptions) {
  return { rng: resolveRng(name, options), dtype: options?.dtype };
}

/** The seeds' MNIST MLP: 784-100-200-10 with ReLU. */
export function mlp(options: PresetOptions = {}): Sequential {
  const o = layerOptions('mlp', options);
  return new Sequential(
    new Flatten(),
    new Linear(784, 100, o),
    new ReLU(),
    new Linear(100, 200, o),
    new ReLU(),
    new Linear(200, 10, o),
  );
}

/** The seeds' CNN (which never learned there): Conv 3x3x4 → ReLU → Conv 7x7x2 → ReLU → Flatten → Linear 800→10. */
export function seedCnn(options: PresetOptions = {}): Sequential {
  const o = layerOptions('seedCnn', options);
  return new Sequential(
    new Conv2d(1, 4, 3, o),
    new ReLU(),
    new Conv2d(4, 2, 7, o),
    new ReLU(),
    new Flatten(),
    new Linear(800, 10, o),
  );
}

/** A LeNet-style CNN: two 5x5 convolutions (32, 64 channels) with max-pooling, then 3136→128→10. */
export function lenet(options: PresetOptions = {}): Sequential {
  const o = layerOptions('lenet', options);
  return new Sequential(
    new Conv2d(1, 32, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(32, 64, 5, { ...o, padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(3136, 128, o),
    new ReLU(),
    new Linear(128, 10, o),
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
  const o = layerOptions('resnet', options);
  const widths = options.widths ?? [16, 32, 64];
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new Error(`resnet: widths must be three positive integers, got ${formatValue(widths)}`);
  }
  const [w1, w2, w3] = widths;
  const stage = (inC: number, outC: number, stride: number) =>
    new Sequential(basicBlock(inC, outC, stride, o), basicBlock(outC, outC, 1, o));
  return new Sequential({
    conv1: new Conv2d(1, w1, 3, { ...o, padding: 1, bias: false }),
    bn1: new BatchNorm2d(w1, { dtype: o.dtype }),
    relu: new ReLU(),
    layer1: stage(w1, w1, 1),
    layer2: stage(w1, w2, 2),
    layer3: stage(w2, w3, 2),
    avgpool: new GlobalAvgPool2d(),
    fc: new Linear(w3, 10, o),
  });
}

export const presets = { mlp, 'seed-cnn': seedCnn, lenet, resnet } as const;
export type PresetName = keyof typeof presets;
