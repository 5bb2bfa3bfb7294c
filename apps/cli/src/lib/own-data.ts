import { existsSync, statSync } from 'node:fs';
import {
  featureStats,
  type ImageSampleSpec,
  normalizeFeatures,
  shuffleRows,
  trainValSplit,
} from '@scratchnet/datasets';
import { csvDataset, imageFolder, readCsvTable } from '@scratchnet/datasets/node';
import type { Tensor } from '@scratchnet/tensor';
import type { ModelInput } from '@scratchnet/train';
import type { Dataset } from './datasets';
import { asUsageError, UsageError } from './errors';
import { PRESET_NAMES } from './model-source';

/** The flags that say where a user's own data is and how to read it. */
export interface DataFlags {
  /** A folder of class subfolders of pictures, or a .csv file. */
  data?: string;
  imageSize?: number;
  channels?: 1 | 3;
  target?: string;
}

/** The last sixth of the shuffled rows is the test part (as MNIST's 10,000 beside its 60,000). */
export const testRows = (rows: number) => Math.floor(rows / 6);

/** Picture size and channels when --image-size / --channels are not given: what the model takes. */
export function imageDefaults(model: string): { size: number; channels: 1 | 3 } {
  // The other presets were built for 28x28 gray digits; small-cnn (and a model.json) takes any size.
  const digits = (PRESET_NAMES as string[]).includes(model) && model !== 'small-cnn';
  return digits ? { size: 28, channels: 1 } : { size: 32, channels: 3 };
}

export const isCsv = (path: string) => /\.csv$/i.test(path);

/**
 * The --data flags checked against the kind of data given, with the picture size and channels filled
 * in from the model's defaults: what the run config records, so that --resume reads the data again alike.
 */
export function resolveDataFlags(flags: DataFlags, model: string): DataFlags {
  const { data, imageSize, channels, target } = flags;
  const given = (name: string, value: unknown) => (value === undefined ? [] : [name]);
  const imageFlags = [...given('--image-size', imageSize), ...given('--channels', channels)];
  if (data === undefined) {
    const stray = [...imageFlags, ...given('--target', target)];
    if (stray.length) throw new UsageError(`${stray[0]}: give --data DIR|FILE.csv too`);
    return {};
  }
  if (!existsSync(data)) throw new UsageError(`--data ${data}: no such file or folder`);
  if (isCsv(data)) {
    if (imageFlags.length)
      throw new UsageError(`${imageFlags[0]}: --data ${data} is a table, not a folder of pictures`);
    return { data, target: csvTarget(data, target) };
  }
  if (target !== undefined) throw new UsageError(`--target ${target}: only for --data FILE.csv`);
  if (!statSync(data).isDirectory())
    throw new UsageError(`--data ${data}: expected a folder of class folders or a .csv file`);
  const defaults = imageDefaults(model);
  return { data, imageSize: imageSize ?? defaults.size, channels: channels ?? defaults.channels };
}

/** The data read as rows in class order, before any split. */
/** Rows of samples `x` and their labels. */
type Rows = { x: Tensor; labels: Int32Array };

interface OwnRows {
  rows: Rows;
  classes: string[];
  sampleShape: number[];
  image?: ImageSampleSpec;
  features?: string[];
}

/** The CSV target: --target, which must name a column (the error lists them). */
function csvTarget(file: string, target: string | undefined): string {
  if (target !== undefined) return target;
  const { columns } = asUsageError(`--data ${file}`, () => readCsvTable(file));
  throw new UsageError(
    `--data ${file}: give --target COLUMN, the column to predict (the columns are ${columns.join(', ')})`,
  );
}

function readRows(flags: DataFlags & { data: string }): OwnRows {
  const { data, target = '' } = flags;
  if (isCsv(data)) {
    const table = asUsageError(`--data ${data}`, () => csvDataset(data, { target }));
    const { x, labels, classes, features } = table;
    return { rows: { x, labels }, classes, sampleShape: [features.length], features };
  }
  const { imageSize: size = 32, channels = 3 } = flags;
  const folder = asUsageError(`--data ${data}`, () => imageFolder(data, { size, channels }));
  return {
    rows: { x: folder.x, labels: folder.labels },
    classes: folder.classes,
    sampleShape: [channels, size, size],
    image: folder.sample,
  };
}

/** What `train --data` learns from, and what is saved with the model to read new inputs the same way. */
export interface OwnDataset extends Dataset {
  classNames: string[];
  input: ModelInput;
}

/**
 * Reads --data (flags from `resolveDataFlags`), puts the rows in the run's seeded order and keeps the last sixth as the test part.
 * `valSplit(trainRows)` gives the validation rows at the end of the training part; a table is
 * normalised with the statistics of the rows left for training alone.
 */
export function loadOwnData(
  flags: DataFlags & { data: string },
  seed: number,
  valSplit: (trainRows: number) => number,
): OwnDataset {
  const own = readRows(flags);
  const shuffled = shuffleRows(own.rows, { seed });
  const n = shuffled.labels.length;
  if (n < 6)
    throw new UsageError(
      `--data ${flags.data}: holds ${n} samples; at least 6 are needed to hold out a test part`,
    );
  const { train, val: test } = trainValSplit(shuffled, { valSize: testRows(n) });
  const dataset = { name: flags.data, sampleShape: own.sampleShape, classes: own.classes.length };
  const common = { ...dataset, classNames: own.classes, source: flags.data };
  if (own.image) return { ...common, train, test, input: { kind: 'image', ...own.image } };
  const fitRows = train.labels.length - valSplit(train.labels.length);
  const stats = featureStats(rowsUpTo(train.x, Math.max(fitRows, 1)), own.features as string[]);
  const normal = (part: Rows) => ({ ...part, x: normalizeFeatures(part.x, stats) });
  return { ...common, train: normal(train), test: normal(test), input: { kind: 'table', ...stats } };
}

/** The first `rows` rows of a table (a view). */
function rowsUpTo(x: Tensor, rows: number): Tensor {
  return trainValSplit({ x }, { valSize: x.shape[0] - Math.min(rows, x.shape[0]) }).train.x;
}
