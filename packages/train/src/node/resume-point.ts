import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkpointFile, readManifest } from './checkpoint-set';
import {
  type Checkpoint,
  loadCheckpoint,
  type SaveModelOptions,
  type StopPosition,
  saveModel,
} from './save-model';

/**
 * A training folder keeps two checkpoints apart, so that stopping in the middle of an epoch never
 * costs the exact one:
 *
 * - the exact checkpoint, in the folder itself, saved at the end of an epoch: resuming it repeats
 *   the uninterrupted run bit for bit;
 * - the interrupted checkpoint, in `interrupted/`, saved when training stopped inside an epoch:
 *   resuming it runs that epoch again from weights that have already learned from part of it, so
 *   the run no longer matches an uninterrupted one.
 *
 * Saving an interrupted checkpoint never touches the exact one. Saving an exact one retires the
 * interrupted one afterwards, as it is older then (killed in between, both stay and the newer one
 * wins). Each is a checkpoint set (checkpoint-set.ts), replaced as a whole.
 */
export const INTERRUPTED_DIR = 'interrupted';

export type CheckpointKind = 'exact' | 'interrupted';
/** Which checkpoint to resume: the newer of the two (by the time it was saved), or the one named. */
export type ResumeChoice = 'newest' | CheckpointKind;

export interface ResumePoint {
  kind: CheckpointKind;
  /** The folder of its checkpoint set: the training folder itself, or its `interrupted/` folder. */
  dir: string;
  checkpoint: Checkpoint;
}

/** Saves the end-of-epoch checkpoint into `dir` and retires the interrupted one it supersedes. */
export function saveExactCheckpoint(
  model: Parameters<typeof saveModel>[0],
  dir: string,
  options: Omit<SaveModelOptions, 'interrupted'>,
): void {
  saveModel(model, dir, options);
  rmSync(join(dir, INTERRUPTED_DIR), { recursive: true, force: true });
}

/** Saves a mid-epoch checkpoint into `dir/interrupted`, beside the exact one; returns that folder. */
export function saveInterruptedCheckpoint(
  model: Parameters<typeof saveModel>[0],
  dir: string,
  options: SaveModelOptions & { interrupted: StopPosition },
): string {
  const slot = join(dir, INTERRUPTED_DIR);
  saveModel(model, slot, options);
  return slot;
}

const slotOf = (dir: string, kind: CheckpointKind) => (kind === 'exact' ? dir : join(dir, INTERRUPTED_DIR));

/** Whether training folder `dir` holds a checkpoint of this kind. */
export const holdsCheckpoint = (dir: string, kind: CheckpointKind) =>
  existsSync(checkpointFile(slotOf(dir, kind), 'model.json'));

function newest(dir: string): CheckpointKind {
  if (!holdsCheckpoint(dir, 'interrupted')) return 'exact';
  if (!holdsCheckpoint(dir, 'exact')) return 'interrupted';
  // An exact save retires the interrupted one, so both are here only when the interrupted one is
  // newer, or when a process was killed between the two steps: then the exact one is newer.
  const savedAt = (kind: CheckpointKind) => readManifest(slotOf(dir, kind))?.savedAt ?? '';
  return savedAt('exact') > savedAt('interrupted') ? 'exact' : 'interrupted';
}

/** The checkpoint of training folder `dir` that `choice` picks, loaded; throws naming what is missing. */
export function openResumePoint(dir: string, choice: ResumeChoice = 'newest'): ResumePoint {
  const kind = choice === 'newest' ? newest(dir) : choice;
  if (choice !== 'newest' && !holdsCheckpoint(dir, kind)) {
    const other: CheckpointKind = kind === 'exact' ? 'interrupted' : 'exact';
    throw new Error(
      `${dir} holds no ${kind} checkpoint` +
        (kind === 'exact' ? ' (no epoch has ended there yet)' : '') +
        (holdsCheckpoint(dir, other) ? `; the ${other} one is in ${slotOf(dir, other)}` : ''),
    );
  }
  const slot = slotOf(dir, kind);
  const checkpoint = loadCheckpoint(slot);
  if (kind === 'exact' && checkpoint.interrupted) {
    throw new Error(
      `${dir} holds an interrupted checkpoint (saved inside epoch ${checkpoint.interrupted.epoch + 1}), not ` +
        `a training folder: resume ${dirname(dir)}, which takes this checkpoint when it is the newest`,
    );
  }
  return { kind, dir: slot, checkpoint };
}
