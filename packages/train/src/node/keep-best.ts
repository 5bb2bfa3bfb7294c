import { bestTracker, type Callback, type EpochLog, type Monitor } from '../callbacks';
import type { ModelData } from '../model-format';
import { saveModel } from './save-model';

export interface KeepBestOptions extends ModelData {
  /** What "best" means (default valLoss: the lowest validation loss). */
  monitor?: Monitor;
  minDelta?: number;
  /** model.json's `info` for the epoch saved (default: `{ epoch, <monitor>: value }`). */
  info?: (log: EpochLog) => Record<string, unknown>;
}

/**
 * A callback that saves the model to `dir` (with `saveModel`: the set replaced atomically) at the
 * end of every epoch whose monitored value beats all earlier ones, so `dir` always holds the best
 * epoch's model so far, never a half-written one.
 */
export function keepBestCheckpoint(
  model: Parameters<typeof saveModel>[0],
  dir: string,
  options: KeepBestOptions = {},
): Callback {
  const { monitor = 'valLoss', minDelta = 0, info, classes, input } = options;
  const tracker = bestTracker('keepBestCheckpoint', monitor, minDelta);
  return {
    onEpochEnd(log) {
      if (!tracker.improves(log)) return;
      const saved = info ? info(log) : { epoch: log.epoch, [monitor]: log[monitor] };
      saveModel(model, dir, { info: saved, classes, input });
    },
  };
}
