import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear, Sequential } from '@scratchnet/layers';
import { createRng, setBackend } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import type { EpochLog, TrainingContext } from '../callbacks';
import { keepBestCheckpoint } from './keep-best';
import { loadCheckpoint } from './save-model';

setBackend('js');
const dir = mkdtempSync(join(tmpdir(), 'scratchnet-best-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keepBestCheckpoint', () => {
  it('saves the model of each epoch with a better monitored value, and only those', () => {
    const model = new Sequential(new Linear(2, 3, { rng: createRng(2) }));
    const best = join(dir, 'best');
    const callback = keepBestCheckpoint(model, best, { monitor: 'valAccuracy', classes: ['a', 'b', 'c'] });
    const accuracies = [0.5, 0.8, 0.7, 0.8];
    for (const [i, valAccuracy] of accuracies.entries()) {
      model.parameters()[0].value.data.fill(i);
      callback.onEpochEnd?.({ epoch: i, valAccuracy } as EpochLog, {} as TrainingContext);
    }
    const saved = loadCheckpoint(best);
    expect(saved.info).toEqual({ epoch: 1, valAccuracy: 0.8 });
    expect(saved.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(saved.model.parameters()[0].value.data)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('names a value that is not logged', () => {
    const callback = keepBestCheckpoint(new Sequential(new Linear(1, 1)), join(dir, 'x'));
    expect(() => callback.onEpochEnd?.({ epoch: 0 } as EpochLog, {} as TrainingContext)).toThrow(
      "keepBestCheckpoint: 'valLoss' is not logged",
    );
  });
});
