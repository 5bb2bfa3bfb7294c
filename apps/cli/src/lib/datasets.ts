import { type LabeledData, type PointSet, spirals, trainValSplit } from '@scratchnet/datasets';
import { loadFashionMnist, loadMnist } from '@scratchnet/datasets/node';
import { createRng, Tensor } from '@scratchnet/tensor';
import type { ModelInput } from '@scratchnet/train';
import { UsageError } from './errors';

export const DATASET_CHOICES = ['mnist', 'fashion-mnist', 'spirals'] as const;
export type DatasetName = (typeof DATASET_CHOICES)[number];

export interface DatasetShape {
  /** One sample's shape, e.g. [1, 28, 28]. */
  sampleShape: number[];
  classes: number;
}

export interface Dataset extends DatasetShape {
  /** A data set's name, or the --data path. */
  name: string;
  train: LabeledData;
  test: LabeledData;
  /** Where the data came from, for the log. */
  source: string;
  /** Names of the classes, in label order, when the data has them (--data). */
  classNames?: string[];
  /** How a raw input becomes a sample (--data): saved with the model for eval and predict. */
  input?: ModelInput;
}

export const DATASET_SHAPES: Record<DatasetName, DatasetShape> = {
  mnist: { sampleShape: [1, 28, 28], classes: 10 },
  'fashion-mnist': { sampleShape: [1, 28, 28], classes: 10 },
  spirals: { sampleShape: [2], classes: 3 },
};

/** Spirals are generated: 3,000 training and 600 test points from fixed seeds, in a seeded random order. */
const SPIRALS = { train: 3000, test: 600, trainSeed: 1, testSeed: 2 };

/**
 * The point sets list each arm from the centre outwards, so a tail split would validate on the arms'
 * ends only; a seeded shuffle makes the tail a fair sample.
 */
function shuffledPoints(set: PointSet, seed: number, limit: number | undefined): PointSet {
  const order = Int32Array.from(set.labels, (_, i) => i);
  createRng(seed).shuffle(order);
  const n = Math.min(order.length, limit ?? order.length);
  const x = new Tensor(new Float32Array(n * 2), [n, 2]);
  const labels = new Uint8Array(n);
  order.subarray(0, n).forEach((from, to) => {
    x.data[2 * to] = set.x.data[2 * from];
    x.data[2 * to + 1] = set.x.data[2 * from + 1];
    labels[to] = set.labels[from];
  });
  return { x, labels };
}

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
    return {
      name,
      ...shape,
      train: shuffledPoints(spirals({ n: SPIRALS.train, seed: SPIRALS.trainSeed }), SPIRALS.trainSeed, limit),
      test: shuffledPoints(
        spirals({ n: SPIRALS.test, seed: SPIRALS.testSeed }),
        SPIRALS.testSeed,
        testLimit(limit),
      ),
      source: 'generated (spirals)',
    };
  }
  const load = name === 'mnist' ? loadMnist : loadFashionMnist;
  const train = load({ split: 'train', limit });
  const test = load({ split: 'test', limit: testLimit(limit) });
  return { name, ...shape, train, test, source: train.files.images.replace(/[^/\\]*$/, '') };
}

/** Keeps the last `valSize` training samples for validation (the seeds kept MNIST's last 10,000). */
export function splitValidation(
  data: LabeledData,
  valSize: number,
): { train: LabeledData; val?: LabeledData } {
  const n = rowsOf(data);
  if (valSize >= n) {
    throw new UsageError(`--val-split ${valSize}: must be smaller than the ${n} training samples`);
  }
  if (valSize === 0) return { train: data };
  return trainValSplit(data, { valSize });
}
