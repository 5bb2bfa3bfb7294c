import { Linear, PatchEmbedding, Sequential, TokenPool, TransformerEncoderLayer } from '@scratchnet/layers';
import { presets } from '@scratchnet/train';
import { describe, expect, it } from 'vitest';
import { exportableKinds, exportOnnx, importOnnx } from './index';
import { inputFor, inputOf, layerCases, RUNTIME_SHAPE_REFUSED } from './test-support/layer-cases';
import { relativeError, runInOnnxRuntime } from './test-support/onnxruntime';

/** The proofs' tolerance: ‖onnxruntime − scratchnet‖∞ / ‖scratchnet‖∞ (see relativeError). */
const TOLERANCE = 1e-5;

/** Every preset built for the one-channel 28×28 pictures the preset tests feed (small-cnn defaults to RGB). */
const mnistPresets = Object.entries(presets).map(
  ([name, make]) => [name, (seed: number) => make({ seed, inChannels: 1 })] as const,
);

describe('exportOnnx runs in onnxruntime as scratchnet runs (float32)', () => {
  it('has a case below for every layer kind it exports', () => {
    const covered = new Set(layerCases().map((c) => c.kind));
    expect(exportableKinds().filter((kind) => !covered.has(kind))).toEqual([]);
  });

  for (const c of layerCases()) {
    it(c.label, async () => {
      const model = c.model.eval();
      const x = inputOf(c, [3, ...c.inputShape.slice(1)]);
      // Exported for a batch of 1; run on a batch of 3 (the batch stays free).
      const bytes = exportOnnx(model, { inputShape: [1, ...c.inputShape.slice(1)] });
      const expected = model.forward(x);
      expect(relativeError(await runInOnnxRuntime(bytes, x), expected)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  for (const [name, make] of mnistPresets) {
    it(`the ${name} preset`, async () => {
      const model = make(3).eval();
      const x = inputFor([4, 1, 28, 28]);
      const bytes = exportOnnx(model, { inputShape: [1, 1, 28, 28] });
      expect(relativeError(await runInOnnxRuntime(bytes, x), model.forward(x))).toBeLessThanOrEqual(
        TOLERANCE,
      );
    });
  }

  it('writes opsets 17 to 21, and a fixed batch when asked', async () => {
    const model = presets.lenet({ seed: 1 }).eval();
    const x = inputFor([2, 1, 28, 28]);
    for (const opsetVersion of [17, 18, 20, 21]) {
      const bytes = exportOnnx(model, { inputShape: [2, 1, 28, 28], opsetVersion, dynamicBatch: false });
      expect(relativeError(await runInOnnxRuntime(bytes, x), model.forward(x))).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });

  it('writes the token and attention layers at the later opsets too (ReduceMean axes an input, Gelu)', async () => {
    const model = new Sequential(
      new PatchEmbedding(1, 8, 7, { seed: 2 }),
      new TransformerEncoderLayer(8, 2, {
        activation: 'gelu',
        dimFeedforward: 16,
        dropout: 0,
        batchFirst: true,
        seed: 2,
      }),
      new TokenPool('mean'),
    ).eval();
    const x = inputFor([2, 1, 28, 28]);
    for (const opsetVersion of [18, 20, 21]) {
      const bytes = exportOnnx(model, { inputShape: [1, 1, 28, 28], opsetVersion });
      expect(relativeError(await runInOnnxRuntime(bytes, x), model.forward(x))).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });
});

describe('exportOnnx refuses what it cannot write', () => {
  it('names a layer kind that has no converter, and where it sits', () => {
    const custom = Object.assign(new Linear(2, 2, { seed: 1 }), { kind: 'MyLayer' });
    const model = new Sequential({ head: custom });
    expect(() => exportOnnx(model, { inputShape: [1, 2] })).toThrow(
      /no ONNX converter for layer kind "MyLayer" \(at "head"\).*registerOnnxExporter/,
    );
  });

  it('checks its options', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 1 }));
    expect(() => exportOnnx(model, { inputShape: [1, 2], opsetVersion: 13 })).toThrow(/opsetVersion must be/);
    expect(() => exportOnnx(model, { inputShape: [0, 2] })).toThrow(/batch size/);
    expect(() => exportOnnx(model, { inputShape: [1, 3] })).toThrow(/Linear\(2 -> 2\)/);
  });
});

describe('export -> import -> export', () => {
  // BatchNorm without running statistics or affine, and uneven adaptive pooling, export as patterns
  // (ReduceMean, constants, MatMul) that import reads as other layers.
  const importable = layerCases().filter((c) => !/without running|without affine|uneven/.test(c.label));

  for (const c of importable.filter((c) => c.imports === undefined)) {
    it(`${c.label}: the same bytes, and the imported model computes the same`, () => {
      const model = c.model.eval();
      const options = { inputShape: [1, ...c.inputShape.slice(1)] };
      const bytes = exportOnnx(model, options);
      const imported = importOnnx(bytes).eval();
      expect(Buffer.from(exportOnnx(imported, options)).equals(Buffer.from(bytes))).toBe(true);
      const x = inputOf(c, c.inputShape);
      expect(relativeError(imported.forward(x), model.forward(x))).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  for (const c of importable.filter((c) => c.imports === 'primitives')) {
    it(`${c.label}: imports as its primitive layers, which compute the same`, () => {
      const model = c.model.eval();
      const imported = importOnnx(exportOnnx(model, { inputShape: [1, ...c.inputShape.slice(1)] })).eval();
      expect(imported.kind).not.toBe(model.kind);
      const x = inputOf(c, c.inputShape);
      expect(relativeError(imported.forward(x), model.forward(x))).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  for (const c of importable.filter((c) => c.imports instanceof RegExp)) {
    it(`${c.label}: import refuses its decomposed form, naming the operator and node`, () => {
      const bytes = exportOnnx(c.model.eval(), { inputShape: [1, ...c.inputShape.slice(1)] });
      expect(() => importOnnx(bytes)).toThrow(c.imports as RegExp);
    });
  }

  it('the vit preset: import refuses its decomposed token layers, naming the operator and node', () => {
    const bytes = exportOnnx(presets.vit({ seed: 5 }).eval(), { inputShape: [1, 1, 28, 28] });
    expect(() => importOnnx(bytes)).toThrow(RUNTIME_SHAPE_REFUSED);
  });

  for (const [name, make] of mnistPresets.filter(([name]) => name !== 'vit')) {
    it(`the ${name} preset: the same bytes, the same predictions`, () => {
      const model = make(5).eval();
      const bytes = exportOnnx(model, { inputShape: [1, 1, 28, 28] });
      const imported = importOnnx(bytes).eval();
      expect(
        Buffer.from(exportOnnx(imported, { inputShape: [1, 1, 28, 28] })).equals(Buffer.from(bytes)),
      ).toBe(true);
      const x = inputFor([2, 1, 28, 28]);
      expect(imported.forward(x).data).toEqual(model.forward(x).data);
    });
  }
});
