import { allocate, type FloatArray, formatValue, Tensor } from '@scratchnet/tensor';
import { axisLanes, resolveAxis } from './axis-lanes';
import { BaseLayer } from './layer';

/** One 1-D lane along the normalised axis: `length` elements, `stride` apart from `start`. */
export interface Lane {
  start: number;
  stride: number;
  length: number;
}

/** What distinguishes Softmax from LogSoftmax: the forward op, and dx from y and dy along one lane. */
export interface AxisNormalization {
  kind: string;
  forward(x: Tensor, axis: number): Tensor;
  laneBackward(y: FloatArray, dy: FloatArray, dx: FloatArray, lane: Lane): void;
}

/** A normalisation along `axis` of any input of rank ≥ 1; caches its output y for the backward pass. */
export class NormalizeAlongAxis extends BaseLayer {
  readonly kind: string;
  readonly axis: number;
  private readonly op: AxisNormalization;

  constructor(op: AxisNormalization, axis: number) {
    super();
    this.kind = op.kind;
    this.op = op;
    if (!Number.isInteger(axis))
      throw new Error(`${op.kind}: axis must be an integer, got ${formatValue(axis)}`);
    this.axis = axis;
    this.configArgs = [axis];
  }

  override toString(): string {
    return `${this.kind}(axis=${this.axis})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length === 0) throw this.inputError('of rank >= 1', inputShape);
    resolveAxis(`${this}`, this.axis, inputShape);
    return [...inputShape];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const y = this.op.forward(x, this.axis);
    return [y, y];
  }

  protected backwardPass(dy: Tensor, y: Tensor): Tensor {
    const lanes = axisLanes(`${this}`, y.shape, this.axis);
    const dx = allocate(y.dtype, y.size);
    for (let lane = 0; lane < lanes.count; lane++) {
      this.op.laneBackward(y.data, dy.data, dx, {
        start: lanes.start(lane),
        stride: lanes.stride,
        length: lanes.length,
      });
    }
    return new Tensor(dx, y.shape);
  }
}
