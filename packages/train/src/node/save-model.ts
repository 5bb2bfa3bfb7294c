import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeModel, type ModelData, parseModelFile, serializeModel } from '../model-format';
import { checkAgainstManifest, checkpointFile, readManifest, writeCheckpointSet } from './checkpoint-set';

const TRAINING_STATE = 'training-state.json';

type Model = Parameters<typeof serializeModel>[0];

/** Where training stopped inside an epoch (0-based, as in `BatchLog`): after `batch` of `batches` of `epoch`. */
export interface StopPosition {
  epoch: number;
  batch: number;
  batches: number;
}

export interface SaveModelOptions extends ModelData {
  info?: Record<string, unknown>;
  /** Saves `optimizer.stateDict()` and the epoch count beside the model, so training can resume. */
  optimizer?: { stateDict(): unknown };
  epochsDone?: number;
  /** Marks a checkpoint saved in the middle of an epoch (with an optimizer only): resuming it is inexact. */
  interrupted?: StopPosition;
}

/** training-state.json: what resuming needs besides the model. */
interface TrainingState {
  epochsDone?: number;
  interrupted?: StopPosition;
  optimizer?: unknown;
}

export interface Checkpoint extends ModelData {
  model: ReturnType<typeof deserializeModel>;
  /** What `optimizer.stateDict()` returned when saved (absent for a plain model). */
  optimizerState?: unknown;
  epochsDone?: number;
  /** When it was saved (ISO 8601), from its manifest. */
  savedAt?: string;
  /** Set when it was saved in the middle of an epoch. */
  interrupted?: StopPosition;
  info: Record<string, unknown>;
}

/**
 * Writes dir/model.json (architecture) and dir/model.safetensors (weights, PyTorch names),
 * and dir/training-state.json when an optimizer is given, with a checkpoint.json manifest. The set
 * is replaced as one atomic step (see checkpoint-set.ts): a process killed at any moment leaves
 * either the previous checkpoint or the new one, never new weights beside an old training state.
 */
export function saveModel(model: Model, dir: string, options: SaveModelOptions = {}): void {
  const { json, weights } = serializeModel(model, options.info, options);
  const files: Record<string, Uint8Array | string> = { 'model.safetensors': weights, 'model.json': json };
  if (options.optimizer) {
    const state: TrainingState = {
      epochsDone: options.epochsDone ?? 0,
      ...(options.interrupted && { interrupted: options.interrupted }),
      optimizer: options.optimizer.stateDict(),
    };
    files[TRAINING_STATE] = `${JSON.stringify(state)}\n`;
  }
  writeCheckpointSet(dir, files, [TRAINING_STATE]);
}

/** A file of the committed set; `undefined` when `optional` and absent (or left out by the manifest). */
function readFile(dir: string, name: string, what: string): Uint8Array;
function readFile(dir: string, name: string, what: string, optional: true): Uint8Array | undefined;
function readFile(dir: string, name: string, what: string, optional = false): Uint8Array | undefined {
  const manifest = readManifest(dir);
  if (optional && manifest && !(name in manifest.files)) return undefined;
  const path = checkpointFile(dir, name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === 'ENOENT') return undefined;
    throw new Error(
      `loadModel: cannot read the ${what} ${join(dir, name)}${code === 'ENOENT' ? ' (no such file)' : ` (${code})`}`,
    );
  }
  checkAgainstManifest(manifest, dir, name, bytes);
  return bytes;
}

/** Restores a model saved by `saveModel`; its predictions are bit-identical. */
export function loadModel(dir: string): Checkpoint['model'] {
  return loadCheckpoint(dir).model;
}

/** The training state saved with the checkpoint in `dir`, `{}` for a plain model. */
function readTrainingState(dir: string): TrainingState {
  const state = readFile(dir, TRAINING_STATE, 'training state', true);
  if (!state) return {};
  try {
    return JSON.parse(new TextDecoder().decode(state));
  } catch (error) {
    throw new Error(`loadModel: ${join(dir, TRAINING_STATE)} is unreadable (${(error as Error).message})`);
  }
}

export function loadCheckpoint(dir: string): Checkpoint {
  const json = new TextDecoder().decode(readFile(dir, 'model.json', 'architecture'));
  const model = deserializeModel(json, readFile(dir, 'model.safetensors', 'weights'), dir);
  const { info = {}, classes, input } = parseModelFile(json, join(dir, 'model.json'));
  const { optimizer, epochsDone, interrupted } = readTrainingState(dir);
  const savedAt = readManifest(dir)?.savedAt;
  return { model, classes, input, optimizerState: optimizer, epochsDone, savedAt, interrupted, info };
}
