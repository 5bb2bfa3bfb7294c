import { BaseLayer } from '@scratchnet/layers';
import { allocate, formatShape, formatValue, stridesOf, Tensor } from '@scratchnet/tensor';

/** y[i0, i1, …] = x at the indices permuted: output axis k is input axis perm[k]. */
function permute(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]);
  const inStrides = stridesOf(x.shape);
  const strides = perm.map((p) => inStrides[p]);
  const out = allocate(x.dtype, x.size);
  const index = new Array<number>(shape.length).fill(0);
  let source = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x.data[source];
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      source += strides[d];
      if (index[d] < shape[d]) break;
      source -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** ONNX's Transpose as a layer: axes permuted by `perm`; backward applies the inverse permutation. */
export class Transpose extends BaseLayer<null> {
  readonly kind = 'Transpose';
  readonly perm: readonly number[];
  private readonly inverse: readonly number[];

  constructor(perm: readonly number[]) {
    super();
    const sorted = Array.isArray(perm) ? [...perm].sort((a, b) => a - b) : [];
    if (!Array.isArray(perm) || perm.length === 0 || sorted.some((p, i) => p !== i)) {
      throw new Error(`Transpose: perm must be a permutation of 0..rank-1, got ${formatValue(perm)}`);
    }
    this.perm = [...perm];
    this.inverse = perm.map((_, i) => perm.indexOf(i));
    this.configArgs = [[...perm]];
  }

  override toString(): string {
    return `Transpose(${formatShape(this.perm)})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== this.perm.length)
      throw this.inputError(`of rank ${this.perm.length}`, inputShape);
    return this.perm.map((p) => inputShape[p]);
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, null] {
    return [permute(x, this.perm), null];
  }

  protected backwardPass(dy: Tensor): Tensor {
    return permute(dy, this.inverse);
  }
}
