/** Anything with a learning rate a schedule can drive (every Optimizer). */
export interface LrHolder {
  lr: number;
}

export interface SchedulerStateDict {
  lastEpoch: number;
  lastLr: number;
}

/**
 * PyTorch's LRScheduler protocol for one parameter group: the constructor records
 * the base lr and sets the epoch-0 lr; each `step()` (once per epoch or per
 * iteration, after `optimizer.step()`) advances one epoch and writes the new lr.
 */
export abstract class LRScheduler {
  readonly baseLr: number;
  protected lastEpoch = 0;
  private lastLr: number;

  /** `baseLr` defaults to the optimizer's current lr. */
  constructor(
    protected readonly optimizer: LrHolder,
    baseLr = optimizer.lr,
  ) {
    this.baseLr = baseLr;
    this.lastLr = optimizer.lr;
  }

  /** The lr of `epoch` (>= 1), given the lr of the epoch before (PyTorch's recursive get_lr). */
  protected abstract nextLr(epoch: number, currentLr: number): number;

  step(): void {
    this.lastEpoch += 1;
    this.setLr(this.nextLr(this.lastEpoch, this.optimizer.lr));
  }

  /** Back to epoch 0 and its lr (what a sequence of schedules does at a milestone). */
  restart(): void {
    this.lastEpoch = 0;
    this.setLr(this.initialLr());
  }

  /** The lr at epoch 0. */
  protected initialLr(): number {
    return this.baseLr;
  }

  getLastLr(): number {
    return this.lastLr;
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, lastLr: this.lastLr };
  }

  loadStateDict(state: SchedulerStateDict): void {
    if (!Number.isInteger(state?.lastEpoch) || state.lastEpoch < 0 || typeof state.lastLr !== 'number') {
      throw new Error(
        `LRScheduler.loadStateDict: expected { lastEpoch, lastLr }, got ${JSON.stringify(state)}`,
      );
    }
    this.lastEpoch = state.lastEpoch;
    this.setLr(state.lastLr);
  }

  protected setLr(lr: number): void {
    this.optimizer.lr = lr;
    this.lastLr = lr;
  }
}
