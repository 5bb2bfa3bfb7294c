import { Linear, ReLU, Sequential } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { deserializeModel, parseModelFile, serializeModel } from './model-format';
import { mlp } from './presets';
import { encodeSafetensors } from './safetensors';

const seed = 1;
const saved = serializeModel(
  new Sequential(new Linear(2, 3, { seed }), new ReLU(), new Linear(3, 1, { seed })),
);
const state = () =>
  new Sequential(new Linear(2, 3, { seed }), new ReLU(), new Linear(3, 1, { seed })).stateDict();

describe('deserializeModel names the file at fault', () => {
  it('a weights tensor named like an Object method is an unexpected key, not a TypeError (found by the fuzzer)', () => {
    const weights = encodeSafetensors({ ...state(), toString: Tensor.zeros([1]) });
    expect(() => deserializeModel(saved.json, weights)).toThrow(
      'model: loadStateDict(Sequential(3 layers)): unexpected keys: "toString" (pass { strict: false } to load the matching keys only)',
    );
  });

  it('a layer that does not build names model.json, bad weights name model.safetensors', () => {
    const file = JSON.parse(saved.json);
    file.architecture.args[0].args[0] = 'two';
    const json = JSON.stringify(file);
    expect(() => deserializeModel(json, saved.weights, 'net')).toThrow(
      'net/model.json: Linear: inFeatures must be a positive integer, got "two"',
    );
    expect(() => deserializeModel(saved.json, saved.weights.subarray(0, 7), 'net')).toThrow(
      'net/model.safetensors: decodeSafetensors: file has 7 bytes, fewer than the 8-byte header length',
    );
  });

  it('a version that JSON made an object with a toString key is refused by name (found by the fuzzer)', () => {
    const json = JSON.stringify({ ...JSON.parse(saved.json), version: { toString: 0 } });
    expect(() => deserializeModel(json, saved.weights)).toThrow(
      'model/model.json: model format version {"toString":0} is not supported (this build reads 1)',
    );
  });

  it('lists at most 3 tensors that do not fit, then how many more', () => {
    const wrong = Object.fromEntries(Object.keys(state()).map((name) => [name, Tensor.zeros([7])]));
    expect(() => deserializeModel(saved.json, encodeSafetensors(wrong))).toThrow(
      /^model: the weights do not fit the architecture: ("[^"]+" is \[7\] in the file but \[\d(, \d)?\] in the architecture; ){3}and 1 more$/,
    );
  });
});

describe('class names and input kept with the model', () => {
  const model = mlp({ seed: 1, classes: 2 });
  it('round-trip, and a file without them reads as before', () => {
    const input = { kind: 'image' as const, channels: 3 as const, height: 32, width: 32 };
    const { json } = serializeModel(model, {}, { classes: ['cat', 'dog'], input });
    expect(parseModelFile(json)).toMatchObject({ classes: ['cat', 'dog'], input });
    expect(parseModelFile(serializeModel(model).json).classes).toBeUndefined();
  });
  it('are checked when read', () => {
    const file = (extra: object) => JSON.stringify({ ...JSON.parse(serializeModel(model).json), ...extra });
    expect(() => parseModelFile(file({ classes: ['a', 'a'] }), 'm.json')).toThrow(
      'm.json: "classes" names a class twice',
    );
    expect(() => parseModelFile(file({ classes: [1] }), 'm.json')).toThrow(
      'm.json: "classes" must be a non-empty list of class names',
    );
    expect(() => parseModelFile(file({ input: { kind: 'audio' } }), 'm.json')).toThrow(
      'm.json: "input" must have "kind" "image" or "table", got "audio"',
    );
    expect(() =>
      parseModelFile(file({ input: { kind: 'table', features: ['a'], mean: [0], std: [-1] } }), 'm.json'),
    ).toThrow('m.json: "input": feature statistics "std" of a is -1');
    expect(() =>
      parseModelFile(file({ input: { kind: 'image', channels: 3, height: 0, width: 2 } }), 'm.json'),
    ).toThrow('m.json: "input": height must be an integer in [1, 4096], got 0');
  });
});
