import { matmul, type PlanRequest, type Tensor } from '@scratchnet/tensor';
import { accumulateGrad } from './parameter';
import { addRowBias, sumRows } from './row-bias';
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

  /** The three products below: y = x·Wᵀ, dx = dy·W, dW += dyᵀ·x. */
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
    return [
      product(batch, outputs, inputs, false, true, false),
      product(batch, inputs, outputs, false, false, false),
      product(outputs, inputs, batch, true, false, true),
    ];
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const y = matmul(x, this.weight.value, { transB: true });
    if (this.bias) addRowBias(y.data, this.bias.value.data, x.shape[0]);
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
    if (this.bias) accumulateGrad(this.bias, sumRows(dy.data, x.shape[0], this.outFeatures));
  }
}
