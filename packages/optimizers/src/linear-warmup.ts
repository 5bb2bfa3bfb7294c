import { LRScheduler, type LrHolder, type SchedulerStateDict } from './lr-scheduler';
import { checkNumber, checkPositiveInteger } from './options';

export interface LinearWarmupOptions {
  warmupSteps: number;
  /** The lr factor at epoch 0 (PyTorch's LinearLR default, 1/3). */
  startFactor?: number;
  /** A schedule to hand over to after the warm-up, built on the same optimizer before this one. */
  followedBy?: LRScheduler;
}

/**
 * Linear warm-up: lr = baseLr * (startFactor + (1 - startFactor) * t / warmupSteps)
 * for t < warmupSteps, then baseLr, or the `followedBy` schedule, restarted at its
 * epoch 0 on step warmupSteps. The same values as PyTorch's
 * SequentialLR([LinearLR(start_factor, total_iters=warmupSteps), followedBy], milestones=[warmupSteps]).
 */
export class LinearWarmup extends LRScheduler {
  private readonly warmupSteps: number;
  private readonly startFactor: number;
  private readonly following: LRScheduler | undefined;

  constructor(optimizer: LrHolder, { warmupSteps, startFactor = 1 / 3, followedBy }: LinearWarmupOptions) {
    super(optimizer, followedBy?.baseLr);
    this.warmupSteps = checkPositiveInteger('LinearWarmup', 'warmupSteps', warmupSteps);
    this.startFactor = checkNumber('LinearWarmup', 'startFactor', startFactor, { above: true, max: 1 });
    if (followedBy !== undefined && !(followedBy instanceof LRScheduler)) {
      throw new Error(`LinearWarmup: option followedBy must be an LRScheduler, got ${String(followedBy)}`);
    }
    this.following = followedBy;
    this.setLr(this.initialLr());
  }

  protected override initialLr(): number {
    return this.baseLr * this.startFactor;
  }

  override step(): void {
    const next = this.following;
    if (!next || this.lastEpoch + 1 < this.warmupSteps) {
      super.step();
      return;
    }
    this.lastEpoch += 1;
    if (this.lastEpoch === this.warmupSteps) next.restart();
    else next.step();
    this.setLr(next.getLastLr());
  }

  protected nextLr(epoch: number): number {
    if (epoch >= this.warmupSteps) return this.baseLr;
    return this.baseLr * (this.startFactor + ((1 - this.startFactor) * epoch) / this.warmupSteps);
  }

  override stateDict(): SchedulerStateDict & { followedBy?: SchedulerStateDict } {
    return { ...super.stateDict(), ...(this.following ? { followedBy: this.following.stateDict() } : {}) };
  }

  override loadStateDict(state: SchedulerStateDict & { followedBy?: SchedulerStateDict }): void {
    if (this.following && state.followedBy) this.following.loadStateDict(state.followedBy);
    super.loadStateDict(state);
  }
}
