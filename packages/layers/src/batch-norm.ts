import {
  type DType,
  type FloatArray,
  formatShape,
  formatValue,
  stepArray,
  Tensor,
  validateShape,
} from '@scratchnet/tensor';
import {
  batchNormBackward,
  type ChannelLayout,
  channelMoments,
  normalize,
  type Statistics,
} from './batch-norm-math';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { accumulateGrad, createParameter, type NamedBuffer, type Parameter } from './parameter';
import { checkDtypeArg, finiteNumber, optionsObject, positiveInteger } from './validate-args';

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the new batch in the running averages; null = cumulative average (PyTorch's None). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

/** The input ranks a variant accepts, and how they read in an error message for C features. */
export interface InputRanks {
  ranks: readonly number[];
  describe(features: number): string;
}

interface BatchNormCache {
  /** The input, from which backward forms x̂ again. */
  x: FloatArray;
  stats: Statistics;
  layout: ChannelLayout;
  usedBatchStats: boolean;
}

/**
 * PyTorch's batch normalisation rules: training normalises with the biased batch variance and
 * updates running_var with the unbiased one, running = (1 − m)·running + m·batch; eval uses the
 * running statistics (or batch statistics when trackRunningStats is false).
 * BatchNorm1d and BatchNorm2d only fix the accepted input ranks; the arithmetic is in batch-norm-math.ts.
 */
export class BatchNorm extends BaseLayer<BatchNormCache> {
  readonly kind: string;
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly dtype: DType;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  /** A float64 scalar holding an integer count (PyTorch keeps an int64). */
  readonly numBatchesTracked: Tensor | null;

  private readonly accepts: InputRanks;

  constructor(kind: string, accepts: InputRanks, numFeatures: number, rawOptions: BatchNormOptions = {}) {
    super();
    const options = optionsObject(kind, rawOptions);
    this.kind = kind;
    this.accepts = accepts;
    this.numFeatures = positiveInteger(kind, 'numFeatures', numFeatures);
    const {
      eps = 1e-5,
      momentum = 0.1,
      affine = true,
      trackRunningStats = true,
      dtype = 'float32',
    } = options;
    this.configArgs = [numFeatures, jsonOptions({ eps, momentum, affine, trackRunningStats, dtype })];
    this.eps = finiteNumber(kind, 'eps', eps);
    if (!(eps > 0)) throw new Error(`${kind}: eps must be positive, got ${formatValue(eps)}`);
    if (momentum !== null && !(finiteNumber(kind, 'momentum', momentum) >= 0 && momentum <= 1)) {
      throw new Error(`${kind}: momentum must be in [0, 1] or null, got ${formatValue(momentum)}`);
    }
    this.momentum = momentum;
    this.dtype = checkDtypeArg(kind, dtype);
    const vector = (name: string, value: number) => {
      validateShape(`${this}`, [numFeatures], name);
      return Tensor.full([numFeatures], value, { dtype });
    };
    this.weight = affine ? createParameter('weight', vector('weight', 1)) : null;
    this.bias = affine ? createParameter('bias', vector('bias', 0)) : null;
    this.runningMean = trackRunningStats ? vector('running_mean', 0) : null;
    this.runningVar = trackRunningStats ? vector('running_var', 1) : null;
    this.numBatchesTracked = trackRunningStats ? Tensor.zeros([], { dtype: 'float64' }) : null;
  }

  override toString(): string {
    return `${this.kind}(${this.numFeatures})`;
  }

  override parameters(): Parameter[] {
    return this.weight && this.bias ? [this.weight, this.bias] : [];
  }

  override buffers(): NamedBuffer[] {
    if (!this.runningMean || !this.runningVar || !this.numBatchesTracked) return [];
    return [
      { name: 'running_mean', value: this.runningMean },
      { name: 'running_var', value: this.runningVar },
      { name: 'num_batches_tracked', value: this.numBatchesTracked, integer: true },
    ];
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (!this.accepts.ranks.includes(inputShape.length) || inputShape[1] !== this.numFeatures) {
      throw this.inputError(this.accepts.describe(this.numFeatures), inputShape);
    }
    return [...inputShape];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor, training: boolean): [Tensor, BatchNormCache] {
    const layout: ChannelLayout = {
      batch: x.shape[0],
      channels: this.numFeatures,
      inner: x.shape.slice(2).reduce((p, d) => p * d, 1),
    };
    const usedBatchStats = training || !this.runningMean;
    let mean: ArrayLike<number>;
    let variance: ArrayLike<number>;
    if (usedBatchStats) {
      const moments = channelMoments(x.data, layout);
      if (moments.count < 2 && training) {
        throw new Error(
          `${this}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`,
        );
      }
      ({ mean, variance } = moments);
      if (training) this.updateRunningStats(moments.mean, moments.variance, moments.count);
    } else {
      mean = this.runningMean!.data;
      variance = this.runningVar!.data;
    }
    const invStd = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + this.eps));
    const y = stepArray(`${this}`, x.dtype, x.shape);
    const affine =
      this.weight && this.bias ? { gamma: this.weight.value.data, beta: this.bias.value.data } : null;
    // Copied: the running statistics the eval path reads change with the next training step.
    const stats = { mean: Float64Array.from(mean), invStd };
    normalize(x.data, layout, stats, affine, y);
    return [new Tensor(y, x.shape), { x: x.data, stats, layout, usedBatchStats }];
  }

  protected backwardPass(dy: Tensor, { x, stats, layout, usedBatchStats }: BatchNormCache): Tensor {
    const dx = stepArray(`${this}`, dy.dtype, dy.shape, 'dx');
    const gamma = this.weight?.value.data ?? null;
    const { dGamma, dBeta } = batchNormBackward(dy.data, x, stats, gamma, layout, usedBatchStats, dx);
    if (this.weight && this.bias) {
      accumulateGrad(this.weight, dGamma);
      accumulateGrad(this.bias, dBeta);
    }
    return new Tensor(dx, dy.shape);
  }

  private updateRunningStats(mean: Float64Array, variance: Float64Array, count: number): void {
    if (!this.runningMean || !this.runningVar || !this.numBatchesTracked) return;
    this.numBatchesTracked.data[0] += 1;
    const m = this.momentum ?? 1 / this.numBatchesTracked.data[0];
    const unbiased = count / (count - 1);
    for (let c = 0; c < this.numFeatures; c++) {
      this.runningMean.data[c] = (1 - m) * this.runningMean.data[c] + m * mean[c];
      this.runningVar.data[c] = (1 - m) * this.runningVar.data[c] + m * variance[c] * unbiased;
    }
  }
}
