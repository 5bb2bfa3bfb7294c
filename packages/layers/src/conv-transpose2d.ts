import {
  add,
  type Conv2dGeometry,
  type Conv2dOptions,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  formatShape,
  formatValue,
  type PlanRequest,
  resolveConv2dGeometry,
  sum,
  type Tensor,
} from '@scratchnet/tensor';
import { accumulateGrad } from './parameter';
import { resize2d } from './resize2d';
import { optionsObject, positiveInteger } from './validate-args';
import { WeightedLayer, type WeightedLayerOptions } from './weighted-layer';

type Pair = number | readonly [number, number];

export interface ConvTranspose2dOptions extends WeightedLayerOptions {
  stride?: Pair;
  /** Removed from each side of the output: the padding of the convolution this layer transposes. */
  padding?: Pair;
  /** Added to the bottom and right of the output, to pick one of the sizes a strided convolution maps back from. */
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
}

interface Geometry {
  stride: [number, number];
  padding: [number, number];
  outputPadding: [number, number];
  dilation: [number, number];
  groups: number;
}

const DEFAULTS: Geometry = {
  stride: [1, 1],
  padding: [0, 0],
  outputPadding: [0, 0],
  dilation: [1, 1],
  groups: 1,
};

interface Cache {
  /** x seen as the convolution's output: zero rows and columns appended when outputPadding ≥ stride. */
  xAsConvOutput: Tensor;
  inputShape: readonly number[];
  options: Conv2dOptions;
}

function pairOf(label: string, what: string, value: unknown, min: number): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new Error(`${label}: ${what} must be a number or [height, width], got ${formatValue(value)}`);
  }
  const kind = min === 0 ? 'a non-negative' : 'a positive';
  for (const v of pair) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new Error(
        `${label}: ${what} must be ${kind} integer or a pair of them, got ${formatValue(value)}`,
      );
  }
  return [pair[0], pair[1]];
}

/** Validates the options as PyTorch does, outputPadding < stride or < dilation included. */
function geometryOf(label: string, options: ConvTranspose2dOptions): Geometry {
  const g: Geometry = {
    stride: pairOf(label, 'stride', options.stride ?? 1, 1),
    padding: pairOf(label, 'padding', options.padding ?? 0, 0),
    outputPadding: pairOf(label, 'outputPadding', options.outputPadding ?? 0, 0),
    dilation: pairOf(label, 'dilation', options.dilation ?? 1, 1),
    groups: positiveInteger(label, 'groups', options.groups ?? 1),
  };
  ['height', 'width'].forEach((axis, i) => {
    const [op, s, d] = [g.outputPadding[i], g.stride[i], g.dilation[i]];
    if (op >= s && op >= d) {
      throw new Error(
        `${label}: outputPadding ${axis} (${op}) must be smaller than stride (${s}) or dilation (${d})`,
      );
    }
  });
  return g;
}

/**
 * PyTorch's nn.ConvTranspose2d: the gradient of a Conv2d with respect to its input, used as a layer.
 * Weight [inC, outC/groups, kH, kW] (PyTorch's layout), bias [outC]; output size per axis
 * (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 * Forward is the conv2dBackwardInput op of the convolution from [N, outC, outH, outW] with this weight;
 * backward is that convolution's forward (dx) and its weight gradient (dW), so every backend's
 * convolution kernels serve it.
 */
