import { type DType, getKernel, Tensor } from '@scratchnet/tensor';
import { checkInitScheme, type InitScheme, initBias, initWeight } from './init';
import { BaseLayer } from './layer';
import { jsonOptions, type LayerConfig } from './layer-config';
import { type RandomSource, resolveRng } from './layer-rng';
import { accumulateGrad, createParameter, type Parameter } from './parameter';
import { checkDtypeArg, positiveInteger } from './validate-args';

export interface LinearOptions extends RandomSource {
  bias?: boolean;
  dtype?: DType;
  init?: InitScheme;
}

/** y = x·Wᵀ + b with weight [out, in] and bias [out] (PyTorch layout); x is [N, in]. */
export class Linear extends BaseLayer {
  readonly kind = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  private readonly options: LinearOptions;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = positiveInteger('Linear', 'inFeatures', inFeatures);
    this.outFeatures = positiveInteger('Linear', 'outFeatures', outFeatures);
    const { bias = true, dtype = 'float32', init = 'default' } = options;
    this.dtype = checkDtypeArg(`${this}`, dtype);
    const scheme = checkInitScheme(`${this}`, init);
    const rng = resolveRng(`${this}`, options);
    this.options = { ...options, bias, dtype, init };
    this.weight = createParameter('weight', initWeight([outFeatures, inFeatures], scheme, rng, dtype));
    this.bias = bias ? createParameter('bias', initBias(outFeatures, inFeatures, scheme, rng, dtype)) : null;
  }

  override toString(): string {
    return `Linear(${this.inFeatures} -> ${this.outFeatures})`;
  }

  override parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  override config(): LayerConfig {
    return { kind: this.kind, args: [this.inFeatures, this.outFeatures, jsonOptions({ ...this.options })] };
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2 || inputShape[1] !== this.inFeatures) {
      throw this.inputError(`[N, ${this.inFeatures}]`, inputShape);
    }
    return [inputShape[0], this.outFeatures];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const n = x.shape[0];
    const y = Tensor.zeros([n, this.outFeatures], { dtype: this.dtype });
    const gemm = getKernel('matmul', this.dtype);
    gemm(x.data, this.weight.value.data, y.data, {
      m: n,
      n: this.outFeatures,
      k: this.inFeatures,
      transA: false,
      transB: true,
      accumulate: false,
    });
    if (this.bias) {
      const b = this.bias.value.data;
      for (let row = 0; row < n; row++) {
        const offset = row * this.outFeatures;
        for (let j = 0; j < this.outFeatures; j++) y.data[offset + j] += b[j];
      }
    }
    return [y, x];
  }

  protected backwardPass(dy: Tensor, x: Tensor): Tensor {
    const n = x.shape[0];
    const gemm = getKernel('matmul', this.dtype);
    const dx = Tensor.zeros([n, this.inFeatures], { dtype: this.dtype });
    // dx = dy·W: dy is [N, out], W is [out, in].
    gemm(dy.data, this.weight.value.data, dx.data, {
      m: n,
      n: this.inFeatures,
      k: this.outFeatures,
      transA: false,
      transB: false,
      accumulate: false,
    });
    // dW += dyᵀ·x straight into the gradient buffer.
    gemm(dy.data, x.data, this.weight.grad.data, {
      m: this.outFeatures,
      n: this.inFeatures,
      k: n,
      transA: true,
      transB: false,
      accumulate: true,
    });
    if (this.bias) {
      const db = new Float64Array(this.outFeatures);
      for (let row = 0; row < n; row++) {
        const offset = row * this.outFeatures;
        for (let j = 0; j < this.outFeatures; j++) db[j] += dy.data[offset + j];
      }
      accumulateGrad(this.bias, db);
    }
    return dx;
  }
}
