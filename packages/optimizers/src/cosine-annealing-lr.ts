import { LRScheduler, type LrHolder } from './lr-scheduler';
import { checkNumber, checkPositiveInteger } from './options';

export interface CosineAnnealingLROptions {
  tMax: number;
  etaMin?: number;
}

/**
 * PyTorch's CosineAnnealingLR with its recursive update, so values match torch's
 * step by step (also past tMax, where torch's recursion climbs back up).
 * Closed form: etaMin + (baseLr - etaMin) * (1 + cos(pi * t / tMax)) / 2.
 */
export class CosineAnnealingLR extends LRScheduler {
  private readonly tMax: number;
  private readonly etaMin: number;

  constructor(optimizer: LrHolder, { tMax, etaMin = 0 }: CosineAnnealingLROptions) {
    super(optimizer);
    this.tMax = checkPositiveInteger('CosineAnnealingLR', 'tMax', tMax);
    this.etaMin = checkNumber('CosineAnnealingLR', 'etaMin', etaMin);
  }

  protected override initialLr(): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos(0))) / 2;
  }

  protected nextLr(epoch: number, lr: number): number {
    const { tMax, etaMin, baseLr } = this;
    const period = 2 * tMax;
    if ((((epoch - 1 - tMax) % period) + period) % period === 0) {
      return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    return (
      ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) *
        (lr - etaMin) +
      etaMin
    );
  }
}
