import { describe, expect, it } from 'vitest';
import { UsageError } from './errors';
import { type RunConfig, resumeConfig } from './run-config';

const saved: RunConfig = {
  model: 'mlp',
  dataset: 'mnist',
  epochs: 2,
  batchSize: 64,
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  schedule: 'cosine',
  seed: 3,
  valSplit: 100,
  limit: 600,
};

describe('resumeConfig', () => {
  it('keeps the saved settings and lets --epochs add epochs', () => {
    expect(resumeConfig(saved, {}, 'run')).toEqual(saved);
    expect(resumeConfig(saved, { epochs: 5, seed: 3, model: 'mlp' }, 'run')).toEqual({ ...saved, epochs: 5 });
  });

  it('refuses a setting that would change the run', () => {
    expect(() => resumeConfig(saved, { model: 'lenet' }, 'run')).toThrow(UsageError);
    expect(() => resumeConfig(saved, { model: 'lenet' }, 'run')).toThrow(
      '--model lenet: the checkpoint in run was trained with --model mlp; drop the flag to resume it',
    );
    expect(() => resumeConfig(saved, { batchSize: 32 }, 'run')).toThrow(
      '--batch-size 32: the checkpoint in run was trained with --batch-size 64',
    );
  });
});