export class ConvTranspose2d extends WeightedLayer<Cache> {
  readonly kind = 'ConvTranspose2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  private readonly geometry: Geometry;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Pair,
    rawOptions: ConvTranspose2dOptions = {},
  ) {
    positiveInteger('ConvTranspose2d', 'inChannels', inChannels);
    positiveInteger('ConvTranspose2d', 'outChannels', outChannels);
    const kernel = pairOf('ConvTranspose2d', 'kernelSize', kernelSize, 1);
    const options = optionsObject('ConvTranspose2d', rawOptions);
    const label = `ConvTranspose2d(${inChannels} -> ${outChannels}, kernel ${kernel.join('x')})`;
    const geometry = geometryOf(label, options);
    if (inChannels % geometry.groups !== 0 || outChannels % geometry.groups !== 0) {
      throw new Error(
        `${label}: groups (${geometry.groups}) must divide inChannels (${inChannels}) and outChannels (${outChannels})`,
      );
    }
    const shape = [inChannels, outChannels / geometry.groups, ...kernel];
    super(label, shape, options, outChannels);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernel;
    this.geometry = geometry;
    this.configArgs = [inChannels, outChannels, [...kernel], this.storedOptions(options, geometry)];
  }

  override toString(): string {
    const extras = Object.entries(this.geometry)
      .filter(([key, value]) => formatValue(value) !== formatValue(DEFAULTS[key as keyof Geometry]))
      .map(([key, value]) => `, ${key}=${formatValue(value)}`)
      .join('');
    return `ConvTranspose2d(${this.inChannels} -> ${this.outChannels}, kernel ${this.kernelSize.join('x')}${extras})`;
  }

  /** The convolution this layer transposes: from [N, outC, outH, outW] to [N, inC, ≥ H, ≥ W]. */
  private convolution(inputShape: readonly number[]): {
    options: Conv2dOptions;
    conv: Conv2dGeometry;
    outShape: number[];
  } {
    if (inputShape.length !== 4 || inputShape[1] !== this.inChannels) {
      throw this.inputError(`[N, ${this.inChannels}, H, W]`, inputShape);
    }
    const { stride, padding, outputPadding, dilation, groups } = this.geometry;
    const [n, , h, w] = inputShape;
    const size = (i: number, length: number) =>
      (length - 1) * stride[i] -
      2 * padding[i] +
      dilation[i] * (this.kernelSize[i] - 1) +
      outputPadding[i] +
      1;
    const outShape = [n, this.outChannels, size(0, h), size(1, w)];
    if (outShape[2] < 1 || outShape[3] < 1) {
      throw new Error(
        `${this}: input ${formatShape(inputShape)} gives an empty output ${formatShape(outShape)}`,
      );
    }
    const options = { stride, padding, dilation, groups };
    return {
      options,
      conv: resolveConv2dGeometry(outShape, this.weight.value.shape, options, `${this}`),
      outShape,
    };
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.convolution(inputShape).outShape;
  }

  kernelCalls(inputShape: readonly number[]): PlanRequest[] {
    const { conv: geometry } = this.convolution(inputShape);
    const kernels = ['conv2dBackwardInput', 'conv2dForward', 'conv2dBackwardWeight'] as const;
    return kernels.map((kernel) => ({ kernel, geometry, dtype: this.dtype }));
  }

  protected forwardPass(x: Tensor): [Tensor, Cache] {
    const { options, conv, outShape } = this.convolution(x.shape);
    const xAsConvOutput = resize2d(x, conv.outHeight, conv.outWidth);
    const y = conv2dBackwardInput(xAsConvOutput, this.weight.value, outShape, options);
    const bias = this.bias?.value.reshape([1, this.outChannels, 1, 1]);
    return [bias ? add(y, bias) : y, { xAsConvOutput, inputShape: x.shape, options }];
  }

  protected backwardPass(dy: Tensor, cache: Cache): Tensor {
    this.parameterGradients(dy, cache);
    const dx = conv2d(dy, this.weight.value, null, cache.options);
    return resize2d(dx, cache.inputShape[2], cache.inputShape[3]);
  }

  protected override parameterGradients(dy: Tensor, { xAsConvOutput, options }: Cache): void {
    const { dWeight } = conv2dBackwardWeight(dy, xAsConvOutput, this.weight.value.shape, options, false);
    accumulateGrad(this.weight, dWeight.data);
    if (this.bias) {
      const [n, c, h, w] = dy.shape;
      accumulateGrad(this.bias, sum(sum(dy.reshape([n, c, h * w]), 2), 0).data);
    }
  }
}
