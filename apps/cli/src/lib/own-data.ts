import { existsSync, statSync } from 'node:fs';
import {
  featureStats,
  type ImageSampleSpec,
  imageSample,
  normalizeFeatures,
  shuffleRows,
  trainValSplit,
} from '@scratchnet/datasets';
import { csvDataset, csvFeatures, imageFolder, readCsvTable } from '@scratchnet/datasets/node';
import { Tensor } from '@scratchnet/tensor';
import type { ModelInput } from '@scratchnet/train';
import type { Dataset } from './datasets';
import { asInputError, UsageError } from './errors';
import { readImageFile } from './image-file';
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
  const { columns } = asInputError(() => readCsvTable(file));
  throw new UsageError(
    `--data ${file}: give --target COLUMN, the column to predict (the columns are ${columns.join(', ')})`,
  );
}

function readRows(flags: DataFlags & { data: string }): OwnRows {
  const { data, target = '' } = flags;
  if (isCsv(data)) {
    const table = asInputError(() => csvDataset(data, { target }));
    const { x, labels, classes, features } = table;
    return { rows: { x, labels }, classes, sampleShape: [features.length], features };
  }
  const { imageSize: size = 32, channels = 3 } = flags;
  const folder = asInputError(() => imageFolder(data, { size, channels }));
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

/** What a trained model knows of its data (model.json `classes` and `input`). */
export interface TrainedOn {
  classes?: string[];
  input?: ModelInput;
}

/** The saved input of a model trained with --data, or an error saying it has none. */
function savedInput(model: TrainedOn, what: string): ModelInput {
  if (model.input) return model.input;
  throw new UsageError(
    `${what}: the model was not trained with --data (model.json has no "input"); use --dataset`,
  );
}

/**
 * All of `data` read for a trained model: pictures at its saved size and channels with its class
 * order, or table rows (its features and `target`) normalised by its saved statistics.
 */
export function readForModel(
  data: string,
  model: TrainedOn,
  target: string | undefined,
): Pick<Dataset, 'name' | 'sampleShape' | 'classes' | 'test'> {
  const input = savedInput(model, `--data ${data}`);
  const { classes } = model;
  if (!existsSync(data)) throw new UsageError(`--data ${data}: no such file or folder`);
  if (input.kind === 'image') {
    if (isCsv(data)) throw new UsageError(`--data ${data}: the model reads pictures, not a table`);
    const size = [input.height, input.width] as const;
    const folder = asInputError(() => imageFolder(data, { size, channels: input.channels, classes }));
    const test = { x: folder.x, labels: folder.labels };
    return { name: data, sampleShape: folder.x.shape.slice(1), classes: folder.classes.length, test };
  }
  if (!isCsv(data)) throw new UsageError(`--data ${data}: the model reads a table: give a .csv file`);
  const features = input.features;
  const column = csvTarget(data, target);
  const table = asInputError(() => csvDataset(data, { target: column, features, classes }));
  const test = { x: normalizeFeatures(table.x, input), labels: table.labels };
  return { name: data, sampleShape: [features.length], classes: table.classes.length, test };
}

/** Model inputs `[N, ...]` from picture files read as the model's saved spec says. */
export function picturesForModel(files: string[], model: TrainedOn): Tensor {
  const input = savedInput(model, 'predict');
  if (input.kind !== 'image') throw new UsageError('predict: the model reads table rows: give --csv FILE');
  const size = input.channels * input.height * input.width;
  const x = new Float32Array(files.length * size);
  files.forEach((file, i) => {
    x.set(imageSample(readImageFile(file), input), i * size);
  });
  return new Tensor(x, [files.length, input.channels, input.height, input.width]);
}

/** Model inputs `[N, features]`: the rows of a CSV file normalised by the model's saved statistics. */
export function csvRowsForModel(file: string, model: TrainedOn): Tensor {
  const input = savedInput(model, `--csv ${file}`);
  if (input.kind !== 'table') throw new UsageError(`--csv ${file}: the model reads pictures, not table rows`);
  const rows = asInputError(() => csvFeatures(file, { features: input.features }));
  return normalizeFeatures(rows.x, input);
}
