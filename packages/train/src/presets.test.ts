import { Linear } from '@scratchnet/layers';
import { createRng } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { lenet, mlp, seedCnn } from './presets';

const weights = (model: ReturnType<typeof mlp>) => model.parameters().map((p) => Array.from(p.value.data));

describe('presets', () => {
  it('build without a random source, from the global generator', () => {
    for (const preset of [mlp, seedCnn, lenet]) {
      const a = withManualSeed(3, () => weights(preset()));
      expect(withManualSeed(3, () => weights(preset()))).toEqual(a);
      expect(withManualSeed(4, () => weights(preset()))).not.toEqual(a);
    }
  });

  it('draw every layer from one generator: { seed: s } is { rng: createRng(s) }, and an explicit one wins', () => {
    const seeded = withManualSeed(3, () => weights(mlp({ seed: 1 })));
    expect(weights(mlp({ rng: createRng(1) }))).toEqual(seeded);
    // The first layer starts the stream; the second continues it rather than restarting from the seed.
    expect(seeded[0]).toEqual(Array.from(new Linear(784, 100, { seed: 1 }).weight.value.data));
    expect(seeded[2]).not.toEqual(Array.from(new Linear(100, 200, { seed: 1 }).weight.value.data));
    expect(() => mlp({ seed: -1 })).toThrow('mlp: seed must be an integer in [0, 2^32), got -1');
  });
});
