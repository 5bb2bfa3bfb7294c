import type { LrHolder } from './lr-scheduler';
import { checkNumber } from './options';

export interface ReduceLROnPlateauOptions {
  /** 'min': a lower metric is better (a loss); 'max': higher is better (an accuracy). */
  mode?: 'min' | 'max';
  /** The lr is multiplied by this on a plateau (< 1). */
  factor?: number;
  /** Epochs without improvement tolerated before the lr is reduced. */
  patience?: number;
  /** How much better counts as better: relative (best × (1 ∓ threshold)) or absolute. */
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  /** Epochs after a reduction during which bad epochs are not counted. */
  cooldown?: number;
  minLr?: number;
  /** A reduction smaller than eps is skipped. */
  eps?: number;
}

export interface PlateauStateDict {
  lastEpoch: number;
  lastLr: number;
  /** null while no metric has been seen (torch's ±inf, which JSON cannot hold). */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
}

/**
 * PyTorch's ReduceLROnPlateau: `step(metric)` once per epoch (say, with the validation
 * loss); when the metric has not improved for more than `patience` epochs the lr is
 * multiplied by `factor` (not below `minLr`) and a cooldown starts.
 */
export class ReduceLROnPlateau {
  private readonly mode: 'min' | 'max';
  private readonly factor: number;
  private readonly patience: number;
  private readonly threshold: number;
  private readonly thresholdMode: 'rel' | 'abs';
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly eps: number;
  private lastEpoch = 0;
  private lastLr: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;

  constructor(
    private readonly optimizer: LrHolder,
    {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    }: ReduceLROnPlateauOptions = {},
  ) {
    const name = 'ReduceLROnPlateau';
    if (mode !== 'min' && mode !== 'max') {
      throw new Error(`${name}: option mode must be 'min' or 'max', got ${String(mode)}`);
    }
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new Error(`${name}: option thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`);
    }
    this.mode = mode;
    this.thresholdMode = thresholdMode;
    this.factor = checkNumber(name, 'factor', factor, { max: 1, below: true });
    this.patience = checkInteger(name, 'patience', patience);
    this.threshold = checkNumber(name, 'threshold', threshold);
    this.cooldown = checkInteger(name, 'cooldown', cooldown);
    this.minLr = checkNumber(name, 'minLr', minLr);
    this.eps = checkNumber(name, 'eps', eps);
    this.best = this.worst();
    this.lastLr = optimizer.lr;
  }

  /** Records one epoch's metric; reduces the lr after a plateau longer than patience. */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric)) {
      throw new Error(`ReduceLROnPlateau.step: metric must be a number, got ${String(metric)}`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const old = this.optimizer.lr;
      const next = Math.max(old * this.factor, this.minLr);
      if (old - next > this.eps) this.optimizer.lr = next;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.lr;
  }

  getLastLr(): number {
    return this.lastLr;
  }

  stateDict(): PlateauStateDict {
    const { lastEpoch, lastLr, numBadEpochs, cooldownCounter } = this;
    const best = Number.isFinite(this.best) ? this.best : null;
    return { lastEpoch, lastLr, best, numBadEpochs, cooldownCounter };
  }

  loadStateDict(state: PlateauStateDict): void {
    const counts = [state?.lastEpoch, state?.numBadEpochs, state?.cooldownCounter];
    if (
      !counts.every((n) => Number.isInteger(n) && (n as number) >= 0) ||
      typeof state.lastLr !== 'number' ||
      (state.best !== null && typeof state.best !== 'number')
    ) {
      throw new Error(
        `ReduceLROnPlateau.loadStateDict: expected { lastEpoch, lastLr, best, numBadEpochs, cooldownCounter }, got ${JSON.stringify(state)}`,
      );
    }
    this.lastEpoch = state.lastEpoch;
    this.best = state.best ?? this.worst();
    this.numBadEpochs = state.numBadEpochs;
    this.cooldownCounter = state.cooldownCounter;
    this.optimizer.lr = state.lastLr;
    this.lastLr = state.lastLr;
  }

  private worst(): number {
    return this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min')
      return this.thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return this.thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}

function checkInteger(op: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${op}: option ${option} must be an integer >= 0, got ${String(value)}`);
  }
  return value;
}
