import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobs, shapePictures } from '@scratchnet/datasets';
import { encodePng } from '@scratchnet/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// Pictures and a table are generated here, written as files and trained on through the built CLI
// (js backend: the same result on every machine), so that these runs cover the whole path from
// --data to a saved model that eval and predict read back. The classes are separable by
// construction (bars of distinct orientation or colour; blobs four deviations apart), while a
// broken pipeline (labels out of step with pictures, channels mixed up, statistics from the wrong
// rows) stays near chance: 25% for four RGB classes, 33% for three. Each threshold sits far above
// chance and below what the seeded run reaches (RGB and gray 95-100%, with other seeds down to 80%
// when one pair of orientations is still mixed after 12 epochs; the table 100%).

const dir = tempDir();
const JS = ['--backend', 'js'];

function writeShapeFolder(name: string, channels: 1 | 3): string {
  const folder = join(dir, name);
  // 16 to 32 pixels a side, resized to 16 x 16: a few seconds per run on the js backend.
  const set = shapePictures({ perClass: 40, channels, seed: channels, sizes: [16, 32] });
  for (const c of set.classes) mkdirSync(join(folder, c), { recursive: true });
  set.images.forEach((image, i) => {
    writeFileSync(join(folder, set.classes[set.labels[i]], `${i}.png`), encodePng(image));
  });
  return folder;
}

const SPECIES = ['setosa', 'versicolor', 'virginica'];

/** 180 rows of three Gaussian blobs four deviations apart; column b is in thousands, so it would swamp a unnormalised. */
function writeBlobs(file: string): string {
  const points = blobs({
    n: 180,
    centers: [
      [0, 0],
      [4, 0],
      [0, 4],
    ],
    seed: 4,
  });
  const rows = Array.from(points.labels, (label, i) => {
    const [a, b] = points.x.data.subarray(2 * i, 2 * i + 2);
    return `${a.toPrecision(6)},${(b * 1000).toPrecision(6)},${SPECIES[label]}`;
  });
  writeFileSync(file, `a,b,species\n${rows.join('\n')}\n`);
  return file;
}

const modelJson = (out: string) => JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
const trainPictures = (data: string, out: string, extra: string[] = []) =>
  runCli([
    'train',
    '--model',
    'small-cnn',
    '--data',
    data,
    '--image-size',
    '16',
    ...extra,
    '--epochs',
    '12',
    '--batch-size',
    '4',
    '--lr',
    '0.005',
    ...JS,
    '--out',
    out,
    '--json',
  ]);

let rgb: string;
let gray: string;
let blobsCsv: string;
beforeAll(() => {
  requireBuiltCli();
  rgb = writeShapeFolder('rgb', 3);
  gray = writeShapeFolder('gray', 1);
  blobsCsv = writeBlobs(join(dir, 'blobs.csv'));
});

