import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeModel, serializeModel } from '../model-format';
import { writeFileAtomic } from './atomic-write';

type Model = Parameters<typeof serializeModel>[0];

export interface SaveModelOptions {
  info?: Record<string, unknown>;
  /** Saves `optimizer.stateDict()` and the epoch count beside the model, so training can resume. */
  optimizer?: { stateDict(): unknown };
  epochsDone?: number;
}

export interface Checkpoint {
  model: ReturnType<typeof deserializeModel>;
  /** What `optimizer.stateDict()` returned when saved (absent for a plain model). */
  optimizerState?: unknown;
  epochsDone?: number;
  info: Record<string, unknown>;
}

/**
 * Writes dir/model.json (architecture) and dir/model.safetensors (weights, PyTorch names),
 * and dir/training-state.json when an optimizer is given. Every file is replaced atomically.
 */
export function saveModel(model: Model, dir: string, options: SaveModelOptions = {}): void {
  const { json, weights } = serializeModel(model, options.info);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'model.safetensors'), weights);
  writeFileAtomic(join(dir, 'model.json'), json);
  if (options.optimizer) {
    const state = { epochsDone: options.epochsDone ?? 0, optimizer: options.optimizer.stateDict() };
    writeFileAtomic(join(dir, 'training-state.json'), `${JSON.stringify(state)}\n`);
  }
}

function readFile(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `loadModel: cannot read the ${what} ${path}${code === 'ENOENT' ? ' (no such file)' : ` (${code})`}`,
    );
  }
}

/** Restores a model saved by `saveModel`; its predictions are bit-identical. */
export function loadModel(dir: string): Checkpoint['model'] {
  return loadCheckpoint(dir).model;
}

export function loadCheckpoint(dir: string): Checkpoint {
  const json = new TextDecoder().decode(readFile(join(dir, 'model.json'), 'architecture'));
  const model = deserializeModel(json, readFile(join(dir, 'model.safetensors'), 'weights'), dir);
  const info = (JSON.parse(json).info ?? {}) as Record<string, unknown>;
  let training: { epochsDone?: number; optimizer?: unknown } = {};
  try {
    training = JSON.parse(readFileSync(join(dir, 'training-state.json'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `loadModel: ${join(dir, 'training-state.json')} is unreadable (${(error as Error).message})`,
      );
    }
  }
  return { model, optimizerState: training.optimizer, epochsDone: training.epochsDone, info };
}
