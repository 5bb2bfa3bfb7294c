import {
  allocateFor,
  createRng,
  formatShape,
  type Rng,
  type RngOptions,
  resolveRng,
  sizeOf,
  Tensor,
} from '@scratchnet/tensor';
import { type Augmentation, asAugmentation } from '../augment/augmentation';
import { epochSeed } from './epoch-seed';

export type Labels = Uint8Array | Int32Array;

/** Samples along the first axis of `x` (or of `images`, as the MNIST loaders name it) with one label each. */
export type LabeledData<L extends Labels = Labels> = { x: Tensor; labels: L } | { images: Tensor; labels: L };

/**
 * `seed` fixes the loader's seed; else it draws its seed once, at construction, from `rng` or — when it
 * shuffles or augments — from the global generator (see `manualSeed`).
 */
export interface DataLoaderOptions extends RngOptions {
  batchSize: number;
  /** Reshuffle every epoch (default true). */
  shuffle?: boolean;
  /** Leave out the last batch when it is short (default false). */
  dropLast?: boolean;
  /** Per-image random transforms for `[N, C, H, W]` data, applied in order. */
  augment?: Augmentation | readonly Augmentation[];
}

export interface Batch<L extends Labels = Labels> {
  /** `[b, ...sample]`, b = batchSize except maybe in the last batch. Overwritten by the next batch. */
  readonly x: Tensor;
  /** The b labels. Overwritten by the next batch. */
  readonly labels: L;
  /** Which samples of the data set the batch holds (a view on the epoch's order). */
  readonly indices: Int32Array;
  /** Position of the batch in its epoch. */
  readonly index: number;
  readonly epoch: number;
}

interface Buffers<L extends Labels> {
  full: { x: Tensor; labels: L };
  short?: { x: Tensor; labels: L };
}

/**
 * The given seed (which wins over a given rng), else one drawn from the given rng, else — only when
 * something random happens — one drawn from the global generator; else 0.
 */
function loaderSeed({ rng, seed }: RngOptions, needsRandomness: boolean): number {
  if (seed !== undefined) return resolveRng('DataLoader', { seed }).seed;
  return needsRandomness || rng !== undefined ? resolveRng('DataLoader', { rng }).nextUint32() : 0;
}

/**
 * Mini-batches over a labelled data set, epoch by epoch.
 *
 * Reproducible: epoch e's order (and its augmentation draws) depend only on the seed and e — not on
 * the epochs iterated before — so a resumed run gets epoch e back with `loader.epoch(e)`.
 *
 * Allocation-free in steady state: every full batch is written into the same tensor and label array,
 * so a batch is valid only until the next one is produced (clone what you keep). A short last batch
 * is a properly sized view on the front of those buffers.
 */
export class DataLoader<L extends Labels = Labels> implements Iterable<Batch<L>> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** Number of samples. */
  readonly size: number;
  /** Number of batches per epoch. */
  readonly length: number;
  readonly seed: number;
  private readonly x: Tensor;
  private readonly labels: L;
  private readonly augment: Augmentation | undefined;
  private readonly sampleShape: number[];
  private readonly outSampleShape: number[];
  private buffers: Buffers<L> | undefined;
  private nextEpoch = 0;

  constructor(data: LabeledData<L>, options: DataLoaderOptions) {
    const x = data && ('x' in data ? data.x : data.images);
    const labels = data?.labels;
    if (!(x instanceof Tensor) || x.rank < 1) {
      throw new Error(
        'DataLoader: data must be { x: Tensor, labels } (or { images, labels }) with x of rank >= 1',
      );
    }
    if (!(labels instanceof Uint8Array || labels instanceof Int32Array) || labels.length !== x.shape[0]) {
      throw new Error(
        `DataLoader: labels must be a Uint8Array or Int32Array with one label per sample of x ${formatShape(x.shape)}, ` +
          `got ${labels?.length ?? String(labels)}`,
      );
    }
    const { batchSize, shuffle = true, dropLast = false } = options ?? ({} as DataLoaderOptions);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`DataLoader: batchSize must be an integer >= 1, got ${String(batchSize)}`);
    }
    this.x = x;
    this.labels = labels;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.size = x.shape[0];
    this.length = dropLast ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
    this.augment = options.augment === undefined ? undefined : asAugmentation(options.augment);
    this.sampleShape = x.shape.slice(1);
    this.outSampleShape = this.augment ? this.augment.outputShape(this.sampleShape) : this.sampleShape;
    this.seed = loaderSeed(options, shuffle || this.augment !== undefined);
  }

  /** The order in which epoch `epoch` visits the samples. */
  order(epoch: number): Int32Array {
    return this.epochStreams(epoch).order;
  }

  /** The batches of epoch `epoch` (any epoch, in any order). */
  *epoch(epoch: number): Generator<Batch<L>, void, undefined> {
    const { order, rng } = this.epochStreams(epoch);
    for (let index = 0; index < this.length; index++) {
      const indices = order.subarray(
        index * this.batchSize,
        Math.min(this.size, (index + 1) * this.batchSize),
      );
      yield { ...this.fill(indices, rng), indices, index, epoch };
    }
  }

  /** Iterates the next epoch: 0 the first time, then 1, 2, … */
  [Symbol.iterator](): Iterator<Batch<L>> {
    return this.epoch(this.nextEpoch++);
  }

  private epochStreams(epoch: number): { order: Int32Array; rng: Rng } {
    const rng = createRng(epochSeed(this.seed, epoch));
    const order = new Int32Array(this.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (this.shuffle) rng.shuffle(order);
    return { order, rng: rng.fork() };
  }

  private batchBuffers(count: number): { x: Tensor; labels: L } {
    const outSize = sizeOf(this.outSampleShape);
    if (!this.buffers) {
      // No batch holds more samples than the set: a batchSize past it takes no memory for nothing.
      const shape = [Math.min(this.batchSize, this.size), ...this.outSampleShape];
      const labels = new (this.labels.constructor as new (n: number) => L)(shape[0]);
      const x = new Tensor(allocateFor('DataLoader', this.x.dtype, shape, 'batch'), shape);
      this.buffers = { full: { x, labels } };
    }
    const { full } = this.buffers;
    if (count === this.batchSize) return full;
    this.buffers.short ??= {
      x: new Tensor(full.x.data.subarray(0, count * outSize), [count, ...this.outSampleShape]),
      labels: full.labels.subarray(0, count) as L,
    };
    return this.buffers.short;
  }

  private fill(indices: Int32Array, rng: Rng): { x: Tensor; labels: L } {
    const batch = this.batchBuffers(indices.length);
    const inSize = sizeOf(this.sampleShape);
    const outSize = sizeOf(this.outSampleShape);
    const src = this.x.data;
    const dst = batch.x.data;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      batch.labels[j] = this.labels[i];
      const sample = src.subarray(i * inSize, (i + 1) * inSize);
      if (this.augment) {
        this.augment.apply(
          sample,
          dst.subarray(j * outSize, (j + 1) * outSize),
          this.sampleShape,
          this.augment.rng ?? rng,
        );
      } else {
        dst.set(sample, j * outSize);
      }
    }
    return batch;
  }
}
