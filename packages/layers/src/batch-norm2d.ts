import { BatchNorm, type BatchNormOptions } from './batch-norm';

const ACCEPTS = { ranks: [4], describe: (c: number) => `[N, ${c}, H, W]` };

/** Batch normalisation over [N, C, H, W], statistics per channel C. */
export class BatchNorm2d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', ACCEPTS, numFeatures, options);
  }
}
