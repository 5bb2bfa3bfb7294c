import { accumulateGrad, BaseLayer, createParameter, type Parameter } from '@scratchnet/layers';
import {
  add,
  broadcastShapes,
  type DType,
  formatShape,
  mul,
  stridesOf,
  Tensor,
  validateShape,
} from '@scratchnet/tensor';

/** dy summed down to `shape` (right-aligned, as broadcasting stretched it): the gradient of a broadcast operand. */
function sumToShape(dy: Tensor, shape: readonly number[]): Float64Array {
  const out = new Float64Array(shape.reduce((p, d) => p * d, 1));
  const offset = dy.rank - shape.length;
  const own = stridesOf(shape);
  // The stride in `out` of each axis of dy: 0 where the parameter is broadcast along it.
  const strides = dy.shape.map((_, k) => (k < offset || shape[k - offset] === 1 ? 0 : own[k - offset]));
  const index = new Array<number>(dy.rank).fill(0);
  let target = 0;
  for (let i = 0; i < dy.size; i++) {
    out[target] += dy.data[i];
    for (let d = dy.rank - 1; d >= 0; d--) {
      index[d]++;
      target += strides[d];
      if (index[d] < dy.shape[d]) break;
      target -= strides[d] * dy.shape[d];
      index[d] = 0;
    }
  }
  return out;
}

interface Options {
  dtype?: DType;
}

/**
 * x combined elementwise with a learnable tensor that broadcasts into x (ONNX Add or Mul with an
 * initializer that is not a Linear's bias): Shift adds `bias`, Scale multiplies by `weight`.
 */
abstract class BroadcastParameter extends BaseLayer<Tensor> {
  readonly parameter: Parameter;

  constructor(
    readonly label: string,
    name: string,
    readonly shape: readonly number[],
    fill: number,
    options: Options,
  ) {
    super();
    validateShape(label, shape, name);
    this.parameter = createParameter(name, Tensor.full(shape, fill, { dtype: options.dtype ?? 'float32' }));
    this.configArgs = [[...shape], { dtype: this.parameter.value.dtype }];
  }

  override toString(): string {
    return `${this.label}(${formatShape(this.shape)})`;
  }

  override parameters(): Parameter[] {
    return [this.parameter];
  }

  outputShape(inputShape: readonly number[]): number[] {
    const out = broadcastShapes(inputShape, this.shape, `${this}`);
    if (out.length !== inputShape.length || out.some((d, i) => d !== inputShape[i])) {
      throw this.inputError(`that ${formatShape(this.shape)} broadcasts into`, inputShape);
    }
    return out;
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.parameter.value.dtype);
  }
}

export class Shift extends BroadcastParameter {
  readonly kind = 'Shift';

  constructor(shape: readonly number[], options: Options = {}) {
    super('Shift', 'bias', shape, 0, options);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    return [add(x, this.parameter.value), x];
  }

  protected backwardPass(dy: Tensor): Tensor {
    accumulateGrad(this.parameter, sumToShape(dy, this.shape));
    return dy;
  }
}

export class Scale extends BroadcastParameter {
  readonly kind = 'Scale';

  constructor(shape: readonly number[], options: Options = {}) {
    super('Scale', 'weight', shape, 1, options);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    return [mul(x, this.parameter.value), x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    accumulateGrad(this.parameter, sumToShape(mul(dy, x), this.shape));
    return mul(dy, this.parameter.value);
  }
}
