import type { WorkerGroup } from './node-workers';
import { type LockManagerLike, WEB_WORKER_READY, type WebWorkerStart, webLocks } from './web-worker-protocol';

/** The part of a Web Worker the pool uses (tests pass stand-ins). */
export interface WebWorkerLike {
  postMessage(message: WebWorkerStart): void;
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export type CreateWebWorker = (workerScript: string | URL | undefined) => WebWorkerLike;

/**
 * A module worker running `workerScript`, or by default the built wasm-threads-web-worker.js beside
 * this file. The default is written as the one expression bundlers look for,
 * `new Worker(new URL('…', import.meta.url), { type: 'module' })`, so that Vite or webpack bundle
 * the worker entry with the app and rewrite its URL.
 */
export function createWebWorker(workerScript: string | URL | undefined): WebWorkerLike {
  if (workerScript !== undefined) return new Worker(workerScript, { type: 'module' });
  if (!(import.meta as { url?: string }).url) {
    throw new Error('a CommonJS build cannot locate wasm-threads-web-worker.js; pass { workerScript }');
  }
  return new Worker(new URL('./wasm-threads-web-worker.js', import.meta.url), { type: 'module' });
}

/** A failed script load is a bare Event; an exception in the worker is an ErrorEvent with a message. */
function failure(event: Event): string {
  const message = (event as Partial<ErrorEvent>).message;
  return message || 'its script did not load (a wrong URL, or a response that is not JavaScript)';
}

const failedToStart = (label: string, detail: string) =>
  new Error(`setThreads: ${label} failed to start: ${detail}`);

function whenReady(worker: WebWorkerLike, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.addEventListener('message', (event) => {
      if ((event as MessageEvent).data !== WEB_WORKER_READY) return;
      ready = true;
      resolve();
    });
    worker.addEventListener('error', (event) => {
      if (ready) return;
      // Reported through the rejection instead of as an uncaught error.
      event.preventDefault();
      reject(failedToStart(label, failure(event)));
    });
  });
}

/** A name no other pool (in any tab of this origin) uses for the life lock of `thread`. */
function lockName(pool: string, thread: number): string {
  return `scratchnet-wasm-threads/${pool}/worker-${thread}`;
}

function newPoolId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Starts `count` Web Workers (numbered 1..count) serving jobs from `control` on `memory`, then a
 * watcher that marks the pool broken when one of them ends (see web-worker-main.ts), so that a
 * caller waiting for a job gets an error instead of waiting forever. Without Web Locks (`locks`
 * null) there is no watcher. Resolves once all are waiting, or rejects (ending the others) if
 * one fails to start.
 */
export async function startWebWorkers(
  count: number,
  control: SharedArrayBuffer,
  memory: WebAssembly.Memory,
  workerScript: string | URL | undefined,
  create: CreateWebWorker = createWebWorker,
  locks: LockManagerLike | null = webLocks() ?? null,
): Promise<WorkerGroup> {
  const script = String(workerScript ?? 'wasm-threads-web-worker.js');
  const pool = newPoolId();
  const workers: WebWorkerLike[] = [];
  const startOne = (label: string, start: WebWorkerStart): Promise<void> => {
    try {
      const worker = create(workerScript);
      workers.push(worker);
      const ready = whenReady(worker, label);
      worker.postMessage(start);
      return ready;
    } catch (error) {
      return Promise.reject(failedToStart(label, (error as Error)?.message ?? String(error)));
    }
  };
  // The watcher (last in the list) goes first, so that ending the pool is not reported as a death.
  const stop = async () => {
    for (const worker of [...workers].reverse()) worker.terminate();
  };
  const threads = Array.from({ length: count }, (_, i) => i + 1);
  const labels = threads.map((thread) => `worker ${thread} (${script})`);
  try {
    await Promise.all(
      threads.map((thread, i) =>
        startOne(labels[i], {
          role: 'job',
          control,
          memory,
          thread,
          lock: locks ? lockName(pool, thread) : null,
        }),
      ),
    );
    if (locks) {
      const watched = threads.map((thread) => lockName(pool, thread));
      await startOne(`the watcher (${script})`, { role: 'watch', control, locks: watched, labels });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
