import type { EpochLog } from '@scratchnet/train';
import { type Dataset, type DatasetName, loadDataset, rowsOf } from './datasets';
import type { ScheduleName } from './lr-schedule';
import { buildModel, loadTrainedModel, type Model } from './model-source';
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
  seed?: number;
  backend?: BackendOption;
  threads?: number;
  valSplit?: number;
  limit?: number;
  out?: string;
  plot?: string;
  resume?: string;
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
}

/** A new run from the flags, or the run saved in --resume DIR (flags may only add epochs). */
export function resolveRun(o: TrainOptions): Run {
  if (!o.resume) {
    const dataset = loadDataset(o.dataset ?? TRAIN_DEFAULTS.dataset, o.limit);
    const config = freshConfig(o, dataset.name, rowsOf(dataset.train));
    const { model } = buildModel(config.model, dataset, config.seed);
    return { config, dataset, model, epochsDone: 0, history: [] };
  }
  const checkpoint = loadTrainedModel(o.resume, '--resume');
  const info = readRunInfo(checkpoint.info, o.resume);
  const { resume: _r, backend: _b, threads: _t, out: _o, plot: _p, json: _j, ...typed } = o;
  const config = resumeConfig(info.run, typed, o.resume);
  return {
    config,
    dataset: loadDataset(config.dataset, config.limit),
    model: checkpoint.model,
    epochsDone: checkpoint.epochsDone ?? 0,
    history: info.history,
    optimizerState: checkpoint.optimizerState,
  };
}
