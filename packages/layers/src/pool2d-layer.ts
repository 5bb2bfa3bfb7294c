import { formatValue, type Pool2dOptions, resolvePool2dGeometry, type Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { type JsonValue, jsonOptions } from './layer-config';
import { optionsObject } from './validate-args';

export type KernelSize = number | readonly [number, number];

/** Shared by MaxPool2d and AvgPool2d: NCHW input, window, stride (default: the window), padding. */
export abstract class Pool2dLayer<
  Cache,
  Options extends Pool2dOptions = Pool2dOptions,
> extends BaseLayer<Cache> {
  readonly kind: string;
  readonly kernelSize: KernelSize;
  protected readonly options: Options;

  constructor(kind: string, kernelSize: KernelSize, rawOptions: Options) {
    super();
    const options = optionsObject(kind, rawOptions);
    this.kind = kind;
    this.kernelSize = kernelSize;
    this.options = { ...options };
    this.configArgs = [kernelSize as JsonValue, jsonOptions(options)];
    // Validates the window, stride and padding now rather than at the first forward.
    resolvePool2dGeometry([1, 1, 1e4, 1e4], kernelSize, options, `${this}`);
  }

  override toString(): string {
    const extras = Object.entries(this.options ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([key, value]) => `, ${key}=${formatValue(value)}`)
      .join('');
    return `${this.kind}(${formatValue(this.kernelSize)}${extras})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4) throw this.inputError('[N, C, H, W]', inputShape);
    const g = resolvePool2dGeometry(inputShape, this.kernelSize, this.options, `${this}`);
    return [g.batch, g.channels, g.outHeight, g.outWidth];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }
}
