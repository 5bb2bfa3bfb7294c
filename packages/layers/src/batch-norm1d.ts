import { BatchNorm, type BatchNormOptions } from './batch-norm';

const ACCEPTS = { ranks: [2, 3], describe: (c: number) => `[N, ${c}] or [N, ${c}, L]` };

/** Batch normalisation over [N, C] or [N, C, L], statistics per feature C. */
export class BatchNorm1d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', ACCEPTS, numFeatures, options);
  }
}
