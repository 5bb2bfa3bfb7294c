import { formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/** `dims` with negative entries resolved, or an error unless it lists each axis 0 … rank−1 once. */
function checkDims(dims: unknown): number[] {
  const rank = Array.isArray(dims) ? dims.length : 0;
  const order = Array.isArray(dims) ? dims.map((d) => (Number.isInteger(d) && d < 0 ? d + rank : d)) : [];
  const valid =
    rank > 0 && order.every((d, i) => Number.isInteger(d) && d >= 0 && d < rank && order.indexOf(d) === i);
  if (!valid) {
    throw new Error(
      `Permute: dims must list each axis of the input once (0 … rank-1, or negative from the end), got ${formatValue(dims)}`,
    );
  }
  return order;
}

/**
 * Reorders all the axes, the batch axis included: y = x.permute(dims), as torchvision.ops.Permute
 * (PyTorch has no nn.Permute). `new Permute([1, 0, 2])` turns [L, N, E] into [N, L, E] and back.
 * A copy; backward applies the inverse order.
 */
export class Permute extends BaseLayer<null> {
  readonly kind = 'Permute';
  readonly dims: readonly number[];
  private readonly inverse: readonly number[];

  constructor(dims: readonly number[]) {
    super();
    this.dims = checkDims(dims);
    const inverse = new Array<number>(this.dims.length);
    this.dims.forEach((d, i) => {
      inverse[d] = i;
    });
    this.inverse = inverse;
    this.configArgs = [[...(dims as number[])]];
  }

  override toString(): string {
    return `Permute(${formatShape(this.dims)})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== this.dims.length) {
      throw this.inputError(`a tensor of rank ${this.dims.length}`, inputShape);
    }
    return this.dims.map((d) => inputShape[d]);
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, null] {
    return [x.permute(this.dims), null];
  }

  protected backwardPass(dy: Tensor): Tensor {
    return dy.permute(this.inverse);
  }
}
