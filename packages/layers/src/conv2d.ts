import {
  type Conv2dOptions,
  type Conv2dPadding,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  formatValue,
  type PlanRequest,
  resolveConv2dGeometry,
  type Tensor,
} from '@scratchnet/tensor';
import { accumulateGrad } from './parameter';
import { optionsObject, positiveInteger } from './validate-args';
import { WeightedLayer, type WeightedLayerOptions } from './weighted-layer';

export interface Conv2dLayerOptions extends WeightedLayerOptions {
  stride?: number | readonly [number, number];
  padding?: Conv2dPadding;
  dilation?: number | readonly [number, number];
  groups?: number;
}

const DEFAULTS: Required<Conv2dOptions> = { stride: 1, padding: 0, dilation: 1, groups: 1 };

function describe(
  inChannels: number,
  outChannels: number,
  [kh, kw]: number[],
  conv: Required<Conv2dOptions>,
): string {
  const extras = Object.entries(conv)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(DEFAULTS[key as keyof Conv2dOptions]))
    .map(([key, value]) => `, ${key}=${formatValue(value)}`)
    .join('');
  return `Conv2d(${inChannels} -> ${outChannels}, kernel ${kh}x${kw}${extras})`;
}

/** Validates the arguments and returns the weight shape [outC, inC/groups, kH, kW]. */
function weightShapeOf(
  inChannels: number,
  outChannels: number,
  kernel: number[],
  conv: Required<Conv2dOptions>,
) {
  positiveInteger('Conv2d', 'inChannels', inChannels);
  positiveInteger('Conv2d', 'outChannels', outChannels);
  const [kh, kw] = kernel;
  positiveInteger('Conv2d', 'kernel height', kh);
  positiveInteger('Conv2d', 'kernel width', kw);
  const label = describe(inChannels, outChannels, kernel, conv);
  const { groups } = conv;
  positiveInteger(label, 'groups', groups);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new Error(
      `${label}: groups (${groups}) must divide inChannels (${inChannels}) and outChannels (${outChannels})`,
    );
  }
  const shape = [outChannels, inChannels / groups, kh, kw];
  // Validates stride, padding and dilation now rather than at the first forward (any large input will do).
  resolveConv2dGeometry([1, inChannels, 1e4, 1e4], shape, conv, label);
  return shape;
}

/**
 * 2-D convolution over NCHW input; weight [outC, inC/groups, kH, kW], bias [outC].
 * The three passes go through the tensor ops, which run on the active backend.
 */
export class Conv2d extends WeightedLayer {
  readonly kind = 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  private readonly conv: Required<Conv2dOptions>;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    rawOptions: Conv2dLayerOptions = {},
  ) {
    const kernel =
      typeof kernelSize === 'number'
        ? [kernelSize, kernelSize]
        : Array.isArray(kernelSize)
          ? [...kernelSize]
          : [];
    const options = optionsObject('Conv2d', rawOptions);
    const { stride, padding, dilation, groups } = { ...DEFAULTS, ...options };
    const conv = { stride, padding, dilation, groups };
    const shape = weightShapeOf(inChannels, outChannels, kernel, conv);
    super(describe(inChannels, outChannels, kernel, conv), shape, options);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = [kernel[0], kernel[1]];
    this.conv = conv;
    this.configArgs = [inChannels, outChannels, [...this.kernelSize], this.storedOptions(options, conv)];
  }

  override toString(): string {
    return describe(this.inChannels, this.outChannels, this.kernelSize, this.conv);
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4 || inputShape[1] !== this.inChannels) {
      throw this.inputError(`[N, ${this.inChannels}, H, W]`, inputShape);
    }
    const g = resolveConv2dGeometry(inputShape, this.weight.value.shape, this.conv, `${this}`);
    return [g.batch, g.outChannels, g.outHeight, g.outWidth];
  }

  kernelCalls(inputShape: readonly number[]): PlanRequest[] {
    this.outputShape(inputShape);
    const geometry = resolveConv2dGeometry(inputShape, this.weight.value.shape, this.conv, `${this}`);
    const kernels = ['conv2dForward', 'conv2dBackwardInput', 'conv2dBackwardWeight'] as const;
    return kernels.map((kernel) => ({ kernel, geometry, dtype: this.dtype }));
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    return [conv2d(x, this.weight.value, this.bias?.value ?? null, this.conv), x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    this.parameterGradients(dy, x);
    return conv2dBackwardInput(dy, this.weight.value, x.shape, this.conv);
  }

  protected override parameterGradients(dy: Tensor, x: Tensor): void {
    const { dWeight, dBias } = conv2dBackwardWeight(
      x,
      dy,
      this.weight.value.shape,
      this.conv,
      this.bias !== null,
    );
    accumulateGrad(this.weight, dWeight.data);
    if (this.bias && dBias) accumulateGrad(this.bias, dBias.data);
  }
}
