import { createRng, manualSeed, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import type { Layer } from './layer';
import { Linear } from './linear';
import { ReLU } from './relu';
import { Sequential } from './sequential';

const weights = (layer: Layer) => layer.parameters().map((p) => Array.from(p.value.data));

const buildModel = () =>
  new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Flatten(), new Linear(2 * 4 * 4, 3), new Dropout(0.2));

describe('layers without { rng } or { seed } draw from the global generator', () => {
  it('new Linear(3, 1) just works', () => {
    const layer = new Linear(3, 1);
    expect(layer.weight.value.shape).toEqual([1, 3]);
    // PyTorch's default init: U(-1/sqrt(3), 1/sqrt(3)) for weight and bias.
    const values = weights(layer).flat();
    expect(values.every((v) => Math.abs(v) <= 1 / Math.sqrt(3))).toBe(true);
    expect(new Set(values).size).toBe(4);
    expect(layer.forward(Tensor.ones([2, 3])).shape).toEqual([2, 1]);
  });

  it('manualSeed(n) then building the same model twice gives identical weights', () => {
    const first = withManualSeed(7, () => weights(buildModel()));
    const second = withManualSeed(7, () => weights(buildModel()));
    expect(second).toEqual(first);
    expect(withManualSeed(8, () => weights(buildModel()))).not.toEqual(first);
  });

  it('the generator advances: two layers built in a row get different weights', () => {
    withManualSeed(7, () => {
      const a = new Linear(3, 2);
      const b = new Linear(3, 2);
      expect(weights(b)).not.toEqual(weights(a));
      // The first layer after manualSeed(n) draws what { seed: n } draws.
      expect(weights(a)).toEqual(weights(new Linear(3, 2, { seed: 7 })));
    });
  });

  it('an explicit { rng } or { seed } wins, and does not move the global generator', () => {
    withManualSeed(7, () => {
      const explicit = new Linear(3, 2, { rng: createRng(99) });
      const seeded = new Linear(3, 2, { seed: 99 });
      expect(weights(explicit)).toEqual(weights(seeded));
      expect(weights(explicit)).toEqual(withManualSeed(1, () => weights(new Linear(3, 2, { seed: 99 }))));
      // The global stream is still at its start, so the next unseeded layer is the first from seed 7.
      expect(weights(new Linear(3, 2))).toEqual(weights(new Linear(3, 2, { seed: 7 })));
    });
  });

  it('a Dropout built before manualSeed follows the reseed', () => {
    const x = Tensor.ones([8, 8]);
    const dropout = new Dropout(0.5);
    const mask = (seed: number) => {
      manualSeed(seed);
      return Array.from(dropout.forward(x, { training: true }).data);
    };
    withManualSeed(0, () => {
      expect(mask(3)).toEqual(mask(3));
      expect(mask(4)).not.toEqual(mask(3));
    });
  });
});
