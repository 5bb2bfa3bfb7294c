/** What decides whether, and how, this thread can start the pool's workers. */
export interface ThreadsEnvironment {
  /** Node (worker_threads). */
  node: boolean;
  /** The Web Workers API (`Worker`) is there. */
  webWorkers: boolean;
  /** `SharedArrayBuffer` exists: browsers only expose it to cross-origin isolated pages. */
  sharedMemory: boolean;
  /** `crossOriginIsolated` as the browser reports it (false where it is missing). */
  crossOriginIsolated: boolean;
  /** Whether this thread may block in Atomics.wait (a page's main thread may not; a Web Worker may). */
  canBlock: boolean;
}

/** Where the workers come from, or every reason there can be none here. */
export type ThreadsHost = { kind: 'node' } | { kind: 'web' } | { kind: 'none'; problems: string[] };

const ISOLATION_HEADERS =
  'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';

/** The decision itself, on a snapshot of the environment, so that it can be tested anywhere. */
export function threadsHost(env: ThreadsEnvironment): ThreadsHost {
  if (env.node) return { kind: 'node' };
  const problems: string[] = [];
  if (!env.webWorkers) problems.push('this environment has no Web Workers (no global Worker)');
  if (!env.sharedMemory || !env.crossOriginIsolated) {
    problems.push(
      `the page must be cross-origin isolated for SharedArrayBuffer (crossOriginIsolated is ${env.crossOriginIsolated}): ` +
        `serve it with the headers ${ISOLATION_HEADERS}`,
    );
  }
  if (!env.canBlock) {
    problems.push(
      "this is a page's main thread, which may not block in Atomics.wait as every threaded job does: " +
        'run the model in a Web Worker and call setThreads there',
    );
  }
  return problems.length === 0 ? { kind: 'web' } : { kind: 'none', problems };
}

/** Tries Atomics.wait without waiting (the value differs): a thread that may not block throws. */
function mayBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return typeof document === 'undefined';
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment this code runs in. */
export function currentEnvironment(): ThreadsEnvironment {
  const global = globalThis as {
    process?: { versions?: { node?: string } };
    Worker?: unknown;
    crossOriginIsolated?: boolean;
  };
  return {
    node: typeof global.process?.versions?.node === 'string',
    webWorkers: typeof global.Worker === 'function',
    sharedMemory: typeof SharedArrayBuffer === 'function',
    crossOriginIsolated: global.crossOriginIsolated === true,
    canBlock: mayBlock(),
  };
}
