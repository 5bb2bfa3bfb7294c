import { lockOutDir, type OutDirLock } from '@scratchnet/train/node';
import { warn } from './output';

/**
 * Holds the folder a training run saves into, so that a second run into it fails at once (naming
 * the holder); a lock left by a run that no longer exists is taken over, with a warning.
 */
export function lockOut(dir: string): OutDirLock {
  const lock = lockOutDir(dir);
  const stale = lock.tookOverFrom;
  if (stale) {
    warn(
      `${dir}: took over the lock of pid ${stale.pid} (started ${stale.startedAt}), which is no longer running`,
    );
  }
  return lock;
}
