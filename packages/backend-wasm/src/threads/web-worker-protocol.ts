/**
 * The first message a browser worker of the pool receives. A job worker serves jobs, holding the
 * Web Lock named `lock` for as long as it lives; the watcher asks for every job worker's lock, which
 * the browser grants only once that worker is gone, and then marks the pool broken (see
 * web-worker-main.ts). `lock` is null where the browser has no Web Locks: then nothing watches.
 */
export type WebWorkerStart =
  | {
      role: 'job';
      control: SharedArrayBuffer;
      memory: WebAssembly.Memory;
      thread: number;
      lock: string | null;
    }
  | { role: 'watch'; control: SharedArrayBuffer; locks: string[]; labels: string[] };

/** What a worker answers once it serves jobs (a job worker) or waits on the locks (the watcher). */
export const WEB_WORKER_READY = 'scratchnet-wasm-threads-ready';

/** The part of the Web Locks API (`navigator.locks`) the pool uses. */
export interface LockManagerLike {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

/** `navigator.locks` of this thread, if it has one. */
export function webLocks(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}
