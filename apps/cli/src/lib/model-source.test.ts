import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/run-cli';
import { DATASET_SHAPES } from './datasets';
import { UsageError } from './errors';
import { buildModel, checkModelFits, loadTrainedModel } from './model-source';

const mnist = { name: 'mnist', ...DATASET_SHAPES.mnist };
const spirals = { name: 'spirals', ...DATASET_SHAPES.spirals };

describe('model sources', () => {
  it('builds presets, with a point-set MLP for spirals', () => {
    const lenet = buildModel('lenet', mnist, 0);
    expect(lenet.name).toBe('lenet');
    expect(lenet.model.outputShape([1, 1, 28, 28])).toEqual([1, 10]);
    expect(buildModel('mlp', spirals, 0).model.outputShape([5, 2])).toEqual([5, 3]);
    expect(() => checkModelFits(buildModel('seed-cnn', mnist, 0).model, spirals, '--model seed-cnn')).toThrow(
      /^--model seed-cnn: the model does not take spirals samples \[1, 2\]/,
    );
  });

  it('builds a model.json architecture with fresh weights and names it after its folder', () => {
    const dir = join(tempDir(), 'tiny');
    mkdirSync(dir);
    const architecture = { kind: 'Sequential', args: [{ kind: 'Linear', args: [2, 4, {}] }] };
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({ format: 'scratchnet.model', version: 1, architecture }),
    );
    const built = buildModel(join(dir, 'model.json'), spirals, 1);
    expect(built.name).toBe('tiny');
    expect(() => checkModelFits(built.model, spirals, '--model tiny')).toThrow(
      '--model tiny: the model outputs [1, 4] for spirals, which has 3 classes',
    );
  });

  it('turns missing and malformed files into usage errors naming them', () => {
    const dir = tempDir();
    expect(() => buildModel(join(dir, 'nope.json'), mnist, 0)).toThrow(UsageError);
    expect(() => buildModel('vgg', mnist, 0)).toThrow(
      '--model vgg: not a preset (mlp, seed-cnn, lenet, resnet, small-cnn, lstm, vit) and no such file or folder',
    );
    writeFileSync(join(dir, 'bad.json'), '{"format": "something else"}');
    expect(() => buildModel(join(dir, 'bad.json'), mnist, 0)).toThrow(
      /^--model .*bad\.json: .*not a scratchnet model file/,
    );
    expect(() => loadTrainedModel(join(dir, 'missing'))).toThrow(
      `--model ${join(dir, 'missing')}: no such folder`,
    );
    expect(() => loadTrainedModel(dir)).toThrow(
      /^--model .*: loadModel: cannot read the architecture .*model\.json \(no such file\)/,
    );
  });
});
