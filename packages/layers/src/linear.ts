import { type DType, matmul, type PlanRequest, stepArray, Tensor } from '@scratchnet/tensor';
import { positiveInteger } from './validate-args';
import { WeightedLayer, type WeightedLayerOptions } from './weighted-layer';

export type LinearOptions = WeightedLayerOptions;

/** y = x·Wᵀ + b with weight [out, in] and bias [out] (PyTorch layout); x is [N, in]. */
export class Linear extends WeightedLayer {
  readonly kind = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    positiveInteger('Linear', 'inFeatures', inFeatures);
    positiveInteger('Linear', 'outFeatures', outFeatures);
    super(`Linear(${inFeatures} -> ${outFeatures})`, [outFeatures, inFeatures], options);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.configArgs = [inFeatures, outFeatures, this.storedOptions(options)];
  }

  override toString(): string {
    return `Linear(${this.inFeatures} -> ${this.outFeatures})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2 || inputShape[1] !== this.inFeatures) {
      throw this.inputError(`[N, ${this.inFeatures}]`, inputShape);
    }
    return [inputShape[0], this.outFeatures];
  }

  /** The products below: y = x·Wᵀ (added to the bias), dx = dy·W, dW += dyᵀ·x (and db += 1ᵀ·dy). */
  kernelCalls(inputShape: readonly number[]): PlanRequest[] {
    const [batch] = this.outputShape(inputShape);
    const [inputs, outputs] = [this.inFeatures, this.outFeatures];
    const product = (
      m: number,
      n: number,
      k: number,
      transA: boolean,
      transB: boolean,
      accumulate: boolean,
    ) => ({ kernel: 'matmul', args: { m, n, k, transA, transB, accumulate }, dtype: this.dtype }) as const;
    const biased = this.bias !== null;
    return [
      product(batch, outputs, inputs, false, true, biased),
      product(batch, inputs, outputs, false, false, false),
      product(outputs, inputs, batch, true, false, true),
      ...(biased ? [product(1, outputs, batch, false, false, true)] : []),
    ];
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    if (!this.bias) return [matmul(x, this.weight.value, { transB: true }), x];
    // Every row starts as the bias and the GEMM adds x·Wᵀ to it (no separate pass over y).
    const [rows, bias] = [x.shape[0], this.bias.value.data];
    const y = new Tensor(stepArray('Linear', this.dtype, [rows, this.outFeatures]), [rows, this.outFeatures]);
    for (let r = 0; r < rows; r++) y.data.set(bias, r * bias.length);
    matmul(x, this.weight.value, { transB: true, out: y, accumulate: true });
    return [y, x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    // dx = dy·W, with dy [N, out] and W [out, in].
    const dx = matmul(dy, this.weight.value);
    this.parameterGradients(dy, x);
    return dx;
  }

  protected override parameterGradients(dy: Tensor, x: Tensor): void {
    // dW += dyᵀ·x, added by the GEMM straight into the gradient buffer.
    matmul(dy, x, { transA: true, out: this.weight.grad, accumulate: true });
    if (this.bias) {
      // db += 1ᵀ·dy: the column sums of dy, added by the GEMM into the gradient buffer.
      const dBias = new Tensor(this.bias.grad.data, [1, this.outFeatures]);
      matmul(onesRow(x.shape[0], this.dtype), dy, { out: dBias, accumulate: true });
    }
  }
}

const ones = new Map<DType, Tensor>();

/** A [1, n] row of ones: a view of one array per dtype, grown to the largest batch seen. */
function onesRow(n: number, dtype: DType): Tensor {
  let all = ones.get(dtype);
  if (!all || all.size < n) {
    all = Tensor.ones([n], { dtype });
    ones.set(dtype, all);
  }
  return new Tensor(all.data.subarray(0, n), [1, n]);
}
