import { BatchNorm, type BatchNormOptions } from './batch-norm';

/** Batch normalisation over [N, C, H, W], statistics per channel C. */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly expectedText: string;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
    this.expectedText = `[N, ${numFeatures}, H, W]`;
  }
}
