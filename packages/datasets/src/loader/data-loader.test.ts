import { createRng, globalRng, manualSeed, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { randomShift } from '../augment/random-shift';
import { DataLoader } from './data-loader';

/** Sample i has every feature equal to i and label i % 7, so a batch shows which samples it holds. */
function indexed(n: number, features = 3) {
  const x = new Tensor(
    Float32Array.from({ length: n * features }, (_, k) => Math.floor(k / features)),
    [n, features],
  );
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 7);
  return { x, labels };
}

/** Copies of every batch of an epoch, taken while each batch is current. */
const snapshot = (loader: DataLoader, epoch: number) =>
  Array.from(loader.epoch(epoch), (b) => [Array.from(b.x.data), Array.from(b.labels)]);

describe('DataLoader', () => {
  it('visits every sample exactly once per epoch, with matching x and labels', () => {
    const data = indexed(23);
    const loader = new DataLoader(data, { batchSize: 5, seed: 1 });
    expect(loader.length).toBe(5);
    for (const epoch of [0, 1, 2]) {
      const seen: number[] = [];
      for (const batch of loader.epoch(epoch)) {
        batch.indices.forEach((i, j) => {
          expect(batch.x.data.subarray(3 * j, 3 * j + 3)).toEqual(new Float32Array([i, i, i]));
          expect(batch.labels[j]).toBe(i % 7);
        });
        seen.push(...batch.indices);
      }
      expect(seen.sort((a, b) => a - b)).toEqual([...Array(23).keys()]);
    }
  });

  it('gives the same batches for the same seed, and different orders for different epochs and seeds', () => {
    const data = indexed(40);
    const a = new DataLoader(data, { batchSize: 8, seed: 42 });
    const b = new DataLoader(data, { batchSize: 8, seed: 42 });
    expect(snapshot(b, 0)).toEqual(snapshot(a, 0));
    expect(a.order(1)).not.toEqual(a.order(0));
    expect(new DataLoader(data, { batchSize: 8, seed: 43 }).order(0)).not.toEqual(a.order(0));
    const fromRng = () => new DataLoader(data, { batchSize: 8, rng: createRng(5) });
    expect(fromRng().order(3)).toEqual(fromRng().order(3));
  });

  it('reproduces epoch e from the seed alone, without replaying earlier epochs', () => {
    const data = indexed(30, 1);
    const run = new DataLoader(data, { batchSize: 4, seed: 9 });
    const history: number[][][] = [];
    for (let e = 0; e < 4; e++) history.push(Array.from(run, (batch) => Array.from(batch.indices)));
    const resumed = new DataLoader(data, { batchSize: 4, seed: 9 });
    expect(Array.from(resumed.epoch(3), (batch) => Array.from(batch.indices))).toEqual(history[3]);
    expect(resumed.epoch(3).next().value?.epoch).toBe(3);
  });

  it('iterating the loader itself walks epochs 0, 1, 2, …', () => {
    const loader = new DataLoader(indexed(10), { batchSize: 3, seed: 2 });
    const epochs = [0, 1, 2].map(() => Array.from(loader, (batch) => batch.epoch));
    expect(epochs).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
  });

  it('keeps order without shuffle and needs no seed then', () => {
    const loader = new DataLoader(indexed(7), { batchSize: 3, shuffle: false });
    expect(Array.from(loader.epoch(5), (b) => Array.from(b.indices))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('drops the short last batch with dropLast', () => {
    const data = indexed(23);
    const keep = new DataLoader(data, { batchSize: 5, seed: 1 });
    const drop = new DataLoader(data, { batchSize: 5, seed: 1, dropLast: true });
    expect(drop.length).toBe(4);
    expect(Array.from(keep.epoch(0), (b) => b.x.shape[0])).toEqual([5, 5, 5, 5, 3]);
    expect(Array.from(drop.epoch(0), (b) => b.x.shape[0])).toEqual([5, 5, 5, 5]);
    expect(Array.from(drop.epoch(0), (b) => Array.from(b.indices))).toEqual(
      Array.from(keep.epoch(0), (b) => Array.from(b.indices)).slice(0, 4),
    );
  });

  it('reuses its batch buffers; the short last batch is a sized view on them', () => {
    const loader = new DataLoader(indexed(11, 2), { batchSize: 4, seed: 3 });
    const batches = [...loader.epoch(0)];
    expect(batches[1].x).toBe(batches[0].x);
    expect(batches[1].labels).toBe(batches[0].labels);
    const last = batches[2];
    expect(last.x.shape).toEqual([3, 2]);
    expect(last.labels.length).toBe(3);
    expect(last.x.data.buffer).toBe(batches[0].x.data.buffer);
    // After the epoch, the shared buffer holds the last batch's samples at its front.
    expect(batches[0].x.data.subarray(0, 6)).toEqual(last.x.data);
    expect(Array.from(last.x.data.filter((_, k) => k % 2 === 0))).toEqual(Array.from(last.indices));
    const again = [...loader.epoch(1)];
    expect(again[0].x).toBe(batches[0].x);
    expect(again[2].x).toBe(last.x);
  });

  it('keeps the label type and accepts { images, labels }', () => {
    const images = new Tensor(new Float32Array(5 * 4), [5, 1, 2, 2]);
    const loader = new DataLoader(
      { images, labels: new Int32Array([4, 3, 2, 1, 0]) },
      { batchSize: 2, shuffle: false },
    );
    const first = loader.epoch(0).next().value!;
    expect(first.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(first.labels)).toEqual([4, 3]);
    expect(first.x.shape).toEqual([2, 1, 2, 2]);
  });

  it('augments per image, reproducibly per epoch', () => {
    const images = new Tensor(
      Float32Array.from({ length: 6 * 25 }, (_, k) => (k % 25) + 1),
      [6, 1, 5, 5],
    );
    const data = { images, labels: new Uint8Array(6) };
    const make = () => new DataLoader(data, { batchSize: 6, seed: 4, augment: randomShift({ maxShift: 1 }) });
    const a = make();
    const epoch2 = Array.from(a.epoch(2).next().value!.x.data);
    a.epoch(0).next();
    expect(Array.from(make().epoch(2).next().value!.x.data)).toEqual(epoch2);
    expect(Array.from(a.epoch(2).next().value!.x.data)).toEqual(epoch2);
    // Some image moved (zeros appear at the border), none lost its shape.
    expect(epoch2.some((v) => v === 0)).toBe(true);
    expect(
      () =>
        new DataLoader(
          { x: new Tensor(new Float32Array(4), [2, 2]), labels: new Uint8Array(2) },
          {
            batchSize: 1,
            seed: 1,
            augment: randomShift({ maxShift: 1 }),
          },
        ),
    ).toThrow('randomShift: expects images of shape [C, H, W] (a batch [N, C, H, W]), got a sample of [2]');
  });

  it('without seed or rng, a shuffling loader draws its seed once from the global generator', () => {
    const data = indexed(20);
    const order = (seed: number) =>
      withManualSeed(seed, () => {
        const loader = new DataLoader(data, { batchSize: 4 });
        // Drawn at construction: reseeding afterwards changes nothing.
        manualSeed(seed + 1);
        return Array.from(loader.order(0));
      });
    expect(order(5)).toEqual(order(5));
    expect(order(5)).toEqual(Array.from(new DataLoader(data, { batchSize: 4, rng: createRng(5) }).order(0)));
    expect(order(6)).not.toEqual(order(5));
    // A given seed or rng wins over the global generator, and a seed over an rng.
    withManualSeed(5, () => {
      const seeded = new DataLoader(data, { batchSize: 4, seed: 9, rng: createRng(1) });
      expect(seeded.seed).toBe(9);
      expect(Array.from(seeded.order(0))).not.toEqual(order(5));
    });
  });

  it('without seed or rng, a loader that neither shuffles nor augments leaves the global generator alone', () => {
    withManualSeed(5, () => {
      const loader = new DataLoader(indexed(6), { batchSize: 4, shuffle: false });
      expect(loader.seed).toBe(0);
      expect(Array.from(loader.order(0))).toEqual([0, 1, 2, 3, 4, 5]);
      expect(globalRng().nextUint32()).toBe(createRng(5).nextUint32());
    });
  });

  it('a batchSize past the set size takes memory for the set only', () => {
    const loader = new DataLoader(indexed(3), { batchSize: 1e9, shuffle: false });
    const batches = Array.from(loader.epoch(0), (b) => [b.x.shape, Array.from(b.labels)]);
    expect(batches).toEqual([
      [
        [3, 3],
        [0, 1, 2],
      ],
    ]);
  });

  it('rejects bad arguments with clear messages', () => {
    const data = indexed(4);
    expect(() => new DataLoader(data, { batchSize: 0, seed: 1 })).toThrow(
      'DataLoader: batchSize must be an integer >= 1, got 0',
    );
    expect(() => new DataLoader({ x: data.x, labels: new Uint8Array(3) }, { batchSize: 2, seed: 1 })).toThrow(
      'DataLoader: labels must be a Uint8Array or Int32Array with one label per sample of x [4, 3], got 3',
    );
    expect(() => new DataLoader(data, { batchSize: 2, seed: -1 })).toThrow(
      'DataLoader: seed must be an integer in [0, 2^32), got -1',
    );
    expect(() => new DataLoader(data, { batchSize: 2, rng: 3 as never })).toThrow(
      'DataLoader: rng must be a generator from createRng(seed), got 3',
    );
    expect(() => new DataLoader(data, { batchSize: 2, seed: 1 }).order(-1)).toThrow(
      'DataLoader: epoch must be an integer in [0, 2^32), got -1',
    );
  });
});
