import type { EpochLog } from '@scratchnet/train';
import { openResumePoint, type ResumeChoice, type ResumePoint } from '@scratchnet/train/node';
import { type Dataset, type DatasetName, loadDataset, rowsOf } from './datasets';
import { asUsageError, UsageError } from './errors';
import type { ScheduleName } from './lr-schedule';
import { buildModel, checkpointFolder, type Model } from './model-source';
import type { BackendOption } from './native-backend';
import { DEFAULT_LR, type OptimizerName } from './optimizer-choice';
import { type RunConfig, readRunInfo, resumeConfig } from './run-config';

/** The flags of `scratchnet train`. */
export interface TrainOptions {
  model?: string;
  dataset?: DatasetName;
  epochs?: number;
  batchSize?: number;
  optimizer?: OptimizerName;
  lr?: number;
  momentum?: number;
  schedule?: ScheduleName;
  clipGradNorm?: number;
  seed?: number;
  backend?: BackendOption;
  threads?: number;
  valSplit?: number;
  limit?: number;
  out?: string;
  plot?: string;
  resume?: string;
  resumeFrom?: ResumeChoice;
  json?: boolean;
}

/** Used when neither --model/--epochs/... nor a checkpoint says otherwise: the README's main job. */
export const TRAIN_DEFAULTS = {
  model: 'lenet',
  dataset: 'mnist',
  epochs: 4,
  batchSize: 64,
  optimizer: 'adam',
  momentum: 0.9,
  schedule: 'cosine',
  seed: 0,
} as const;

function freshConfig(o: TrainOptions, dataset: DatasetName, trainRows: number): RunConfig {
  const optimizer = o.optimizer ?? TRAIN_DEFAULTS.optimizer;
  return {
    model: o.model ?? TRAIN_DEFAULTS.model,
    dataset,
    epochs: o.epochs ?? TRAIN_DEFAULTS.epochs,
    batchSize: o.batchSize ?? TRAIN_DEFAULTS.batchSize,
    optimizer,
    lr: o.lr ?? DEFAULT_LR[optimizer],
    momentum: o.momentum ?? TRAIN_DEFAULTS.momentum,
    schedule: o.schedule ?? TRAIN_DEFAULTS.schedule,
    ...(o.clipGradNorm === undefined ? {} : { clipGradNorm: o.clipGradNorm }),
    seed: o.seed ?? TRAIN_DEFAULTS.seed,
    // As the seeds did: the last sixth of the training samples (10,000 of MNIST's 60,000) validates.
    valSplit: o.valSplit ?? Math.floor(trainRows / 6),
    limit: o.limit,
  };
}

export interface Run {
  config: RunConfig;
  dataset: Dataset;
  model: Model;
  /** Epochs done before this session and their logs (a resumed run). */
  epochsDone: number;
  history: EpochLog[];
  optimizerState?: unknown;
  /** The checkpoint a resumed run continues. */
  resumedFrom?: ResumePoint;
}

export const RESUME_CHOICES: readonly ResumeChoice[] = ['newest', 'exact', 'interrupted'];

/** The training folder --resume names, and which of its checkpoints to take. */
export interface ResumeTarget {
  dir: string;
  choice: ResumeChoice;
}

/** --resume DIR and --resume-from. */
export function resumeTarget(o: TrainOptions): ResumeTarget | undefined {
  if (!o.resume) {
    if (o.resumeFrom) throw new UsageError(`--resume-from ${o.resumeFrom}: give --resume DIR too`);
    return undefined;
  }
  return { dir: checkpointFolder(o.resume, '--resume'), choice: o.resumeFrom ?? 'newest' };
}

/** A new run from the flags, or the run saved in the --resume folder (flags may only add epochs). */
export function resolveRun(o: TrainOptions, target = resumeTarget(o)): Run {
  if (!target) {
    const dataset = loadDataset(o.dataset ?? TRAIN_DEFAULTS.dataset, o.limit);
    const config = freshConfig(o, dataset.name, rowsOf(dataset.train));
    const { model } = buildModel(config.model, dataset, config.seed);
    return { config, dataset, model, epochsDone: 0, history: [] };
  }
  const point = asUsageError(`--resume ${o.resume}`, () => openResumePoint(target.dir, target.choice));
  const { checkpoint } = point;
  const info = readRunInfo(checkpoint.info, point.dir);
  const { resume: _r, resumeFrom: _f, backend: _b, threads: _t, out: _o, plot: _p, json: _j, ...typed } = o;
  const config = resumeConfig(info.run, typed, point.dir);
  return {
    config,
    dataset: loadDataset(config.dataset, config.limit),
    model: checkpoint.model,
    epochsDone: checkpoint.epochsDone ?? 0,
    history: info.history,
    optimizerState: checkpoint.optimizerState,
    resumedFrom: point,
  };
}
