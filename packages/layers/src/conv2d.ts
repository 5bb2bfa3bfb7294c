import {
  type Conv2dOptions,
  type Conv2dPadding,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  type DType,
  resolveConv2dGeometry,
  type Tensor,
} from '@scratchnet/tensor';
import { checkInitScheme, type InitScheme, initBias, initWeight } from './init';
import { BaseLayer } from './layer';
import { jsonOptions, type LayerConfig } from './layer-config';
import { type RandomSource, resolveRng } from './layer-rng';
import { accumulateGrad, createParameter, type Parameter } from './parameter';
import { checkDtypeArg, positiveInteger } from './validate-args';

export interface Conv2dLayerOptions extends RandomSource {
  stride?: number | readonly [number, number];
  padding?: Conv2dPadding;
  dilation?: number | readonly [number, number];
  groups?: number;
  bias?: boolean;
  dtype?: DType;
  init?: InitScheme;
}

function kernelPair(kernelSize: number | readonly [number, number]): [number, number] {
  const [kh, kw] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : (kernelSize ?? []);
  return [positiveInteger('Conv2d', 'kernel height', kh), positiveInteger('Conv2d', 'kernel width', kw)];
}

/**
 * 2-D convolution over NCHW input; weight [outC, inC/groups, kH, kW], bias [outC].
 * The three passes go through the tensor ops, which run on the active backend.
 */
export class Conv2d extends BaseLayer {
  readonly kind = 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  private readonly convOptions: Conv2dOptions;
  private readonly options: Conv2dLayerOptions;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2dLayerOptions = {},
  ) {
    super();
    this.inChannels = positiveInteger('Conv2d', 'inChannels', inChannels);
    this.outChannels = positiveInteger('Conv2d', 'outChannels', outChannels);
    this.kernelSize = kernelPair(kernelSize);
    const {
      stride = 1,
      padding = 0,
      dilation = 1,
      groups = 1,
      bias = true,
      dtype = 'float32',
      init = 'default',
    } = options;
    this.convOptions = { stride, padding, dilation, groups };
    this.options = { ...options, stride, padding, dilation, groups, bias, dtype, init };
    this.dtype = checkDtypeArg(`${this}`, dtype);
    positiveInteger(`${this}`, 'groups', groups);
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new Error(
        `${this}: groups (${groups}) must divide inChannels (${inChannels}) and outChannels (${outChannels})`,
      );
    }
    // Validates stride, padding and dilation now rather than at the first forward.
    const [kh, kw] = this.kernelSize;
    resolveConv2dGeometry([1, inChannels, 1e4, 1e4], this.weightShape(), this.convOptions, `${this}`);
    const scheme = checkInitScheme(`${this}`, init);
    const rng = resolveRng(`${this}`, options);
    this.weight = createParameter('weight', initWeight(this.weightShape(), scheme, rng, dtype));
    const fanIn = (inChannels / groups) * kh * kw;
    this.bias = bias ? createParameter('bias', initBias(outChannels, fanIn, scheme, rng, dtype)) : null;
  }

  private weightShape(): number[] {
    const groups = this.convOptions.groups ?? 1;
    return [this.outChannels, this.inChannels / groups, ...this.kernelSize];
  }

  override toString(): string {
    const [kh, kw] = this.kernelSize ?? [];
    const extras = Object.entries(this.convOptions ?? {})
      .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(key === 'padding' ? 0 : 1))
      .map(([key, value]) => `, ${key}=${JSON.stringify(value)}`)
      .join('');
    return `Conv2d(${this.inChannels} -> ${this.outChannels}, kernel ${kh}x${kw}${extras})`;
  }

  override parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  override config(): LayerConfig {
    const args = [this.inChannels, this.outChannels, [...this.kernelSize], jsonOptions({ ...this.options })];
    return { kind: this.kind, args };
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4 || inputShape[1] !== this.inChannels) {
      throw this.inputError(`[N, ${this.inChannels}, H, W]`, inputShape);
    }
    const g = resolveConv2dGeometry(inputShape, this.weightShape(), this.convOptions, `${this}`);
    return [g.batch, g.outChannels, g.outHeight, g.outWidth];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    return [conv2d(x, this.weight.value, this.bias?.value ?? null, this.convOptions), x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    const { dWeight, dBias } = conv2dBackwardWeight(
      x,
      dy,
      this.weight.value.shape,
      this.convOptions,
      !!this.bias,
    );
    accumulateGrad(this.weight, dWeight.data);
    if (this.bias && dBias) accumulateGrad(this.bias, dBias.data);
    return conv2dBackwardInput(dy, this.weight.value, x.shape, this.convOptions);
  }
}
