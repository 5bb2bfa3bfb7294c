import { formatValue } from '@scratchnet/tensor';
import type { AxisTaps } from './resample2d';
import { Resample2dLayer } from './resample2d-layer';
import { positiveInteger } from './validate-args';

/**
 * Output i of an axis of `inSize` averages inputs [⌊i·inSize/outSize⌋, ⌈(i+1)·inSize/outSize⌉)
 * (PyTorch's adaptive windows: they cover the axis, may overlap by one, and differ in size by at most one).
 */
export function adaptiveWindows(inSize: number, outSize: number): AxisTaps {
  return Array.from({ length: outSize }, (_, i) => {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    return Array.from({ length: end - start }, (_, k) => ({ index: start + k, weight: 1 / (end - start) }));
  });
}

/** PyTorch's nn.AdaptiveAvgPool2d: [N, C, H, W] -> [N, C, outH, outW] for any H and W, by adaptive windows. */
export class AdaptiveAvgPool2d extends Resample2dLayer {
  readonly kind = 'AdaptiveAvgPool2d';
  readonly outputSize: readonly [number, number];

  constructor(outputSize: number | readonly [number, number]) {
    super();
    const pair = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new Error(
        `AdaptiveAvgPool2d: outputSize must be a positive integer or [height, width], got ${formatValue(outputSize)}`,
      );
    }
    positiveInteger('AdaptiveAvgPool2d', 'outputSize height', pair[0]);
    positiveInteger('AdaptiveAvgPool2d', 'outputSize width', pair[1]);
    this.outputSize = [pair[0], pair[1]];
    this.configArgs = [typeof outputSize === 'number' ? outputSize : [...this.outputSize]];
  }

  override toString(): string {
    return `AdaptiveAvgPool2d(${this.outputSize.join('x')})`;
  }

  protected sizeFor(): [number, number] {
    return [...this.outputSize];
  }

  protected taps(inSize: number, outSize: number): AxisTaps {
    return adaptiveWindows(inSize, outSize);
  }
}
