import type { EpochLog } from '@scratchnet/train';
import type { DatasetName } from './datasets';
import { UsageError } from './errors';
import type { ScheduleName } from './lr-schedule';
import type { OptimizerName } from './optimizer-choice';

/** Everything that decides a training run's result; saved with each checkpoint so --resume repeats it. */
export interface RunConfig {
  model: string;
  /** A built-in data set; absent when the run reads --data. */
  dataset?: DatasetName;
  /** The user's own data (a folder of class folders or a .csv file), and how it is read. */
  data?: string;
  imageSize?: number;
  channels?: 1 | 3;
  target?: string;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  /** SGD with Nesterov momentum. */
  nesterov?: boolean;
  /** Absent: the optimizer's default. */
  weightDecay?: number;
  schedule: ScheduleName;
  /** --schedule step: epochs between reductions and the factor. */
  stepSize?: number;
  gamma?: number;
  /** --schedule warmup: batches of warm-up (absent: one epoch). */
  warmupSteps?: number;
  /** --schedule plateau: epochs without a better validation loss before the lr is cut. */
  plateauPatience?: number;
  /** Gradients rescaled to this total 2-norm at most (absent: not clipped). */
  clipGradNorm?: number;
  /** Stop after this many epochs without a better validation loss, restoring the best weights. */
  earlyStopping?: number;
  /** Training pictures shifted, or cropped and flipped, each epoch (see augment-choice.ts). */
  augment?: boolean;
  seed: number;
  valSplit: number;
  limit?: number;
}

/** What train saves in model.json's `info`. */
export interface RunInfo {
  run: RunConfig;
  /** Input shape with a batch of 1, e.g. [1, 1, 28, 28]. */
  inputShape: number[];
  /** Number of classes (their names, when the data has them, are model.json's `classes`). */
  classes: number;
  history: EpochLog[];
  test?: { accuracy: number; loss: number };
}

/** The only setting a resumed run may change: it can be given more epochs. */
const RESUMABLE_OVERRIDES: readonly (keyof RunConfig)[] = ['epochs'];

const FLAG_OF: Record<keyof RunConfig, string> = {
  model: '--model',
  dataset: '--dataset',
  data: '--data',
  imageSize: '--image-size',
  channels: '--channels',
  target: '--target',
  epochs: '--epochs',
  batchSize: '--batch-size',
  optimizer: '--optimizer',
  lr: '--lr',
  momentum: '--momentum',
  nesterov: '--nesterov',
  weightDecay: '--weight-decay',
  schedule: '--schedule',
  stepSize: '--step-size',
  gamma: '--gamma',
  warmupSteps: '--warmup-steps',
  plateauPatience: '--plateau-patience',
  clipGradNorm: '--clip-grad-norm',
  earlyStopping: '--early-stopping',
  augment: '--augment',
  seed: '--seed',
  valSplit: '--val-split',
  limit: '--limit',
};

export function readRunInfo(info: Record<string, unknown>, dir: string): RunInfo {
  const run = info.run as RunConfig | undefined;
  if (!run || typeof run !== 'object' || !Array.isArray(info.history)) {
    throw new UsageError(
      `--resume ${dir}: not a training checkpoint (model.json has no run settings; was it saved by scratchnet train?)`,
    );
  }
  // Checkpoints written before --schedule existed trained at a constant lr.
  return { ...(info as unknown as RunInfo), run: { ...run, schedule: run.schedule ?? 'none' } };
}

/**
 * The saved run's settings, with `epochs` taken from the command line when given; any other
 * setting typed on the command line must agree with the checkpoint, or resuming would not repeat it.
 */
export function resumeConfig(saved: RunConfig, typed: Partial<RunConfig>, dir: string): RunConfig {
  for (const [key, value] of Object.entries(typed) as [keyof RunConfig, unknown][]) {
    if (value === undefined || RESUMABLE_OVERRIDES.includes(key) || saved[key] === value) continue;
    const trained =
      saved[key] === undefined ? `without ${FLAG_OF[key]}` : `with ${FLAG_OF[key]} ${String(saved[key])}`;
    throw new UsageError(
      `${FLAG_OF[key]} ${String(value)}: the checkpoint in ${dir} was trained ${trained}; drop the flag to resume it`,
    );
  }
  const epochs = typed.epochs ?? saved.epochs;
  return { ...saved, epochs };
}
