import type { ResumePoint } from '@scratchnet/train/node';

/** What resuming from `point` means: the line train prints before it continues a run. */
export function resumingFrom({ kind, dir, checkpoint }: ResumePoint): string {
  const at = checkpoint.interrupted;
  if (kind === 'exact' || !at) {
    return `resuming from the exact checkpoint in ${dir} at the end of epoch ${checkpoint.epochsDone ?? 0}`;
  }
  const [epoch, seen] = [at.epoch + 1, at.batch + 1];
  return (
    `resuming from the interrupted checkpoint in ${dir} at epoch ${epoch}, batch ${seen}/${at.batches} ` +
    `(inexact: epoch ${epoch} restarts at its first batch from weights that have already learned from ` +
    `${seen} of its batches, so the run will not match an uninterrupted one` +
    (at.epoch > 0 ? `; --resume-from exact takes the end of epoch ${at.epoch} instead)` : ')')
  );
}
