import type { BatchLog } from '@scratchnet/train';
import {
  holdsCheckpoint,
  type SaveModelOptions,
  saveExactCheckpoint,
  saveInterruptedCheckpoint,
} from '@scratchnet/train/node';
import type { Model } from './model-source';

/** Whether training stopped after the last batch of an epoch: its checkpoint is then an exact one. */
export const endsEpoch = (at: BatchLog) => at.batch + 1 === at.batches;

/**
 * Saves where Ctrl-C stopped training into training folder `dir` and says what it saved: after the
 * last batch of an epoch the exact checkpoint, else the interrupted one, beside the exact one and
 * never over it.
 */
export function saveWhereStopped(
  model: Model,
  dir: string,
  at: BatchLog,
  options: Pick<SaveModelOptions, 'info' | 'optimizer' | 'classes' | 'input'>,
): string {
  const where = `interrupted in epoch ${at.epoch + 1} after batch ${at.batch + 1}/${at.batches}; checkpoint saved to`;
  if (endsEpoch(at)) {
    saveExactCheckpoint(model, dir, { ...options, epochsDone: at.epoch + 1 });
    return `${where} ${dir}`;
  }
  const interrupted = { epoch: at.epoch, batch: at.batch, batches: at.batches };
  const saved = saveInterruptedCheckpoint(model, dir, { ...options, epochsDone: at.epoch, interrupted });
  return `${where} ${saved}${holdsCheckpoint(dir, 'exact') ? ` (the exact checkpoint in ${dir} is kept)` : ''}`;
}
