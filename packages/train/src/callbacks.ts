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

export type Monitor = 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';

/**
 * Tracks the best value of an epoch log entry: `improves(log)` records it and says whether it beat
 * the best so far by more than minDelta (lower is better for losses, higher for accuracies).
 */
export function bestTracker(who: string, monitor: Monitor, minDelta = 0) {
  const higherIsBetter = monitor.endsWith('ccuracy');
  let best = higherIsBetter ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return {
    get best() {
      return best;
    },
    improves(log: EpochLog): boolean {
      const value = log[monitor];
      if (value === undefined)
        throw new Error(`${who}: '${monitor}' is not logged (pass val data to fit to monitor val metrics)`);
      const improved = higherIsBetter ? value > best + minDelta : value < best - minDelta;
      if (improved) best = value;
      return improved;
    },
  };
}

export interface EarlyStoppingOptions {
  monitor?: Monitor;
  /** Epochs without improvement before stopping. */
  patience?: number;
  minDelta?: number;
  /** On stopping, put back the weights (parameters and buffers) of the best epoch, as Keras' restore_best_weights. */
  restoreBest?: boolean;
}

/** Copies the model's weights (its state dict when it has one: buffers too); the result puts them back in place. */
function snapshotWeights(model: TrainableModel): () => void {
  const live = model.stateDict ? Object.values(model.stateDict()) : model.parameters().map((p) => p.value);
  const copies = live.map((t) => t.data.slice());
  return () => {
    live.forEach((t, i) => {
      t.data.set(copies[i]);
    });
  };
}

/**
 * Stops when the monitored value has not improved by more than minDelta for `patience` epochs in a
 * row (Keras' EarlyStopping; patience 0 stops at the first epoch without improvement).
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  const { monitor = 'valLoss', patience = 3, minDelta = 0, restoreBest = false } = options;
  if (!Number.isInteger(patience) || patience < 0)
    throw new Error(`earlyStopping: patience must be an integer >= 0, got ${patience}`);
  const tracker = bestTracker('earlyStopping', monitor, minDelta);
  let waited = 0;
  let bestEpoch = -1;
  let restore: (() => void) | undefined;
  return {
    onEpochEnd(log, context) {
      if (tracker.improves(log)) {
        waited = 0;
        bestEpoch = log.epoch;
        if (restoreBest) restore = snapshotWeights(context.model);
      } else if (++waited >= patience) {
        restore?.();
        const restored = restore ? `; weights of epoch ${bestEpoch + 1} restored` : '';
        context.stop(
          `early stopping: ${monitor} did not improve for ${waited} epoch(s) (best ${tracker.best}${restored})`,
        );
      }
    },
  };
}
