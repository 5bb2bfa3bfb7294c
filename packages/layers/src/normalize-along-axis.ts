import { allocate, type FloatArray, Tensor } from '@scratchnet/tensor';
import { axisLanes, resolveAxis } from './axis-lanes';
import { BaseLayer } from './layer';
import type { LayerConfig } from './layer-config';

/** One 1-D lane along the normalised axis: `length` elements, `stride` apart from `start`. */
export interface Lane {
  start: number;
  stride: number;
  length: number;
}

/**
 * Shared by Softmax and LogSoftmax: a normalisation along `axis` of any input of rank ≥ 1,
 * caching its output y; the backward pass is one small reduction per lane.
 */
export abstract class NormalizeAlongAxis extends BaseLayer {
  readonly kind: string;
  readonly axis: number;

  constructor(kind: string, axis: number) {
    super();
    this.kind = kind;
    if (!Number.isInteger(axis)) throw new Error(`${kind}: axis must be an integer, got ${String(axis)}`);
    this.axis = axis;
  }

  override toString(): string {
    return `${this.kind}(axis=${this.axis})`;
  }

  override config(): LayerConfig {
    return { kind: this.kind, args: [this.axis] };
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length === 0) throw this.inputError('of rank >= 1', inputShape);
    resolveAxis(`${this}`, this.axis, inputShape);
    return [...inputShape];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected backwardPass(dy: Tensor, y: Tensor): Tensor {
    const lanes = axisLanes(`${this}`, y.shape, this.axis);
    const dx = allocate(y.dtype, y.size);
    for (let lane = 0; lane < lanes.count; lane++) {
      this.laneBackward(y.data, dy.data, dx, {
        start: lanes.start(lane),
        stride: lanes.stride,
        length: lanes.length,
      });
    }
    return new Tensor(dx, y.shape);
  }

  protected abstract laneBackward(y: FloatArray, dy: FloatArray, dx: FloatArray, lane: Lane): void;
}
