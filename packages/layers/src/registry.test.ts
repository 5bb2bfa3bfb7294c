import { createRng, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { expect, it } from 'vitest';
import type { Layer } from './layer';
import { Linear } from './linear';
import { layerFromConfig, registerLayer } from './registry';
import { Sequential } from './sequential';
import { getStateDict, loadStateDict } from './state-dict';
import { Tanh } from './tanh';
import { describeEachBackend } from './test-support/backends';
import { caseInput, layerCases } from './test-support/layer-cases';

describeEachBackend('config() -> JSON -> layerFromConfig', () => {
  for (const c of layerCases) {
    it(`rebuilds ${c.name}`, () => {
      const layer = c.make();
      const json = JSON.stringify(layer.config());
      const rebuilt = layerFromConfig(JSON.parse(json));
      expect(rebuilt.kind).toBe(layer.kind);
      expect(JSON.stringify(rebuilt.config())).toBe(json);
      loadStateDict(rebuilt, getStateDict(layer));
      rebuilt.training = layer.training;
      const x = caseInput(c);
      c.reset?.(layer);
      c.reset?.(rebuilt);
      expect(Array.from(rebuilt.forward(x).data)).toEqual(Array.from(layer.forward(x).data));
    });
  }

  it('a layer built from a seed is rebuilt with the same weights, without a state dict', () => {
    const layer = new Linear(3, 2, { seed: 42 });
    const rebuilt = layerFromConfig(layer.config()) as Linear;
    expect(Array.from(rebuilt.weight.value.data)).toEqual(Array.from(layer.weight.value.data));
  });

  it('a layer built from a generator is rebuilt from the given source, else from the global generator', () => {
    const config = new Sequential(new Linear(3, 2, { rng: createRng(1) })).config();
    const weights = (layer: Layer) => layer.parameters().map((p) => Array.from(p.value.data));
    expect(weights(layerFromConfig(config, { seed: 3 }))).toEqual(weights(new Linear(3, 2, { seed: 3 })));
    const fromGlobal = withManualSeed(5, () => weights(layerFromConfig(config)));
    expect(fromGlobal).toEqual(withManualSeed(5, () => weights(new Linear(3, 2))));
  });

  it('rejects unknown kinds and malformed configs', () => {
    expect(() => layerFromConfig({ kind: 'Transformer', args: [] })).toThrow(
      'layerFromConfig: unknown layer kind "Transformer"; known kinds: ReLU, LeakyReLU',
    );
    expect(() => layerFromConfig({ kind: 'toString', args: [] })).toThrow('unknown layer kind "toString"');
    expect(() => layerFromConfig({ kind: 'K'.repeat(5000), args: [] })).toThrow(
      `layerFromConfig: unknown layer kind "${'K'.repeat(38)}…; known kinds: ReLU,`,
    );
    expect(() => layerFromConfig({ kind: 'Conv2d', args: ['k'.repeat(5000), 2, 3] })).toThrow(
      `Conv2d: inChannels must be a positive integer, got "${'k'.repeat(38)}…`,
    );
    expect(() => layerFromConfig({ kind: 'ReLU' } as never)).toThrow(
      'layerFromConfig: expected { kind: string, args: [...] }',
    );
  });

  it('accepts registered custom layers', () => {
    registerLayer('MyTanh', () => new Tanh());
    const layer = layerFromConfig({ kind: 'MyTanh', args: [] });
    expect(layer).toBeInstanceOf(Tanh);
    expect(layer.forward(Tensor.zeros([1])).shape).toEqual([1]);
  });
});
