/** What the test asks the owner worker (through the page's `ask`), and what it answers. */
export type OwnerCommand =
  /** setThreads(n) with the given script (a file name served beside the page); `dying` is explained in dying-job-worker.ts. */
  | { op: 'threads'; n: number; script: string; dying?: Death }
  /** The harness convolution, on as many threads as the pool has. */
  | { op: 'conv' }
  /** The Web Locks of this origin, by name: held, and requested but not granted yet. */
  | { op: 'locks' };

export type OwnerAnswer =
  | { op: 'threads'; threads: number }
  | { op: 'conv'; threads: number; hash: string }
  | { op: 'locks'; held: string[]; pending: string[] }
  /** The command threw (the convolution, when the pool broke during it). */
  | { op: 'error'; error: string };

/** When a job worker of dying-job-worker.ts ends: as its first job arrives, or as soon as it is ready (idle). */
export type Death = 'at-first-job' | 'when-ready';

/** Held by the owner while dying job workers start: they then end as `death` says. */
export const dieLock = (death: Death) => `scratchnet-e2e/die/${death}`;

/** The page's way to reach the owner worker; rejects when no answer comes within `ms` (a hang). */
export type Ask = (command: OwnerCommand, ms: number) => Promise<OwnerAnswer>;
