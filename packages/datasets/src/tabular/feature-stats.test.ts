import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { checkFeatureStats, featureStats, normalizeFeatures, normalizeSplits } from './feature-stats';

const table = (rows: number[][]) => new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length]);

describe('feature statistics', () => {
  it('are the mean and population std of each column; a constant column divides by 1', () => {
    const stats = featureStats(
      table([
        [1, 5],
        [3, 5],
      ]),
      ['a', 'b'],
    );
    expect(stats).toEqual({ features: ['a', 'b'], mean: [2, 5], std: [1, 1] });
    expect(Array.from(normalizeFeatures(table([[4, 7]]), stats).data)).toEqual([2, 2]);
  });

  it('come from the training part only, and apply to every part', () => {
    const train = { x: table([[0], [2]]), labels: Int32Array.of(0, 1) };
    const test = { x: table([[100], [4]]), labels: Int32Array.of(0, 1) };
    const { parts, stats } = normalizeSplits({ train, test }, ['v']);
    expect(stats.mean).toEqual([1]);
    expect(Array.from(parts.test?.x.data ?? [])).toEqual([99, 3]);
    expect(parts.test?.labels).toBe(test.labels);
    expect(Array.from(parts.train.x.data)).toEqual([-1, 1]);
  });

  it('read back from JSON are checked', () => {
    const stats = { features: ['a'], mean: [1], std: [2] };
    expect(checkFeatureStats(JSON.parse(JSON.stringify(stats)), 'm.json')).toEqual(stats);
    expect(() => checkFeatureStats({ ...stats, std: [0] }, 'm.json')).toThrow(
      'm.json: feature statistics "std" of a is 0',
    );
    expect(() => checkFeatureStats({ ...stats, mean: [] }, 'm.json')).toThrow(
      'm.json: feature statistics need "mean", one number per feature (1)',
    );
    expect(() => normalizeFeatures(table([[1, 2]]), stats)).toThrow(
      'normalizeFeatures: x must be a table [rows, 1], got [1, 2]',
    );
  });
});
