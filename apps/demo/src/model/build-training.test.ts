import { Adam, RMSprop, SGD } from '@scratchnet/optimizers';
import { presets } from '@scratchnet/train';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../worker/protocol';
import { buildTraining } from './build-training';

const config: TrainConfig = {
  model: 'seed-cnn',
  optimizer: 'sgd',
  lr: 0.05,
  batchSize: 8,
  epochs: 1,
  maxBatches: 10,
  valEvery: 5,
  testImages: 100,
  seed: 4,
  threads: 1,
};

describe('buildTraining', () => {
  it('builds the preset with the chosen optimizer and learning rate, seeded', () => {
    const classes = { adam: Adam, sgd: SGD, rmsprop: RMSprop };
    for (const [optimizer, type] of Object.entries(classes)) {
      const run = buildTraining({ ...config, optimizer: optimizer as TrainConfig['optimizer'] });
      expect(run.optimizer).toBeInstanceOf(type);
      expect(run.optimizer.lr).toBe(0.05);
    }
    const [a, b] = [buildTraining(config), buildTraining(config)];
    expect(Array.from(a.model.parameters()[0].value.data)).toEqual(
      Array.from(b.model.parameters()[0].value.data),
    );
  });

  it('names the bad value', () => {
    expect(() => buildTraining({ ...config, model: 'vgg' as TrainConfig['model'] })).toThrow(
      `model must be one of ${Object.keys(presets).join(', ')}, got "vgg"`,
    );
    expect(() => buildTraining({ ...config, optimizer: 'lbfgs' as TrainConfig['optimizer'] })).toThrow(
      /optimizer must be adam, sgd or rmsprop, got "lbfgs"/,
    );
    expect(() => buildTraining({ ...config, lr: 0 })).toThrow(/learning rate must be in \(0, 10\), got 0/);
  });
});
