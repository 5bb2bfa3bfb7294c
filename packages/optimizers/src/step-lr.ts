import { LRScheduler, type LrHolder } from './lr-scheduler';
import { checkNumber, checkPositiveInteger } from './options';

export interface StepLROptions {
  stepSize: number;
  gamma?: number;
}

/** PyTorch's StepLR: multiplies the lr by gamma every stepSize epochs. */
export class StepLR extends LRScheduler {
  private readonly stepSize: number;
  private readonly gamma: number;

  constructor(optimizer: LrHolder, { stepSize, gamma = 0.1 }: StepLROptions) {
    super(optimizer);
    this.stepSize = checkPositiveInteger('StepLR', 'stepSize', stepSize);
    this.gamma = checkNumber('StepLR', 'gamma', gamma);
  }

  protected nextLr(epoch: number, currentLr: number): number {
    return epoch % this.stepSize === 0 ? currentLr * this.gamma : currentLr;
  }
}
