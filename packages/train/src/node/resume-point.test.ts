import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBackend } from '@scratchnet/tensor';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mlp } from '../presets';
import { openResumePoint, saveExactCheckpoint, saveInterruptedCheckpoint } from './resume-point';
import { saveModel } from './save-model';

setBackend('js');
const root = mkdtempSync(join(tmpdir(), 'scratchnet-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());
/** Saves happen at the given second, so that "newer" never depends on two saves' milliseconds. */
const at = (second: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(Date.UTC(2025, 0, 1, 0, 0, second)));
};

const model = mlp({ seed: 2 });
const optimizer = (tag: string) => ({ stateDict: () => ({ tag }) });
const exact = (dir: string, epochsDone: number) =>
  saveExactCheckpoint(model, dir, { optimizer: optimizer(`exact ${epochsDone}`), epochsDone });
const interrupted = (dir: string, epoch: number, batch: number) =>
  saveInterruptedCheckpoint(model, dir, {
    optimizer: optimizer(`interrupted ${epoch}.${batch}`),
    epochsDone: epoch,
    interrupted: { epoch, batch, batches: 10 },
  });
const bytesOf = (dir: string) =>
  ['checkpoint.json', 'model.json', 'model.safetensors', 'training-state.json'].map((f) =>
    readFileSync(join(dir, f)).toString('base64'),
  );

describe('a training folder: exact and interrupted checkpoints kept apart', () => {
  it('an interrupted save leaves the exact checkpoint byte for byte and goes to interrupted/', () => {
    const dir = join(root, 'apart');
    exact(dir, 2);
    const before = bytesOf(dir);
    expect(interrupted(dir, 2, 4)).toBe(join(dir, 'interrupted'));
    interrupted(dir, 2, 7); // a second Ctrl-C run replaces the interrupted one, still not the exact one
    expect(bytesOf(dir)).toEqual(before);
    expect(openResumePoint(dir, 'exact').checkpoint).toMatchObject({
      epochsDone: 2,
      optimizerState: { tag: 'exact 2' },
    });
    const point = openResumePoint(dir, 'interrupted');
    expect(point.dir).toBe(join(dir, 'interrupted'));
    expect(point.checkpoint).toMatchObject({
      epochsDone: 2,
      interrupted: { epoch: 2, batch: 7, batches: 10 },
    });
  });

  it('resumes the newest by default, and an exact save retires the older interrupted one', () => {
    const dir = join(root, 'newest');
    at(1);
    exact(dir, 1);
    expect(openResumePoint(dir).kind).toBe('exact');
    at(2);
    interrupted(dir, 1, 3);
    expect(openResumePoint(dir)).toMatchObject({
      kind: 'interrupted',
      checkpoint: { optimizerState: { tag: 'interrupted 1.3' } },
    });
    at(3);
    // Killed after saving the exact checkpoint but before retiring the interrupted one: both stay.
    saveModel(model, dir, { optimizer: optimizer('exact 2'), epochsDone: 2 });
    expect(openResumePoint(dir)).toMatchObject({ kind: 'exact', checkpoint: { epochsDone: 2 } });
    at(4);
    exact(dir, 2);
    expect(existsSync(join(dir, 'interrupted'))).toBe(false);
    expect(openResumePoint(dir)).toMatchObject({ kind: 'exact', checkpoint: { epochsDone: 2 } });
    expect(openResumePoint(dir).checkpoint.interrupted).toBeUndefined();
  });

  it('names the folder and the checkpoint there is when the one asked for is missing', () => {
    const early = join(root, 'early');
    interrupted(early, 0, 5);
    expect(openResumePoint(early).kind).toBe('interrupted');
    expect(() => openResumePoint(early, 'exact')).toThrow(
      `${early} holds no exact checkpoint (no epoch has ended there yet); the interrupted one is in ${join(early, 'interrupted')}`,
    );
    const done = join(root, 'done');
    exact(done, 3);
    expect(() => openResumePoint(done, 'interrupted')).toThrow(
      `${done} holds no interrupted checkpoint; the exact one is in ${done}`,
    );
    expect(() => openResumePoint(join(early, 'interrupted'))).toThrow(
      `${join(early, 'interrupted')} holds an interrupted checkpoint (saved inside epoch 1), not a training ` +
        `folder: resume ${early}, which takes this checkpoint when it is the newest`,
    );
    expect(() => openResumePoint(join(root, 'nothing'))).toThrow(
      /cannot read the architecture .*nothing\/model.json/,
    );
  });
});
