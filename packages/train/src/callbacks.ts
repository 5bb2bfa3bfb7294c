import type { TrainableModel, TrainingOptimizer } from './model-types';

export interface EpochLog {
  /** 0-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
  samplesPerSecond: number;
  lr: number;
}

export interface BatchLog {
  epoch: number;
  /** 0-based batch index within the epoch, and the number of batches per epoch. */
  batch: number;
  batches: number;
  /** Optimizer steps taken since the start of training (counting resumed epochs). */
  step: number;
  loss: number;
  accuracy: number;
  /** Running means over the epoch so far. */
  epochLoss: number;
  epochAccuracy: number;
  samples: number;
  seconds: number;
  /** The gradients' total 2-norm before clipping, when fit clips them (`clipGradNorm`). */
  gradNorm?: number;
}

export interface TrainingContext {
  model: TrainableModel;
  optimizer: TrainingOptimizer;
  history: readonly EpochLog[];
  /** Ends training after the current batch; `reason` lands in the history. */
  stop(reason: string): void;
}

export interface Callback {
  onBatchEnd?(log: BatchLog, context: TrainingContext): void | Promise<void>;
  onEpochEnd?(log: EpochLog, context: TrainingContext): void | Promise<void>;
}

export interface EarlyStoppingOptions {
  monitor?: 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';
  /** Epochs without improvement before stopping. */
  patience?: number;
  minDelta?: number;
}

/** Stops when the monitored value has not improved by minDelta for `patience` epochs. */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  const { monitor = 'valLoss', patience = 3, minDelta = 0 } = options;
  if (!Number.isInteger(patience) || patience < 0)
    throw new Error(`earlyStopping: patience must be an integer >= 0, got ${patience}`);
  const higherIsBetter = monitor.endsWith('ccuracy');
  let best = higherIsBetter ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let waited = 0;
  return {
    onEpochEnd(log, context) {
      const value = log[monitor];
      if (value === undefined)
        throw new Error(
          `earlyStopping: '${monitor}' is not logged (pass val data to fit to monitor val metrics)`,
        );
      const improved = higherIsBetter ? value > best + minDelta : value < best - minDelta;
      if (improved) {
        best = value;
        waited = 0;
      } else if (++waited > patience) {
        context.stop(`early stopping: ${monitor} did not improve for ${patience} epoch(s) (best ${best})`);
      }
    },
  };
}
