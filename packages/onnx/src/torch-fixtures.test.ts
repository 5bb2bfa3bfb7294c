import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Graph, Sequential } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { exportOnnx, importOnnx } from './index';
import { relativeError } from './test-support/onnxruntime';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A model written by torch.onnx.export (fixtures/generate.py) and PyTorch's own output for its input. */
function fixture(name: string) {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, `${name}.onnx`)));
  const io = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
  const tensor = (t: { shape: number[]; values: number[] }) =>
    new Tensor(Float32Array.from(t.values), t.shape);
  return { bytes, input: tensor(io.input), output: tensor(io.output) };
}

describe('models exported by torch.onnx.export import and match PyTorch', () => {
  const cases = [
    // Conv + BatchNorm2d (which PyTorch folds into the Conv), BatchNorm1d, LeakyReLU, pooling, LogSoftmax.
    { name: 'torch-cnn-batchnorm', container: Sequential, layers: ['Conv2d', 'BatchNorm1d', 'LogSoftmax'] },
    // A BasicBlock with a downsample: the Add of two computed values makes it a Graph.
    { name: 'torch-residual-block', container: Graph, layers: ['Conv2d', 'AdaptiveAvgPool2d', 'Linear'] },
    // Gemm, the erf form of GELU, Tanh, LayerNormalization, Sigmoid.
    { name: 'torch-mlp', container: Sequential, layers: ['GELU', 'LayerNorm', 'Sigmoid'] },
    // GroupNorm's opset-17 pattern (with and without affine) and Resize in each Upsample mode.
    { name: 'torch-groupnorm-upsample', container: Sequential, layers: ['GroupNorm', 'Upsample'] },
  ];
  for (const c of cases) {
    it(`${c.name}: the same outputs as PyTorch, and trainable`, () => {
      const { bytes, input, output } = fixture(c.name);
      const model = importOnnx(bytes);
      expect(model).toBeInstanceOf(c.container);
      const kinds = JSON.stringify(model.config());
      for (const kind of c.layers) expect(kinds).toContain(`"kind":"${kind}"`);
      expect(relativeError(model.eval().forward(input), output)).toBeLessThanOrEqual(1e-5);
      // Initializers became parameters: a backward pass reaches them.
      const y = model.train().forward(input);
      model.backward(Tensor.ones(y.shape));
      expect(model.parameters().length).toBeGreaterThan(0);
      expect(model.parameters().every((p) => p.grad.data.some((g) => g !== 0))).toBe(true);
    });

    it(`${c.name}: exporting the import and importing that again is stable`, () => {
      const model = importOnnx(fixture(c.name).bytes);
      const inputShape = [1, ...fixture(c.name).input.shape.slice(1)];
      const once = exportOnnx(model, { inputShape });
      expect(Buffer.from(exportOnnx(importOnnx(once), { inputShape })).equals(Buffer.from(once))).toBe(true);
    });
  }
});
