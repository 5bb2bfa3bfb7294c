import {
  BROKEN,
  createControlBuffer,
  GENERATION,
  NEXT_PART,
  PARTS,
  PENDING,
  STOP,
  takeError,
} from './control-block';
import { runParts } from './run-parts';
import { createArena } from './shared-arena';
import { currentEnvironment, threadsHost } from './threads-host';

/** A running pool: the calling thread plus `threads - 1` workers sharing a control block and an arena. */
export interface ThreadPool {
  readonly threads: number;
  readonly workerScript: string | URL | undefined;
  /** Jobs run so far (tests check that a call did go through the workers). */
  jobs: number;
  readonly control: Int32Array;
  readonly memory: WebAssembly.Memory;
  stop(): Promise<void>;
}

export interface ThreadsOptions {
  /**
   * Where the worker entry is, for bundles that move it. By default, in Node the built
   * `wasm-threads-worker.js` (ESM) or `.cjs` (CJS) beside the package's own files; in a browser
   * `wasm-threads-web-worker.js` beside them, started as a module worker in a way bundlers
   * (Vite, webpack) recognise and bundle.
   */
  workerScript?: string | URL;
}

interface PoolState {
  pool: ThreadPool | null;
  /** Why restarting a pool whose worker died failed, until a later start succeeds. */
  restartFailure?: string;
  /** The last setThreads still running: calls are applied one after another. */
  pending: Promise<void>;
}

// One pool per process even when two copies of this package are loaded, like the backend registry.
const POOL_KEY = Symbol.for('scratchnet.backend-wasm.threads.v1');
const MAX_THREADS = 64;

function state(): PoolState {
  const holder = globalThis as unknown as Record<symbol, PoolState | undefined>;
  let pool = holder[POOL_KEY];
  if (!pool) {
    pool = { pool: null, pending: Promise.resolve() };
    holder[POOL_KEY] = pool;
  }
  return pool;
}

/**
 * Runs the wasm backend's large kernels on `n` threads: the calling thread and n - 1 workers
 * (n = 1 stops the workers). Kernels stay synchronous; results are bit-identical for every n.
 * Worker threads start asynchronously, so nothing reads an environment variable at import:
 * applications call this (the CLI does for --threads). In a browser the workers are Web Workers:
 * the page must be cross-origin isolated (COOP/COEP headers, for SharedArrayBuffer) and the model
 * must run in a Web Worker, since the calling thread blocks in Atomics.wait during each job.
 */
export function setThreads(n: number, options: ThreadsOptions = {}): Promise<void> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    return Promise.reject(
      new Error(`setThreads: n must be an integer from 1 to ${MAX_THREADS}, got ${String(n)}`),
    );
  }
  const s = state();
  const next = s.pending.catch(() => undefined).then(() => resize(s, n, options));
  s.pending = next;
  return next;
}

async function resize(s: PoolState, n: number, options: ThreadsOptions): Promise<void> {
  const same = String(s.pool?.workerScript) === String(options.workerScript);
  if ((s.pool?.threads ?? 1) === n && (n === 1 || same)) return;
  const old = s.pool;
  s.pool = null;
  await old?.stop();
  if (n === 1) return;
  const host = threadsHost(currentEnvironment());
  if (host.kind === 'none') {
    throw new Error(
      `setThreads(${n}) cannot start threads here: ${host.problems.join('; and ')}. setThreads(1) runs on this thread alone.`,
    );
  }
  const startWorkers =
    host.kind === 'node'
      ? (await import('./node-workers')).startNodeWorkers
      : (await import('./web-workers')).startWebWorkers;
  const controlBuffer = createControlBuffer();
  const control = new Int32Array(controlBuffer);
  const memory = createArena();
  const workers = await startWorkers(n - 1, controlBuffer, memory, options.workerScript);
  s.pool = {
    threads: n,
    workerScript: options.workerScript,
    jobs: 0,
    control,
    memory,
    async stop() {
      Atomics.store(control, STOP, 1);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
      await workers.stop();
    },
  };
}

/** How many threads the wasm backend's large kernels run on (1 when no pool is running). */
export function getThreads(): number {
  return state().pool?.threads ?? 1;
}

/** The running pool, or null. */
export function activePool(): ThreadPool | null {
  return state().pool;
}

/**
 * Runs the job already written into the pool's control block and arena, cut into `parts` parts:
 * wakes the workers, claims parts here too until none is left, waits until every worker is done,
 * and throws the first error any thread hit. Parts are claimed, not assigned, so a thread that
 * gets less CPU (2 cores shared with other work) simply runs fewer of them.
 */
export function runJob(pool: ThreadPool, parts: number, callerRunsParts = true): void {
  const { control } = pool;
  control[PARTS] = parts;
  Atomics.store(control, NEXT_PART, 0);
  Atomics.store(control, PENDING, pool.threads - 1);
  pool.jobs++;
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
  let own: unknown;
  try {
    if (callerRunsParts) runParts(control, pool.memory);
  } catch (error) {
    own = error;
  }
  // A worker that died while the pool was idle was marked broken then, and the count set above
  // would never reach 0: BROKEN is read before every wait (markBroken stores it before PENDING).
  while (Atomics.load(control, BROKEN) === 0) {
    const left = Atomics.load(control, PENDING);
    if (left <= 0) break;
    Atomics.wait(control, PENDING, left);
  }
  const message = takeError(control);
  if (Atomics.load(control, BROKEN) !== 0) throw restartBrokenPool(pool, message ?? 'a worker died');
  if (own) throw own;
  if (message) throw new Error(message);
}

/**
 * A worker died during a job, so parts of it were never computed: drops the pool (calls run on the
 * calling thread from now on), starts a new one of the same size in the background, and returns
 * the error for the call to throw. A failed restart is kept for describe() and the next setThreads.
 */
function restartBrokenPool(pool: ThreadPool, message: string): Error {
  const s = state();
  if (s.pool === pool) {
    s.pool = null;
    const options = { workerScript: pool.workerScript };
    s.pending = s.pending
      .catch(() => undefined)
      .then(async () => {
        await pool.stop();
        if (!s.pool) await resize(s, pool.threads, options);
        s.restartFailure = undefined;
      })
      .catch((error: unknown) => {
        s.restartFailure = `restarting ${pool.threads} threads failed: ${(error as Error)?.message ?? String(error)}`;
      });
  }
  return new Error(
    `${message}. The job's results are lost; the pool is restarting its ${pool.threads - 1} workers in the background, and calls run on this thread until it has (await setThreads(${pool.threads}) waits for it).`,
  );
}

/** Why the last restart of a broken pool failed, if it did. */
export function threadsRestartFailure(): string | undefined {
  return state().restartFailure;
}
