import { Linear } from '@scratchnet/layers';
import { createRng, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { lenet, mlp, resnet, seedCnn, smallCnn } from './presets';

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

describe('resnet', () => {
  it("is named as torchvision's ResNet and maps a batch of digits to ten scores", () => {
    const model = resnet({ seed: 1 });
    const names = model.parameters().map((p) => p.name);
    expect(names.slice(0, 3)).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias']);
    expect(names).toContain('layer1.1.conv2.weight');
    expect(names).toContain('layer2.0.downsample.0.weight');
    expect(names).not.toContain('layer1.0.downsample.0.weight'); // same size and width: identity shortcut
    expect(model.buffers().map((b) => b.name)).toContain('layer3.0.downsample.1.running_var');
    expect(names.at(-1)).toBe('fc.bias');
    expect(model.outputShape([2, 1, 28, 28])).toEqual([2, 10]);
    const y = model.forward(Tensor.uniform([2, 1, 28, 28], { seed: 3 }), { training: true });
    expect(y.shape).toEqual([2, 10]);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
  });
});

describe('small-cnn and preset sizes', () => {
  it('maps 32x32 RGB (or any size) to `classes` scores, and every preset takes classes', () => {
    const model = smallCnn({ seed: 1, classes: 4 });
    expect(model.outputShape([2, 3, 32, 32])).toEqual([2, 4]);
    expect(model.outputShape([2, 3, 20, 24])).toEqual([2, 4]);
    expect(smallCnn({ seed: 1, inChannels: 1 }).outputShape([1, 1, 32, 32])).toEqual([1, 10]);
    expect(lenet({ seed: 1, classes: 3 }).outputShape([1, 1, 28, 28])).toEqual([1, 3]);
    expect(mlp({ seed: 1, classes: 2 }).outputShape([1, 1, 28, 28])).toEqual([1, 2]);
    expect(() => smallCnn({ classes: 0 })).toThrow(
      'smallCnn: classes must be an integer in [1, 65536], got 0',
    );
  });
});
