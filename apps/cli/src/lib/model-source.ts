import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Layer, Linear, layerFromConfig, ReLU, Sequential, summarize } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { parseModelFile, presets } from '@scratchnet/train';
import { type Checkpoint, loadCheckpoint } from '@scratchnet/train/node';
import type { DatasetShape } from './datasets';
import { asUsageError, firstLine, UsageError } from './errors';

export type Model = Checkpoint['model'];

export const PRESET_NAMES = Object.keys(presets) as (keyof typeof presets)[];

const isPreset = (name: string): name is keyof typeof presets => Object.hasOwn(presets, name);

/**
 * For points and table rows the `mlp` preset becomes a small features-64-64-classes MLP (the image
 * one takes 784 inputs).
 */
function rowMlp(features: number, seed: number, classes: number): Sequential {
  return new Sequential(
    new Linear(features, 64, { seed }),
    new ReLU(),
    new Linear(64, 64, { seed: seed + 1 }),
    new ReLU(),
    new Linear(64, classes, { seed: seed + 2 }),
  );
}

/** The model.json of `path` (a model.json file or a folder holding one). */
function readArchitecture(path: string, flag: string) {
  const file = statSync(path).isDirectory() ? join(path, 'model.json') : path;
  const text = asUsageError(`${flag} ${path}`, () => readFileSync(file, 'utf8'));
  return asUsageError(`${flag} ${path}`, () => parseModelFile(text, file));
}

/** A fresh model from a preset name or a model.json (architecture only; weights are initialised from `seed`). */
export function buildModel(
  spec: string,
  data: DatasetShape,
  seed: number,
): { model: Model; name: string; info: Record<string, unknown> } {
  const [features, ...picture] = data.sampleShape;
  if (isPreset(spec)) {
    if (picture.length === 0 && spec === 'mlp')
      return { model: rowMlp(features, seed, data.classes), name: spec, info: {} };
    // Pictures' channels come from the data; points keep the preset's default (it cannot fit them anyway).
    const inChannels = picture.length === 2 ? { inChannels: features } : {};
    return { model: presets[spec]({ seed, classes: data.classes, ...inChannels }), name: spec, info: {} };
  }
  if (!existsSync(spec)) {
    throw new UsageError(
      `--model ${spec}: not a preset (${PRESET_NAMES.join(', ')}) and no such file or folder`,
    );
  }
  const file = readArchitecture(spec, '--model');
  const model = asUsageError(`--model ${spec}`, () => layerFromConfig(file.architecture, { seed })) as Model;
  return {
    model,
    name: basename(spec) === 'model.json' ? basename(dirname(spec)) : basename(spec),
    info: file.info ?? {},
  };
}

/** Fails with a usage error unless `model` maps one sample of `data` to one score per class. */
export function checkModelFits(model: Layer, data: DatasetShape & { name: string }, what: string): void {
  const input = [1, ...data.sampleShape];
  let output: number[];
  try {
    output = model.outputShape(input);
  } catch (error) {
    throw new UsageError(
      `${what}: the model does not take ${data.name} samples ${formatShape(input)} (${firstLine((error as Error).message)})`,
    );
  }
  if (output.length !== 2 || output[1] !== data.classes) {
    throw new UsageError(
      `${what}: the model outputs ${formatShape(output)} for ${data.name}, which has ${data.classes} classes`,
    );
  }
}

/** The folder of a checkpoint given as a folder or as its model.json. */
export function checkpointFolder(path: string, flag: string): string {
  if (!existsSync(path)) throw new UsageError(`${flag} ${path}: no such folder`);
  return statSync(path).isDirectory() ? path : dirname(path);
}

/** A model saved by `train --out` (a folder, or its model.json). */
export function loadTrainedModel(path: string, flag = '--model'): Checkpoint {
  const dir = checkpointFolder(path, flag);
  return asUsageError(`${flag} ${path}`, () => loadCheckpoint(dir));
}

/** A Keras-style summary table of a model for `inputShape` (batch included). */
export function summarizeModel(model: Layer, title: string, inputShape: readonly number[]): string {
  const layers = model instanceof Sequential ? model.layers : [model];
  return asUsageError(`summary of ${title}`, () => summarize(title, layers, inputShape));
}
