import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/run-cli';
import { resolveDataFlags } from './own-data';
import { resolveRun } from './training-run';

describe('resolveDataFlags: the --data flags checked against the data and filled in', () => {
  const dir = tempDir();
  const pictures = join(dir, 'pictures');
  mkdirSync(pictures);
  const table = join(dir, 'table.csv');
  writeFileSync(table, 'a,b,kind\n1,2,x\n');

  it('fills in the picture size and channels of the model: small-cnn 32 RGB, the MNIST presets 28 gray', () => {
    expect(resolveDataFlags({ data: pictures }, 'small-cnn')).toEqual({
      data: pictures,
      imageSize: 32,
      channels: 3,
    });
    expect(resolveDataFlags({ data: pictures }, 'lenet')).toEqual({
      data: pictures,
      imageSize: 28,
      channels: 1,
    });
    expect(resolveDataFlags({ data: pictures, channels: 1, imageSize: 20 }, 'model.json')).toEqual({
      data: pictures,
      imageSize: 20,
      channels: 1,
    });
    expect(resolveDataFlags({ data: table, target: 'kind' }, 'mlp')).toEqual({ data: table, target: 'kind' });
    expect(resolveDataFlags({}, 'mlp')).toEqual({});
  });

  it('refuses flags that do not go with the data given', () => {
    expect(() => resolveDataFlags({ imageSize: 16 }, 'mlp')).toThrow(
      '--image-size: give --data DIR|FILE.csv too',
    );
    expect(() => resolveDataFlags({ data: table, target: 'kind', channels: 3 }, 'mlp')).toThrow(
      `--channels: --data ${table} is a table, not a folder of pictures`,
    );
    expect(() => resolveDataFlags({ data: pictures, target: 'kind' }, 'mlp')).toThrow(
      '--target kind: only for --data FILE.csv',
    );
    expect(() => resolveDataFlags({ data: join(dir, 'nope') }, 'mlp')).toThrow('no such file or folder');
    expect(() => resolveDataFlags({ data: table }, 'mlp')).toThrow('(the columns are a, b, kind)');
    expect(() => resolveRun({ data: table, target: 'kind', dataset: 'mnist' })).toThrow(
      '--dataset mnist: give either --dataset or --data',
    );
    expect(() => resolveRun({ data: table, target: 'kind', limit: 10 })).toThrow(
      '--limit 10: not with --data',
    );
  });
});
