import type { BatchLog } from '@scratchnet/train';

export interface ProgressPoint {
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

/**
 * Averages batch loss and accuracy between reports and says when to report: every `everyBatches`
 * batches, or sooner when batches are slow (at least one report per `maxSeconds`).
 */
export class ProgressMeter {
  private loss = 0;
  private correct = 0;
  private samples = 0;
  private batches = 0;
  private since = performance.now();
  private epochSamples = 0;
  /** The whole run, for overall(): samples so far and when the run started (moved by exclude). */
  private runSamples = 0;
  private runSince = performance.now();

  constructor(
    private readonly everyBatches = 5,
    private readonly maxSeconds = 0.5,
  ) {}

  /** Adds a batch; returns the averages since the last report when one is due. */
  add(log: BatchLog): ProgressPoint | undefined {
    // log.samples counts the epoch so far; the difference is this batch's size (the last may be short).
    const batchSize = log.batch === 0 ? log.samples : log.samples - this.epochSamples;
    this.epochSamples = log.samples;
    this.loss += log.loss;
    this.correct += log.accuracy * batchSize;
    this.samples += batchSize;
    this.runSamples += batchSize;
    this.batches++;
    const seconds = (performance.now() - this.since) / 1000;
    if (this.batches < this.everyBatches && seconds < this.maxSeconds) return undefined;
    const point = {
      loss: this.loss / this.batches,
      accuracy: this.correct / this.samples,
      samplesPerSecond: this.samples / Math.max(seconds, 1e-6),
    };
    this.loss = this.correct = this.samples = this.batches = 0;
    this.since = performance.now();
    return point;
  }

  /** Leaves out time spent on something other than training (validation) from samples per second. */
  exclude(milliseconds: number): void {
    this.since += milliseconds;
    this.runSince += milliseconds;
  }

  /** Samples per second over the whole run so far (training time only). */
  overall(): number {
    return this.runSamples / Math.max((performance.now() - this.runSince) / 1000, 1e-6);
  }
}
