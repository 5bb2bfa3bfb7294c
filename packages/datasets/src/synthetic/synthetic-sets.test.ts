import { createRng } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { blobs } from './blobs';
import { moons } from './moons';
import type { PointSet, PointSetOptions } from './point-set';
import { spirals } from './spirals';
import { xor } from './xor';

const SETS: [string, (o: PointSetOptions) => PointSet, number][] = [
  ['spirals', (o) => spirals(o), 3],
  ['spirals(5 classes)', (o) => spirals({ ...o, classes: 5 }), 5],
  ['moons', moons, 2],
  ['xor', xor, 2],
  ['blobs', (o) => blobs(o), 3],
];

describe.each(SETS)('%s', (_name, make, classes) => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = make({ n: 300, seed: 7 });
    const b = make({ n: 300, rng: createRng(7) });
    const c = make({ n: 300, seed: 8 });
    expect(a.x.shape).toEqual([300, 2]);
    expect(a.x.dtype).toBe('float32');
    expect(b.x.data).toEqual(a.x.data);
    expect(b.labels).toEqual(a.labels);
    expect(c.x.data).not.toEqual(a.x.data);
    expect(a.x.data.every(Number.isFinite)).toBe(true);
  });

  it('without seed or rng, draws from the global generator', () => {
    const fromSeven = make({ n: 50, seed: 7 }).x.data;
    withManualSeed(7, () => {
      expect(make({ n: 50 }).x.data).toEqual(fromSeven);
      // The global generator has moved on.
      expect(make({ n: 50 }).x.data).not.toEqual(fromSeven);
    });
  });

  it('has balanced, interleaved classes', () => {
    const { labels } = make({ n: 301, seed: 1 });
    const counts = new Array(classes).fill(0);
    for (const l of labels) counts[l]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(new Set(labels.subarray(0, classes)).size).toBe(classes);
  });

  it('supports float64 and rejects bad options', () => {
    expect(make({ n: 4, seed: 1, dtype: 'float64' }).x.dtype).toBe('float64');
    expect(make({ n: 0, seed: 1 }).x.shape).toEqual([0, 2]);
    expect(() => make({ n: 4, seed: 2 ** 32 })).toThrow(
      'seed must be an integer in [0, 2^32), got 4294967296',
    );
    expect(() => make({ n: -1, seed: 1 })).toThrow('n must be an integer in [0, 67108864], got -1');
    expect(() => make({ n: 4, seed: 1, dtype: 'int8' as 'float32' })).toThrow(
      "dtype must be 'float32' or 'float64'",
    );
  });
});

/** Mean distance of each point to the nearest point of another class, relative to the data's spread. */
function classSeparation({ x, labels }: PointSet): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (labels[j] === labels[i]) continue;
      best = Math.min(best, Math.hypot(x.data[2 * i] - x.data[2 * j], x.data[2 * i + 1] - x.data[2 * j + 1]));
    }
    total += best;
  }
  return total / n;
}

describe('geometry', () => {
  it('noiseless moons lie on their half circles', () => {
    const { x, labels } = moons({ n: 50, seed: 3, noise: 0 });
    for (let i = 0; i < 50; i++) {
      const [px, py] = [x.data[2 * i], x.data[2 * i + 1]];
      // float32 coordinates: radius exact to ~1e-7 relative.
      const r = labels[i] === 0 ? Math.hypot(px, py) : Math.hypot(px - 1, py - 0.5);
      expect(r).toBeCloseTo(1, 6);
      expect(labels[i] === 0 ? py >= 0 : py <= 0.5).toBe(true);
    }
  });

  it('noiseless xor puts each class in its quadrants', () => {
    const { x, labels } = xor({ n: 200, seed: 3 });
    for (let i = 0; i < 200; i++) {
      const sameSign = Math.sign(x.data[2 * i]) === Math.sign(x.data[2 * i + 1]);
      expect(sameSign).toBe(labels[i] === 0);
      expect(Math.abs(x.data[2 * i])).toBeLessThanOrEqual(1);
    }
  });

  it('noiseless spiral arms start at the origin and end at radius 1', () => {
    const { x } = spirals({ n: 30, seed: 1, noise: 0 });
    expect(Math.hypot(x.data[0], x.data[1])).toBe(0);
    // The last point of arm 0 is sample 27.
    expect(Math.hypot(x.data[54], x.data[55])).toBeCloseTo(1, 6);
  });

  it('noise blurs the classes together', () => {
    const clean = classSeparation(spirals({ n: 150, seed: 2, noise: 0 }));
    const noisy = classSeparation(spirals({ n: 150, seed: 2, noise: 0.3 }));
    expect(noisy).toBeLessThan(clean);
  });

  it('blobs centre on the given centres with the given spread', () => {
    const centers: [number, number][] = [
      [5, 5],
      [-5, 0],
    ];
    const { x, labels } = blobs({ n: 2000, centers, std: 0.5, seed: 9 });
    for (const [k, [cx, cy]] of centers.entries()) {
      const idx = [...labels.keys()].filter((i) => labels[i] === k);
      const mean = (axis: number) => idx.reduce((s, i) => s + x.data[2 * i + axis], 0) / idx.length;
      // 1000 samples of std 0.5: the mean is off by ~0.016 (one standard error); allow 5.
      expect(Math.abs(mean(0) - cx)).toBeLessThan(0.08);
      expect(Math.abs(mean(1) - cy)).toBeLessThan(0.08);
    }
    expect(() => blobs({ n: 3, centers: [[1, Number.NaN]], seed: 1 })).toThrow(
      'blobs: centers must be [x, y] pairs',
    );
    expect(() => blobs({ n: 3, std: -1, seed: 1 })).toThrow(
      'blobs: std must be a finite number >= 0, got -1',
    );
  });
});
