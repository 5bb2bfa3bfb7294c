import { markBroken } from './control-block';
import { serveJobs } from './serve-jobs';
import { type LockManagerLike, WEB_WORKER_READY, type WebWorkerStart } from './web-worker-protocol';

export interface WorkerScope {
  postMessage(message: unknown): void;
  close(): void;
}

type Serve = typeof serveJobs;

/**
 * What every pool worker in a browser runs on its start message. The watcher exists because a
 * browser says nothing when it ends a worker (no 'exit' event as in Node), and the caller could not
 * listen anyway: during a job it blocks in Atomics.wait. A lock held by a worker is released when
 * the worker ends, however it ends, and the watcher's request for it is granted then.
 */
export function webWorkerMain(
  start: WebWorkerStart,
  scope: WorkerScope,
  locks: LockManagerLike | undefined,
  serve: Serve = serveJobs,
): void {
  if (start.role === 'watch') {
    watch(start, scope, locks);
    return;
  }
  const { control, memory, thread, lock } = start;
  const run = () => {
    serve(new Int32Array(control), memory, thread, () => scope.postMessage(WEB_WORKER_READY));
    scope.close();
  };
  if (lock === null || !locks) run();
  // Ready is posted from inside the callback, so the lock is held before the watcher asks for it;
  // the promise never settles, so only the worker's end releases the lock.
  else
    void locks.request(lock, () => {
      run();
      return new Promise(() => {});
    });
}

function watch(
  start: Extract<WebWorkerStart, { role: 'watch' }>,
  scope: WorkerScope,
  locks: LockManagerLike | undefined,
): void {
  if (!locks)
    throw new Error('wasm threads: the watcher needs Web Locks (navigator.locks), which this browser lacks');
  const control = new Int32Array(start.control);
  start.locks.forEach((lock, i) => {
    void locks.request(lock, () =>
      markBroken(
        control,
        `wasm threads: ${start.labels[i]} ended while the pool was running (the browser stopped it)`,
      ),
    );
  });
  scope.postMessage(WEB_WORKER_READY);
}
