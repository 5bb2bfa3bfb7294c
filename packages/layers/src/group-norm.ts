import type { DType } from '@scratchnet/tensor';
import { jsonOptions } from './layer-config';
import { RowNormLayer } from './row-norm-layer';
import type { RowLayout } from './row-norm-math';
import { optionsObject, positiveInteger } from './validate-args';

export interface GroupNormOptions {
  eps?: number;
  /** A learnable per-channel `weight` (γ) and `bias` (β). */
  affine?: boolean;
  dtype?: DType;
}

/**
 * PyTorch's nn.GroupNorm: the C channels of each sample are split into numGroups groups of
 * consecutive channels, each normalised over its channels and all positions (mean and biased
 * variance), then y = weight[c]·x̂ + bias[c]. Input [N, C, *]; weight and bias [C].
 */
export class GroupNorm extends RowNormLayer {
  readonly kind = 'GroupNorm';
  readonly numGroups: number;
  readonly numChannels: number;

  constructor(numGroups: number, numChannels: number, rawOptions: GroupNormOptions = {}) {
    const options = optionsObject('GroupNorm', rawOptions);
    positiveInteger('GroupNorm', 'numGroups', numGroups);
    positiveInteger('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) {
      throw new Error(
        `GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`,
      );
    }
    const { eps = 1e-5, affine = true, dtype = 'float32' } = options;
    const label = `GroupNorm(${numGroups}, ${numChannels})`;
    super(label, [numChannels], { eps, weight: affine, bias: affine, dtype });
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.configArgs = [numGroups, numChannels, jsonOptions({ eps, affine, dtype })];
  }

  override toString(): string {
    return `GroupNorm(${this.numGroups}, ${this.numChannels})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 2 || inputShape[1] !== this.numChannels) {
      throw this.inputError(`[N, ${this.numChannels}, *]`, inputShape);
    }
    return [...inputShape];
  }

  protected layoutOf(shape: readonly number[]): RowLayout {
    const positions = shape.slice(2).reduce((p, d) => p * d, 1);
    const channelsPerGroup = this.numChannels / this.numGroups;
    return {
      rows: shape[0] * this.numGroups,
      length: channelsPerGroup * positions,
      period: this.numGroups,
      repeat: positions,
    };
  }
}
