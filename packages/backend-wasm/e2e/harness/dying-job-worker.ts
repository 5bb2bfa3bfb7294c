import { GENERATION } from '../../src/threads/control-block';
import { serveJobs } from '../../src/threads/serve-jobs';
import { type WorkerScope, webWorkerMain } from '../../src/threads/web-worker-main';
import { type WebWorkerStart, webLocks } from '../../src/threads/web-worker-protocol';
import { type Death, dieLock } from './protocol';

/**
 * serveJobs until the first job arrives; then the worker ends, in the middle of the job, without
 * an error event or a word to anyone: only its life lock tells.
 */
const dieAtFirstJob: typeof serveJobs = (control, _memory, _thread, ready) => {
  const seen = Atomics.load(control, GENERATION);
  ready();
  Atomics.wait(control, GENERATION, seen);
  close();
};

const serves: Record<Death, typeof serveJobs> = {
  'at-first-job': dieAtFirstJob,
  'when-ready': (_control, _memory, _thread, ready) => {
    ready();
    close();
  },
};

/**
 * A pool worker script for the test: the real webWorkerMain, whose job workers die as `death`
 * says if the owner holds dieLock(death) while they start, and otherwise serve as the real ones
 * do (so that the pool the backend restarts with this same script works).
 */
addEventListener(
  'message',
  async ({ data }: MessageEvent<WebWorkerStart>) => {
    const { held = [] } = await navigator.locks.query();
    const death = (Object.keys(serves) as Death[]).find((d) => held.some((lock) => lock.name === dieLock(d)));
    const serve = data.role === 'job' && death ? serves[death] : serveJobs;
    webWorkerMain(data, globalThis as unknown as WorkerScope, webLocks(), serve);
  },
  { once: true },
);
