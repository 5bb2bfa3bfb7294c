import {
  checkFeatureStats,
  checkImageSampleSpec,
  type FeatureStats,
  type ImageSampleSpec,
} from '@scratchnet/datasets';
import { integerStateKeys, type Layer, type LayerConfig, layerFromConfig } from '@scratchnet/layers';
import { formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import { checkArchitectureDepth, declaredParameters } from './architecture-bounds';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/**
 * How raw inputs become the model's input, kept with the model so that predictions repeat it:
 * pictures made gray or RGB and resized (`imageSample`), or table columns normalised with the
 * training rows' statistics (`normalizeFeatures`).
 */
export type ModelInput = ({ kind: 'image' } & ImageSampleSpec) | ({ kind: 'table' } & FeatureStats);

/** What a model knows about its data besides the architecture: names of its outputs, and its input. */
export interface ModelData {
  /** Name of each output class, in output order (a class folder, a CSV target's value). */
  classes?: string[];
  input?: ModelInput;
}

/**
 * model.json: the architecture as layer configs; the weights live in model.safetensors. `classes`
 * and `input` are optional (version 1 files without them read as before, and readers that predate
 * them ignore them).
 */
export interface ModelFile extends ModelData {
  format: 'scratchnet.model';
  version: 1;
  architecture: LayerConfig;
  /** Free-form facts kept with the model (preset name, input shape, accuracy…). */
  info?: Record<string, unknown>;
}

export interface SerializedModel {
  json: string;
  weights: Uint8Array;
}

type ModelWithState = Layer & {
  stateDict(): Record<string, Tensor>;
  loadStateDict(dict: Record<string, Tensor>): unknown;
};

/**
 * The architecture as JSON and the state dict (PyTorch names) as safetensors bytes: parameters and
 * statistics in the model's float type, integer buffers (`num_batches_tracked`) as I64, as PyTorch saves them.
 */
export function serializeModel(
  model: ModelWithState,
  info: Record<string, unknown> = {},
  data: ModelData = {},
): SerializedModel {
  const file: ModelFile = {
    format: 'scratchnet.model',
    version: 1,
    ...(data.classes && { classes: [...data.classes] }),
    ...(data.input && { input: data.input }),
    architecture: model.config(),
    info,
  };
  const dtypes = Object.fromEntries(integerStateKeys(model).map((key) => [key, 'I64' as const]));
  return {
    json: `${JSON.stringify(file, null, 2)}\n`,
    weights: encodeSafetensors(model.stateDict(), { format: 'pt' }, { dtypes }),
  };
}

export function parseModelFile(json: string | unknown, source = 'model.json'): ModelFile {
  let file: unknown = json;
  if (typeof json === 'string') {
    try {
      file = JSON.parse(json);
    } catch (error) {
      throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  const f = file as Partial<ModelFile> | null;
  if (!f || typeof f !== 'object' || f.format !== 'scratchnet.model') {
    throw new Error(`${source}: not a scratchnet model file (expected "format": "scratchnet.model")`);
  }
  if (f.version !== 1)
    throw new Error(
      `${source}: model format version ${formatValue(f.version)} is not supported (this build reads 1)`,
    );
  if (!f.architecture || typeof f.architecture !== 'object' || Array.isArray(f.architecture))
    throw new Error(`${source}: has no "architecture" object`);
  checkArchitectureDepth(f.architecture, source);
  checkModelData(f, source);
  return f as ModelFile;
}

/** Throws unless the optional `classes` and `input` of a model file are well formed. */
function checkModelData({ classes, input }: ModelData, source: string): void {
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => typeof c === 'string'))
      throw new Error(`${source}: "classes" must be a non-empty list of class names`);
    if (new Set(classes).size !== classes.length) throw new Error(`${source}: "classes" names a class twice`);
  }
  if (input === undefined) return;
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (kind === 'image') checkImageSampleSpec(input as ImageSampleSpec, `${source}: "input"`);
  else if (kind === 'table') checkFeatureStats(input, `${source}: "input"`);
  else throw new Error(`${source}: "input" must have "kind" "image" or "table", got ${formatValue(kind)}`);
}

/** Runs `step`; a plain Error it throws is said again with `where` (the model file at fault) in front. */
function inFile<T>(where: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    // Anything but a plain Error is a bug rather than a bad file: it goes through as it is.
    if (!(error instanceof Error) || error.constructor !== Error) throw error;
    throw new Error(`${where}: ${error.message}`, { cause: error });
  }
}

/**
 * Rebuilds the model and loads its weights; predictions are bit-identical to the saved model's.
 * A PyTorch state_dict saved as safetensors loads too, when the architecture matches: F16, BF16 and
 * F64 weights convert to the model's dtype, integer buffers stay integer.
 */
export function deserializeModel(
  json: string | unknown,
  weights: Uint8Array,
  source = 'model',
): ModelWithState {
  const file = parseModelFile(json, `${source}/model.json`);
  // Refuse before allocating what the weights could never fill (each value takes at least 4 bytes, F32);
  // the 2^24 slack lets a modest mismatch reach the detailed per-tensor message below.
  const [declared, available] = [declaredParameters(file.architecture), Math.floor(weights.length / 4)];
  if (!(declared <= available + 2 ** 24)) {
    throw new Error(
      `${source}: the architecture declares ${declared} parameters, far more than the weights file holds (at most ${available} values)`,
    );
  }
  // Weights are overwritten right away; the seed only satisfies the layers' explicit-randomness rule.
  const model = inFile(`${source}/model.json`, () =>
    layerFromConfig(file.architecture, { seed: 0 }),
  ) as ModelWithState;
  if (typeof model.stateDict !== 'function' || typeof model.loadStateDict !== 'function') {
    throw new Error(
      `${source}: the architecture's outer layer is ${formatValue(file.architecture.kind)}, which has no state dict; save a Sequential`,
    );
  }
  const { tensors } = inFile(`${source}/model.safetensors`, () => decodeSafetensors(weights));
  const own = model.stateDict();
  const mismatches: string[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    // Own keys only: a tensor named "toString" must not find Object.prototype.toString.
    const mine = Object.hasOwn(own, name) ? own[name] : undefined;
    if (!mine) continue;
    if (!mine.equalShape(t))
      mismatches.push(
        `"${name}" is ${formatShape(t.shape)} in the file but ${formatShape(mine.shape)} in the architecture`,
      );
    else if (mine.dtype !== t.dtype) tensors[name] = t.astype(mine.dtype);
  }
  if (mismatches.length > 0) {
    const more = mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : '';
    throw new Error(
      `${source}: the weights do not fit the architecture: ${mismatches.slice(0, 3).join('; ')}${more}`,
    );
  }
  inFile(source, () => model.loadStateDict(tensors));
  return model;
}
