import type { EpochLog } from '@scratchnet/train';
import { openResumePoint, type ResumeChoice, type ResumePoint } from '@scratchnet/train/node';
import { augmentationFor } from './augment-choice';
import { type Dataset, loadDataset, rowsOf } from './datasets';
import { asUsageError, UsageError } from './errors';
import { SCHEDULE_DEFAULTS } from './lr-schedule';
import { buildModel, checkModelFits, checkpointFolder, type Model } from './model-source';
import type { BackendOption } from './native-backend';
import { DEFAULT_LR, type OptimizerName } from './optimizer-choice';
import { loadOwnData, resolveDataFlags } from './own-data';
import { type RunConfig, readRunInfo, resumeConfig } from './run-config';

/**
 * The flags of `scratchnet train`: each setting a run saves (RunConfig, typed on the command line or
 * left to its default), and those that do not decide the run's result.
 */
export interface TrainOptions extends Partial<RunConfig> {
  /** Save the model of the epoch with the best validation loss to OUT/best (not a run setting). */
  saveBest?: boolean;
  backend?: BackendOption;
  threads?: number;
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

/** The settings of a new run; `valSplit` is left for `withValSplit`, as it depends on the data. */
function freshConfig(o: TrainOptions): Omit<RunConfig, 'valSplit'> {
  const optimizer = o.optimizer ?? TRAIN_DEFAULTS.optimizer;
  const model = o.model ?? TRAIN_DEFAULTS.model;
  const data = resolveDataFlags(o, model);
  if (data.data !== undefined) {
    if (o.dataset) throw new UsageError(`--dataset ${o.dataset}: give either --dataset or --data`);
    if (o.limit) throw new UsageError(`--limit ${o.limit}: not with --data (the whole of it is read)`);
  }
  return {
    model,
    ...(data.data === undefined ? { dataset: o.dataset ?? TRAIN_DEFAULTS.dataset } : data),
    epochs: o.epochs ?? TRAIN_DEFAULTS.epochs,
    batchSize: o.batchSize ?? TRAIN_DEFAULTS.batchSize,
    optimizer,
    lr: o.lr ?? DEFAULT_LR[optimizer],
    momentum: o.momentum ?? TRAIN_DEFAULTS.momentum,
    ...optimizerFlags(o, optimizer),
    ...scheduleFlags(o),
    ...(o.clipGradNorm === undefined ? {} : { clipGradNorm: o.clipGradNorm }),
    ...(o.earlyStopping === undefined ? {} : { earlyStopping: o.earlyStopping }),
    ...(o.augment ? { augment: true } : {}),
    seed: o.seed ?? TRAIN_DEFAULTS.seed,
    limit: o.limit,
  };
}

/** --nesterov and --weight-decay, saved only when given. */
function optimizerFlags(
  o: TrainOptions,
  optimizer: OptimizerName,
): Pick<RunConfig, 'nesterov' | 'weightDecay'> {
  if (o.nesterov && optimizer !== 'sgd')
    throw new UsageError(`--nesterov: only with --optimizer sgd (got --optimizer ${optimizer})`);
  if (o.nesterov && o.momentum === 0) throw new UsageError('--nesterov: needs --momentum above 0');
  return {
    ...(o.nesterov ? { nesterov: true } : {}),
    ...(o.weightDecay === undefined ? {} : { weightDecay: o.weightDecay }),
  };
}

/** The flags each schedule reads; a flag of another schedule is refused rather than ignored. */
const SCHEDULE_FLAGS = {
  stepSize: ['step', '--step-size'],
  gamma: ['step', '--gamma'],
  warmupSteps: ['warmup', '--warmup-steps'],
  plateauPatience: ['plateau', '--plateau-patience'],
} as const;

/** --schedule and its own flags, with their defaults filled in so that --resume repeats them. */
function scheduleFlags(o: TrainOptions): Pick<RunConfig, 'schedule' | keyof typeof SCHEDULE_FLAGS> {
  const schedule = o.schedule ?? TRAIN_DEFAULTS.schedule;
  for (const [key, [owner, flag]] of Object.entries(SCHEDULE_FLAGS)) {
    if (o[key as keyof typeof SCHEDULE_FLAGS] !== undefined && schedule !== owner)
      throw new UsageError(`${flag}: only with --schedule ${owner} (got --schedule ${schedule})`);
  }
  if (schedule === 'step')
    return {
      schedule,
      stepSize: o.stepSize ?? SCHEDULE_DEFAULTS.stepSize,
      gamma: o.gamma ?? SCHEDULE_DEFAULTS.gamma,
    };
  if (schedule === 'plateau')
    return { schedule, plateauPatience: o.plateauPatience ?? SCHEDULE_DEFAULTS.plateauPatience };
  if (schedule === 'warmup' && o.warmupSteps !== undefined) return { schedule, warmupSteps: o.warmupSteps };
  return { schedule };
}

/** As the seeds did: the last sixth of the training samples (10,000 of MNIST's 60,000) validates. */
const defaultValSplit = (trainRows: number) => Math.floor(trainRows / 6);

/** The run's data: a built-in set, or --data read, split and (a table) normalised as the config says. */
export function loadRunData(config: Omit<RunConfig, 'valSplit'> & { valSplit?: number }): Dataset {
  const { data, seed, valSplit } = config;
  if (data !== undefined)
    return loadOwnData({ ...config, data }, seed, (rows) => valSplit ?? defaultValSplit(rows));
  return loadDataset(config.dataset ?? TRAIN_DEFAULTS.dataset, config.limit);
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

/** The flags that watch the validation loss need validation data. */
function checkValidation(config: RunConfig, o: TrainOptions): void {
  if (config.valSplit > 0) return;
  const flag =
    config.schedule === 'plateau'
      ? '--schedule plateau'
      : config.earlyStopping !== undefined
        ? `--early-stopping ${config.earlyStopping}`
        : o.saveBest
          ? '--save-best'
          : undefined;
  if (flag)
    throw new UsageError(`${flag}: watches the validation loss; --val-split 0 leaves no validation data`);
}

/** A new run from the flags, or the run saved in the --resume folder (flags may only add epochs). */
export function resolveRun(o: TrainOptions, target = resumeTarget(o)): Run {
  if (!target) {
    const settings = { ...freshConfig(o), ...(o.valSplit === undefined ? {} : { valSplit: o.valSplit }) };
    const dataset = loadRunData(settings);
    const config = { ...settings, valSplit: o.valSplit ?? defaultValSplit(rowsOf(dataset.train)) };
    checkValidation(config, o);
    const { model } = buildModel(config.model, dataset, config.seed);
    checkModelFits(model, dataset, `--model ${config.model}`);
    if (config.augment) augmentationFor(dataset.sampleShape);
    return { config, dataset, model, epochsDone: 0, history: [] };
  }
  const point = asUsageError(`--resume ${o.resume}`, () => openResumePoint(target.dir, target.choice));
  const { checkpoint } = point;
  const info = readRunInfo(checkpoint.info, point.dir);
  const {
    resume: _r,
    resumeFrom: _f,
    backend: _b,
    threads: _t,
    out: _o,
    plot: _p,
    json: _j,
    saveBest: _s,
    ...typed
  } = o;
  const config = resumeConfig(info.run, typed, point.dir);
  checkValidation(config, o);
  const dataset = loadRunData(config);
  checkModelFits(checkpoint.model, dataset, `--resume ${o.resume}`);
  return {
    config,
    dataset,
    model: checkpoint.model,
    epochsDone: checkpoint.epochsDone ?? 0,
    history: info.history,
    optimizerState: checkpoint.optimizerState,
    resumedFrom: point,
  };
}
