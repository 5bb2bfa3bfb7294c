import type { Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { type AxisTaps, resample2d, resample2dBackward } from './resample2d';

interface ResampleCache {
  rows: AxisTaps;
  cols: AxisTaps;
  inputShape: readonly number[];
}

/**
 * Shared by AdaptiveAvgPool2d and Upsample: NCHW input, an output size decided from the input's
 * H and W, and per-axis taps (see resample2d.ts) that say what each output row and column reads.
 */
export abstract class Resample2dLayer extends BaseLayer<ResampleCache> {
  /** [outH, outW] for an input of height h and width w (validated: both at least 1). */
  protected abstract sizeFor(h: number, w: number): [number, number];

  /** The taps of one axis resampled from `inSize` to `outSize` positions; axis 0 is H, 1 is W. */
  protected abstract taps(inSize: number, outSize: number, axis: 0 | 1): AxisTaps;

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4 || inputShape[2] < 1 || inputShape[3] < 1) {
      throw this.inputError('[N, C, H, W] with H, W >= 1', inputShape);
    }
    const [n, c, h, w] = inputShape;
    return [n, c, ...this.sizeFor(h, w)];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, ResampleCache] {
    const [, , outH, outW] = this.outputShape(x.shape);
    const rows = this.taps(x.shape[2], outH, 0);
    const cols = this.taps(x.shape[3], outW, 1);
    return [resample2d(x, rows, cols), { rows, cols, inputShape: x.shape }];
  }

  protected backwardPass(dy: Tensor, { rows, cols, inputShape }: ResampleCache): Tensor {
    return resample2dBackward(dy, rows, cols, inputShape);
  }
}
