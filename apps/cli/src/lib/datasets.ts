import { type LabeledData, spirals, trainValSplit } from '@scratchnet/datasets';
import { loadFashionMnist, loadMnist } from '@scratchnet/datasets/node';
import { UsageError } from './errors';

export const DATASET_CHOICES = ['mnist', 'fashion-mnist', 'spirals'] as const;
export type DatasetName = (typeof DATASET_CHOICES)[number];

export interface DatasetShape {
  /** One sample's shape, e.g. [1, 28, 28]. */
  sampleShape: number[];
  classes: number;
}

export interface Dataset extends DatasetShape {
  name: DatasetName;
  train: LabeledData;
  test: LabeledData;
  /** Where the data came from, for the log. */
  source: string;
}

export const DATASET_SHAPES: Record<DatasetName, DatasetShape> = {
  mnist: { sampleShape: [1, 28, 28], classes: 10 },
  'fashion-mnist': { sampleShape: [1, 28, 28], classes: 10 },
  spirals: { sampleShape: [2], classes: 3 },
};

/** Spirals are generated: 3,000 training and 600 test points from fixed seeds. */
const SPIRALS = { train: 3000, test: 600, trainSeed: 1, testSeed: 2 };

/** `--limit N` keeps the first N training samples and the first ceil(N / 6) test samples (MNIST's 60k:10k). */
export function testLimit(limit: number | undefined): number | undefined {
  return limit === undefined ? undefined : Math.ceil(limit / 6);
}

export function rowsOf(data: LabeledData): number {
  return data.labels.length;
}

export function loadDataset(name: DatasetName, limit?: number): Dataset {
  const shape = DATASET_SHAPES[name];
  if (name === 'spirals') {
    const take = (n: number, l: number | undefined) => Math.min(n, l ?? n);
    return {
      name,
      ...shape,
      train: spirals({ n: take(SPIRALS.train, limit), seed: SPIRALS.trainSeed }),
      test: spirals({ n: take(SPIRALS.test, testLimit(limit)), seed: SPIRALS.testSeed }),
      source: 'generated (spirals)',
    };
  }
  const load = name === 'mnist' ? loadMnist : loadFashionMnist;
  const train = load({ split: 'train', limit });
  const test = load({ split: 'test', limit: testLimit(limit) });
  return { name, ...shape, train, test, source: train.files.images.replace(/[^/\\]*$/, '') };
}

/** Keeps the last `valSize` training samples for validation (the seeds kept MNIST's last 10,000). */
export function splitValidation(data: LabeledData, valSize: number): { train: LabeledData; val?: LabeledData } {
  const n = rowsOf(data);
  if (valSize >= n) {
    throw new UsageError(`--val-split ${valSize}: must be smaller than the ${n} training samples`);
  }
  if (valSize === 0) return { train: data };
  return trainValSplit(data, { valSize });
}