describe('train --data: your own pictures and tables, end to end through the built CLI', () => {
  it('an RGB folder (red or blue, horizontal or vertical bars) with small-cnn: at least 75% on the held-out sixth', async () => {
    const out = join(dir, 'rgb-model');
    const r = await trainPictures(rgb, out);
    expect(r.code, r.stderr).toBe(0);
    // 160 pictures: the last sixth (26) is the test part, the last sixth of the rest (22) validates.
    expect(r.stdout).toContain(`small-cnn on ${rgb} (112 train / 22 validation / 26 test)`);
    expect(lastJson(r.stdout).testAccuracy).toBeGreaterThanOrEqual(0.75);
    const saved = modelJson(out);
    expect(saved.classes).toEqual(['blue-horizontal', 'blue-vertical', 'red-horizontal', 'red-vertical']);
    expect(saved.input).toEqual({ kind: 'image', channels: 3, height: 16, width: 16 });
    expect(saved.info.run).toMatchObject({ data: rgb, imageSize: 16, channels: 3, seed: 0 });
    expect(saved.info.run.dataset).toBeUndefined();

    // predict reads pictures of any size per the saved spec and names the class.
    const files = ['red-vertical/3.png', 'blue-horizontal/0.png'].map((f) => join(rgb, f));
    const p = await runCli(['predict', '--model', out, ...JS, ...files, '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(new RegExp(`^${files[0]}: (blue|red)-(horizontal|vertical) {3}\\(top 3: `, 'm'));
    const { predictions } = lastJson(p.stdout) as { predictions: { label: unknown }[] };
    for (const { label } of predictions) expect(saved.classes).toContain(label);

    // eval without --data repeats train's test sixth; with it, reads all of the folder.
    const heldOut = await runCli(['eval', '--model', out, ...JS, '--json']);
    expect(heldOut.code, heldOut.stderr).toBe(0);
    expect(lastJson(heldOut.stdout)).toMatchObject({
      samples: 26,
      testAccuracy: lastJson(r.stdout).testAccuracy,
    });
    const all = await runCli(['eval', '--model', out, '--data', rgb, ...JS]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`on all of ${rgb} (160 samples)`);
    expect(all.stdout).toMatch(/^blue-horizontal +\d+ +\d+ +\d+ +\d+$/m);
  }, 90_000);

  it('a gray folder (horizontal bar, vertical bar, cross) with --channels 1: at least 75%', async () => {
    const out = join(dir, 'gray-model');
    const r = await trainPictures(gray, out, ['--channels', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout).testAccuracy).toBeGreaterThanOrEqual(0.75);
    expect(modelJson(out)).toMatchObject({
      classes: ['cross', 'horizontal', 'vertical'],
      input: { kind: 'image', channels: 1, height: 16, width: 16 },
    });
  }, 90_000);

  it('a CSV table with mlp, normalised on its training rows: at least 95%; predict --csv names the species', async () => {
    const out = join(dir, 'csv-model');
    // A constant lr: a cosine schedule spans --epochs, which resuming changes.
    const args = ['train', '--model', 'mlp', '--data', blobsCsv, '--target', 'species', '--schedule', 'none'];
    const run = (epochs: number, ...more: string[]) =>
      runCli([...args, '--epochs', String(epochs), '--batch-size', '16', '--lr', '0.01', ...JS, ...more]);
    const r = await run(10, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout).testAccuracy).toBeGreaterThanOrEqual(0.95);
    const { classes, input, info } = modelJson(out);
    expect(classes).toEqual(SPECIES);
    expect(input).toMatchObject({ kind: 'table', features: ['a', 'b'] });
    // Statistics of the training rows: column b keeps its scale of thousands.
    expect(input.std[1]).toBeGreaterThan(500);
    expect(info.run).toMatchObject({ data: blobsCsv, target: 'species' });

    // --resume reads the table again alike (same rows, split and statistics): 5 + 5 epochs = 10 epochs.
    const half = join(dir, 'csv-half');
    const first = await run(5, '--out', half);
    expect(first.code, first.stderr).toBe(0);
    const resumed = await runCli(['train', '--resume', half, '--epochs', '10', ...JS, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson(resumed.stdout).testLoss).toBe(lastJson(r.stdout).testLoss);
    expect(modelJson(half).input).toEqual(input);

    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, 'b,a\n0,4\n4000,0\n');
    const p = await runCli(['predict', '--model', out, '--csv', rows, ...JS]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(new RegExp(`^${rows} row 1: versicolor {3}`, 'm'));
    expect(p.stdout).toMatch(new RegExp(`^${rows} row 2: virginica {3}`, 'm'));
  }, 60_000);
});

describe('train --data: bad input is reported before training, and nothing is written to --out', () => {
  const bad = join(dir, 'bad');
  mkdirSync(bad, { recursive: true });

  /** A folder of two classes of one good picture each; `edit` spoils it. */
  function pictures(name: string, edit: (folder: string) => void): string {
    const folder = join(bad, name);
    const set = shapePictures({ perClass: 1, channels: 1, seed: 1 });
    for (const c of ['a', 'b']) {
      mkdirSync(join(folder, c), { recursive: true });
      writeFileSync(join(folder, c, '0.png'), encodePng(set.images[0]));
    }
    edit(folder);
    return folder;
  }
  const table = (name: string, text: string) => {
    writeFileSync(join(bad, name), text);
    return join(bad, name);
  };
  const png = encodePng(shapePictures({ perClass: 1, channels: 1, seed: 1 }).images[0]);

  const cases: [string, () => string[], string][] = [
    [
      'a truncated picture',
      () => [
        '--data',
        pictures('truncated', (f) => writeFileSync(join(f, 'b', '1.png'), png.subarray(0, 60))),
      ],
      'truncated/b/1.png',
    ],
    [
      'a file that is no picture',
      () => ['--data', pictures('corrupt', (f) => writeFileSync(join(f, 'a', 'notes.png'), 'not a picture'))],
      'corrupt/a/notes.png',
    ],
    [
      'an empty class folder',
      () => ['--data', pictures('empty', (f) => mkdirSync(join(f, 'c')))],
      'the class folder',
    ],
    [
      'a ragged CSV row',
      () => ['--data', table('ragged.csv', 'a,b,y\n1,2,x\n3,z\n'), '--target', 'y'],
      'ragged.csv: row 2 (line 3) has 2 fields',
    ],
    [
      'a non-numeric cell',
      () => ['--data', table('cell.csv', 'a,b,y\n1,2,x\n3,abc,z\n'), '--target', 'y'],
      'cell.csv: row 2 (line 3), column "b": "abc" is not a number',
    ],
    [
      'a target column that does not exist',
      () => ['--data', table('target.csv', 'a,b,y\n1,2,x\n3,4,z\n'), '--target', 'label'],
      'no target column "label" (the columns are "a", "b", "y")',
    ],
    [
      'no --target for a table',
      () => ['--data', table('notarget.csv', 'a,b,y\n1,2,x\n')],
      'give --target COLUMN, the column to predict (the columns are a, b, y)',
    ],
  ];

  it.each(cases)('%s: exit 2 with a message naming it', async (_name, args, message) => {
    const out = join(bad, `out-${_name.replace(/\W+/g, '-')}`);
    const r = await runCli(['train', '--model', 'small-cnn', ...args(), ...JS, '--out', out]);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).not.toContain('scratchnet train:');
    expect(existsSync(out)).toBe(false);
  });
});
