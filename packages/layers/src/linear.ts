import { getKernel, type MatmulArgs, Tensor } from '@scratchnet/tensor';
import { jsonOptions } from './layer-config';
import { accumulateGrad } from './parameter';
import { addRowBias, sumRows } from './row-bias';
import { positiveInteger } from './validate-args';
import { WeightedLayer, type WeightedLayerOptions } from './weighted-layer';

export type LinearOptions = WeightedLayerOptions;

function gemmArgs(m: number, n: number, k: number, flags: Partial<MatmulArgs>): MatmulArgs {
  return { m, n, k, transA: false, transB: false, accumulate: false, ...flags };
}

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
    const stored = {
      ...options,
      bias: this.bias !== null,
      dtype: this.dtype,
      init: options.init ?? 'default',
    };
    this.configArgs = [inFeatures, outFeatures, jsonOptions(stored)];
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

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const n = x.shape[0];
    const y = Tensor.zeros([n, this.outFeatures], { dtype: this.dtype });
    const gemm = getKernel('matmul', this.dtype);
    gemm(
      x.data,
      this.weight.value.data,
      y.data,
      gemmArgs(n, this.outFeatures, this.inFeatures, { transB: true }),
    );
    if (this.bias) addRowBias(y.data, this.bias.value.data, n);
    return [y, x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    const n = x.shape[0];
    const dx = Tensor.zeros([n, this.inFeatures], { dtype: this.dtype });
    // dx = dy·W, with dy [N, out] and W [out, in].
    const args = gemmArgs(n, this.inFeatures, this.outFeatures, {});
    getKernel('matmul', this.dtype)(dy.data, this.weight.value.data, dx.data, args);
    this.parameterGradients(dy, x);
    return dx;
  }

  protected override parameterGradients(dy: Tensor, x: Tensor): void {
    const n = x.shape[0];
    // dW += dyᵀ·x, straight into the gradient buffer.
    const weightGrad = gemmArgs(this.outFeatures, this.inFeatures, n, { transA: true, accumulate: true });
    getKernel('matmul', this.dtype)(dy.data, x.data, this.weight.grad.data, weightGrad);
    if (this.bias) accumulateGrad(this.bias, sumRows(dy.data, n, this.outFeatures));
  }
}
