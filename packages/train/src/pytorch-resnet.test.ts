import { readFileSync } from 'node:fs';
import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { deserializeModel, serializeModel } from './model-format';
import { resnet } from './presets';
import { decodeSafetensors } from './safetensors';

// Made by fixtures/generate.py: a torchvision-style ResNet (BatchNorm statistics moved by training,
// then eval mode) saved by PyTorch as F32 (+ I64 num_batches_tracked), F16 and BF16, with its outputs.
const fixtures = new URL('../fixtures/', import.meta.url);
const weights = (name: string) =>
  new Uint8Array(readFileSync(new URL(`resnet-tiny-${name}.safetensors`, fixtures)));
const io = JSON.parse(readFileSync(new URL('resnet-tiny-io.json', fixtures), 'utf8')) as Record<
  string,
  number[]
>;
const inputs = Tensor.from(io.inputs).reshape([2, 1, 28, 28]);
const architecture = serializeModel(resnet({ widths: [4, 8, 8], seed: 0 })).json;

describe('a PyTorch ResNet state_dict loads as is (strict keys)', () => {
  it.each(['f32', 'f16', 'bf16'])('%s weights: the outputs match PyTorch', (name) => {
    const model = deserializeModel(architecture, weights(name), `resnet-tiny-${name}`);
    model.eval();
    const y = model.forward(inputs, { training: false });
    expect(y.shape).toEqual([2, 10]);
    const expected = io[`outputs_${name}`];
    const scale = Math.max(...expected.map(Math.abs));
    // float32 through 15 layers, each summing at most 72 products in its own order: a few ulps of
    // the largest logit per layer; 64 ulps (2^-17 of the scale) bounds them with room to spare.
    const tolerance = scale * 2 ** -17;
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(y.data[i] - expected[i])).toBeLessThanOrEqual(tolerance);
  });

  it('keeps num_batches_tracked an integer and saves it back as I64, the weights bit for bit', () => {
    const torch = decodeSafetensors(weights('f32'));
    const model = deserializeModel(architecture, weights('f32'));
    const saved = decodeSafetensors(serializeModel(model).weights);
    expect(Object.keys(saved.tensors).sort()).toEqual(Object.keys(torch.tensors).sort());
    expect(saved.dtypes).toEqual(torch.dtypes);
    expect(torch.dtypes['layer2.0.downsample.1.num_batches_tracked']).toBe('I64');
    expect(Array.from(saved.tensors['bn1.num_batches_tracked'].data)).toEqual([3]);
    for (const [key, t] of Object.entries(torch.tensors)) {
      expect(Buffer.from(saved.tensors[key].data.buffer)).toEqual(Buffer.from(t.data.buffer));
    }
  });

  it('refuses a fractional count for an integer buffer, naming it', () => {
    const model = resnet({ widths: [4, 8, 8], seed: 0 });
    const state = { ...model.stateDict(), 'bn1.num_batches_tracked': Tensor.from([2.5]).reshape([]) };
    expect(() => model.loadStateDict(state)).toThrow(
      /: "bn1.num_batches_tracked" counts in integers, the state dict gives 2.5$/,
    );
  });
});
