import { BatchNorm, type BatchNormOptions } from './batch-norm';

/** Batch normalisation over [N, C] or [N, C, L], statistics per feature C. */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly expectedText: string;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
    this.expectedText = `[N, ${numFeatures}] or [N, ${numFeatures}, L]`;
  }
}
