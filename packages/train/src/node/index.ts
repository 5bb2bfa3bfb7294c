export { writeFileAtomic } from './atomic-write';
export type { KeepBestOptions } from './keep-best';
export { keepBestCheckpoint } from './keep-best';
export type { LockHolder, OutDirLock } from './out-dir-lock';
export { LOCK_FILE, lockOutDir, OutDirLockedError } from './out-dir-lock';
export type { CheckpointKind, ResumeChoice, ResumePoint } from './resume-point';
export {
  holdsCheckpoint,
  INTERRUPTED_DIR,
  openResumePoint,
  saveExactCheckpoint,
  saveInterruptedCheckpoint,
} from './resume-point';
export type { Checkpoint, SaveModelOptions, StopPosition } from './save-model';
export { loadCheckpoint, loadModel, saveModel } from './save-model';
