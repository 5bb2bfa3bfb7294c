import { type Augmentation, DataLoader, type LabeledData } from '@scratchnet/datasets';
import { formatValue, StepArena } from '@scratchnet/tensor';
import type { BatchLog, Callback, EpochLog, TrainingContext } from './callbacks';
import { evaluate } from './evaluate';
import { yieldToEventLoop } from './event-loop';
import type { LossFunction, LrScheduler, TrainableModel, TrainingOptimizer } from './model-types';
import { trainStep } from './train-step';

export interface FitOptions {
  loss: LossFunction;
  optimizer: TrainingOptimizer;
  /** Training data, or a DataLoader that already holds batch size, seed and augmentation. */
  train: LabeledData | DataLoader;
  val?: LabeledData;
  epochs: number;
  batchSize?: number;
  /**
   * Seeds the per-epoch shuffle when `train` is not a DataLoader. Without it the shuffle's seed is
   * drawn from the global generator (see `manualSeed`); resuming with `initialEpoch` needs it.
   */
  seed?: number;
  scheduler?: LrScheduler;
  /** When the scheduler steps (default: once per epoch). */
  schedulerInterval?: 'epoch' | 'batch';
  callbacks?: Callback[];
  /** First epoch to run (a resumed run passes the number of epochs already done). */
  initialEpoch?: number;
  /**
   * Rescales each step's gradients so that their 2-norm, all parameters taken together, is at most
   * this (PyTorch's clip_grad_norm_ between backward and step). The batch log reports the norm
   * before clipping as `gradNorm`.
   */
  clipGradNorm?: number;
  /**
   * Random changes to each training image (shifts, crops, flips), drawn anew each epoch from the
   * shuffle's seed when `train` is not a DataLoader (a DataLoader brings its own).
   */
  augment?: Augmentation | readonly Augmentation[];
}

export interface History {
  epochs: EpochLog[];
  /** Why training ended before `epochs`, if it did. */
  stoppedEarly?: string;
}

/** Thrown when the loss stops being a finite number. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly value: number,
    readonly log: Pick<BatchLog, 'epoch' | 'batch' | 'batches' | 'step'>,
    lr: number,
  ) {
    super(
      `fit: the loss became ${value} at epoch ${log.epoch + 1}, batch ${log.batch + 1}/${log.batches} (step ${log.step}); ` +
        `try a lower learning rate (now ${lr}) or check the inputs for NaN/Inf`,
    );
    this.name = 'NonFiniteLossError';
  }
}

function trainLoader(options: FitOptions): DataLoader {
  if (options.train instanceof DataLoader) return options.train;
  const { batchSize, seed, initialEpoch = 0, augment } = options;
  if (batchSize === undefined) throw new Error('fit: pass batchSize (or a DataLoader as train)');
  if (seed === undefined && initialEpoch > 0) {
    throw new Error(
      `fit: pass the seed of the run to resume it at initialEpoch ${initialEpoch} (or a DataLoader as train): ` +
        'without one the shuffle would be seeded afresh from the global generator',
    );
  }
  return new DataLoader(options.train, { batchSize, seed, shuffle: true, augment });
}

function checkOptions(options: FitOptions): void {
  const { epochs, initialEpoch = 0 } = options;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`fit: epochs must be an integer >= 1, got ${epochs}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch > epochs) {
    throw new Error(`fit: initialEpoch must be an integer in [0, epochs=${epochs}], got ${initialEpoch}`);
  }
  if (!options.loss || !options.optimizer) throw new Error('fit: pass { loss, optimizer }');
  const { clipGradNorm: maxNorm } = options;
  if (maxNorm !== undefined && !(typeof maxNorm === 'number' && maxNorm > 0)) {
    throw new Error(`fit: clipGradNorm must be a positive number, got ${formatValue(maxNorm)}`);
  }
}

/**
 * Mini-batch training. Epoch e visits the data in an order fixed by the seed and e alone,
 * so `initialEpoch` resumes a run exactly (given the weights and optimizer state saved then).
 */
export async function fit(model: TrainableModel, options: FitOptions): Promise<History> {
  checkOptions(options);
  const {
    loss,
    optimizer,
    scheduler,
    schedulerInterval = 'epoch',
    callbacks = [],
    initialEpoch = 0,
  } = options;
  const loader = trainLoader(options);
  const history: History = { epochs: [] };
  let stopReason: string | undefined;
  const context: TrainingContext = {
    model,
    optimizer,
    history: history.epochs,
    stop: (reason) => {
      stopReason ??= reason;
    },
  };
  let step = initialEpoch * loader.length;
  // The activations and gradients of one step are reused by the next (nothing keeps them).
  const arena = new StepArena();
  for (let epoch = initialEpoch; epoch < options.epochs && stopReason === undefined; epoch++) {
    const started = performance.now();
    const lr = optimizer.lr;
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    model.train();
    for (const batch of loader.epoch(epoch)) {
      const result = trainStep(model, batch, { ...options, arena });
      const position = { epoch, batch: batch.index, batches: loader.length, step: step + 1 };
      if (!Number.isFinite(result.loss)) throw new NonFiniteLossError(result.loss, position, optimizer.lr);
      step++;
      if (scheduler && schedulerInterval === 'batch') scheduler.step();
      const count = batch.labels.length;
      const { loss: value, correct: batchCorrect, gradNorm } = result;
      lossSum += value * count;
      correct += batchCorrect;
      seen += count;
      const log: BatchLog = {
        ...position,
        step,
        loss: value,
        accuracy: batchCorrect / count,
        epochLoss: lossSum / seen,
        epochAccuracy: correct / seen,
        samples: seen,
        seconds: (performance.now() - started) / 1000,
        ...(gradNorm === undefined ? {} : { gradNorm }),
      };
      for (const callback of callbacks) await callback.onBatchEnd?.(log, context);
      await yieldToEventLoop();
      if (stopReason !== undefined) break;
    }
    if (scheduler && schedulerInterval === 'epoch') scheduler.step();
    const seconds = (performance.now() - started) / 1000;
    const log: EpochLog = {
      epoch,
      loss: lossSum / seen,
      accuracy: correct / seen,
      seconds,
      samplesPerSecond: seen / seconds,
      lr,
    };
    if (options.val) {
      const val = evaluate(model, options.val, { loss });
      log.valLoss = val.loss;
      log.valAccuracy = val.accuracy;
    }
    history.epochs.push(log);
    for (const callback of callbacks) await callback.onEpochEnd?.(log, context);
  }
  if (stopReason !== undefined) history.stoppedEarly = stopReason;
  return history;
}
