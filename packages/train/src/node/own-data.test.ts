import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LabeledData,
  normalizeSplits,
  shapePictures,
  shuffleRows,
  trainValSplit,
} from '@scratchnet/datasets';
import { csvDataset, encodePng, imageFolder } from '@scratchnet/datasets/node';
import { Linear, ReLU, Sequential } from '@scratchnet/layers';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import { createRng, setBackend } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { fit } from '../fit';
import type { TrainableModel } from '../model-types';
import { smallCnn } from '../presets';
import { loadCheckpoint, saveModel } from './save-model';

// Pictures and tables are generated here, written as files and read back through the loaders, so
// that these runs cover decoding, resizing, class folders, CSV parsing, splitting and normalising.
// The classes are separable by construction (distinct shapes or colours; blobs four deviations
// apart) while a broken pipeline (labels out of step with pictures, channels or rows mixed up,
// statistics from the wrong rows) stays near chance (33% or 25%): each threshold sits well above
// chance and a few points below what the seeded run reaches.

const tempDir = () => mkdtempSync(join(tmpdir(), 'scratchnet-own-data-'));

function writeShapeFolder(channels: 1 | 3, perClass: number): string {
  const dir = tempDir();
  const set = shapePictures({ perClass, channels, seed: channels });
  set.classes.forEach((name) => {
    mkdirSync(join(dir, name));
  });
  set.images.forEach((image, i) => {
    writeFileSync(join(dir, set.classes[set.labels[i]], `${i}.png`), encodePng(image));
  });
  return dir;
}

/** Trains with Adam and returns the accuracy on `val`. */
async function score(
  model: TrainableModel,
  train: LabeledData,
  val: LabeledData,
  epochs: number,
  lr: number,
) {
  await fit(model, {
    loss: new SoftmaxCrossEntropy(),
    optimizer: new Adam(model.parameters(), { lr }),
    train,
    epochs,
    batchSize: 8,
    seed: 1,
  });
  return evaluate(model, val, { loss: new SoftmaxCrossEntropy() }).accuracy;
}

describe('training on your own data', () => {
  setBackend('js');

  // 16 x 16 keeps these runs to seconds on the js backend; small-cnn takes any size (32 x 32 runs in the CLI's test).
  it('a gray image folder (horizontal bar, vertical bar, cross): at least 85% on held-out pictures', async () => {
    const folder = imageFolder(writeShapeFolder(1, 40), { size: 16, channels: 1 });
    expect(folder.classes).toEqual(['cross', 'horizontal', 'vertical']);
    const model = smallCnn({ seed: 2, inChannels: 1, classes: 3 });
    const { train, val } = trainValSplit(shuffleRows(folder, { seed: 3 }), { valSize: 30 });
    const accuracy = await score(model, train, val, 15, 0.005);
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
  }, 120_000);

  it('an RGB image folder (red or blue bars, horizontal or vertical) with small-cnn: at least 85%', async () => {
    const folder = imageFolder(writeShapeFolder(3, 40), { size: 16, channels: 3 });
    expect(folder.x.shape).toEqual([160, 3, 16, 16]);
    const model = smallCnn({ seed: 2, classes: folder.classes.length });
    const { train, val } = trainValSplit(shuffleRows(folder, { seed: 3 }), { valSize: 40 });
    const accuracy = await score(model, train, val, 15, 0.005);
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
  }, 120_000);

  it('a CSV table with features on very different scales, normalised on its training rows: at least 95%', async () => {
    const rng = createRng(4);
    const centres = [
      [0, 0, 0],
      [4, 0, 4],
      [0, 4, 4],
    ];
    // Column b is in thousands: without normalisation it would swamp the others.
    const scale = [1, 1000, 0.01];
    const rows = ['a,b,c,species'];
    for (let i = 0; i < 300; i++) {
      const k = i % 3;
      const cells = centres[k].map((m, j) => ((m + rng.normal()) * scale[j]).toPrecision(6));
      rows.push([...cells, ['setosa', 'versicolor', 'virginica'][k]].join(','));
    }
    const file = join(tempDir(), 'blobs.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const table = csvDataset(file, { target: 'species' });
    const { train: rawTrain, val: rawVal } = trainValSplit(shuffleRows(table, { seed: 5 }), { valSize: 60 });
    const { parts, stats } = normalizeSplits({ train: rawTrain, val: rawVal }, table.features);
    expect(stats.std[1]).toBeGreaterThan(500);
    const model = new Sequential(new Linear(3, 16, { seed: 6 }), new ReLU(), new Linear(16, 3, { seed: 7 }));
    const accuracy = await score(model, parts.train, parts.val, 20, 0.01);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    // Saved with the model, the statistics and class names come back as they were.
    const dir = tempDir();
    saveModel(model as Sequential, dir, { classes: table.classes, input: { kind: 'table', ...stats } });
    const loaded = loadCheckpoint(dir);
    expect(loaded.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(loaded.input).toEqual({ kind: 'table', ...stats });
  }, 60_000);
});
