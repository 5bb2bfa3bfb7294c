import { linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileSynced } from './atomic-write';

/**
 * One training run per output folder: two runs saving into the same folder would interleave their
 * checkpoints (each set stays whole, but which run's set survives is a race). A run holds
 * `scratchnet.lock` in the folder, naming its pid, host and start time, from start to exit.
 *
 * - Taking it: the lock is written whole to a temporary file, then hard-linked to its name; the link
 *   fails with EEXIST if the name exists (as open with O_EXCL would), and a lock file is never seen
 *   half-written.
 * - Giving it back: `release()`, and on process exit (`process.exit`, an uncaught error, a second
 *   Ctrl-C), a run removes the lock if it is still its own.
 * - Stale: a run killed without a chance to exit (SIGKILL, a crash, a power loss) leaves its lock. A
 *   lock from this host whose pid no longer runs (`kill(pid, 0)` fails with ESRCH) is taken over; a
 *   lock from another host (a shared disk) cannot be checked and is left alone.
 */
export const LOCK_FILE = 'scratchnet.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO 8601. */
  startedAt: string;
}

export interface OutDirLock {
  /** The lock file. */
  readonly file: string;
  /** The stale lock this one replaced, if any: its process was gone. */
  readonly tookOverFrom?: LockHolder;
  /** Removes the lock file if it is still this lock, and the folder if the lock made it and it stayed empty (idempotent). */
  release(): void;
}

/** Thrown when another running process holds the folder's lock. */
export class OutDirLockedError extends Error {
  override name = 'OutDirLockedError';
  constructor(
    readonly dir: string,
    readonly file: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `pid ${holder.pid} on host ${holder.hostname}, started ${holder.startedAt}`
      : `a lock file that cannot be read`;
    super(
      `${dir} is in use by another training run (${who}; lock file ${file}). Wait for it to finish ` +
        `or stop it, or write to another folder; if that process is no longer running, delete ${file}.`,
    );
  }
}

/** The holder recorded in `file`: undefined if there is no such file, 'unreadable' if it is not a lock. */
function readHolder(file: string): LockHolder | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    const valid = Number.isInteger(holder?.pid) && holder.pid > 0 && typeof holder.hostname === 'string';
    return valid && typeof holder.startedAt === 'string' ? holder : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

const sameHolder = (a: LockHolder | 'unreadable' | undefined, b: LockHolder) =>
  typeof a === 'object' && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const isStale = (holder: LockHolder) => holder.hostname === hostname() && !isRunning(holder.pid);

/** Creates `file` holding `holder` unless it exists; true if created. */
function create(file: string, holder: LockHolder): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSynced(temporary, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Removes the stale lock `stale` unless another process replaced it since it was read: moved aside
 * first (one atomic rename), it is checked there and put back when it turns out to be a live lock.
 */
function removeStale(file: string, stale: LockHolder): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process removed it
    throw error;
  }
  if (!sameHolder(readHolder(aside), stale)) {
    try {
      linkSync(aside, file);
    } catch {
      // A third process took the folder meanwhile; the lock moved aside is lost to its holder.
    }
  }
  rmSync(aside, { force: true });
}

/** A run that failed before saving anything leaves no empty folder behind. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // ENOTEMPTY: something was saved there.
  }
}

/** Takes the lock of folder `dir` (created if missing); throws OutDirLockedError while another run holds it. */
export function lockOutDir(dir: string): OutDirLock {
  const made = mkdirSync(dir, { recursive: true }) !== undefined;
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 1; !create(file, me); attempt++) {
    const holder = readHolder(file); // undefined: released since, try again
    const stale = typeof holder === 'object' && isStale(holder);
    if (attempt > 3 || (holder !== undefined && !stale)) {
      throw new OutDirLockedError(dir, file, typeof holder === 'object' ? holder : undefined);
    }
    if (stale) {
      removeStale(file, holder);
      tookOverFrom = holder;
    }
  }
  const removeOwn = () => {
    if (sameHolder(readHolder(file), me)) rmSync(file, { force: true });
  };
  process.once('exit', removeOwn);
  return {
    file,
    tookOverFrom,
    release() {
      process.off('exit', removeOwn);
      removeOwn();
      if (made) removeIfEmpty(dir);
    },
  };
}
