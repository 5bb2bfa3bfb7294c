import type { Worker as NodeWorker } from 'node:worker_threads';
import { markBroken } from './control-block';
import { serveJobs } from './serve-jobs';

/**
 * What every pool thread under Node receives. One file serves two roles: the supervisor, a thread
 * the pool starts first, which starts the job workers from the same script and watches them; and a
 * job worker, which serves jobs. The supervisor exists because the caller cannot watch: during a
 * job it blocks in Atomics.wait, so a dead worker's 'exit' event would never reach it.
 */
export interface NodeWorkerData {
  role: 'supervisor' | 'job';
  control: SharedArrayBuffer;
  memory: WebAssembly.Memory;
  /** The script of this file, as an href, for the supervisor to start job workers from. */
  script: string;
  /** Supervisor: how many job workers to start. Job worker: its number, 1-based. */
  count: number;
}

/** The messages a supervisor sends to the pool. */
export type SupervisorMessage = { type: 'ready' } | { type: 'failed'; message: string };

interface Port {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

type WorkerConstructor = new (script: URL, options: { workerData: NodeWorkerData }) => NodeWorker;

export function nodeWorkerMain(data: NodeWorkerData, port: Port, Worker: WorkerConstructor): void {
  if (data.role === 'job') {
    serveJobs(new Int32Array(data.control), data.memory, data.count, () => port.postMessage('ready'));
    return;
  }
  supervise(data, port, Worker);
}

function supervise(data: NodeWorkerData, port: Port, Worker: WorkerConstructor): void {
  const control = new Int32Array(data.control);
  const workers: NodeWorker[] = [];
  let waiting = data.count;
  let stopping = false;
  const fail = (message: string) => {
    if (stopping) return;
    stopping = true;
    if (waiting > 0) port.postMessage({ type: 'failed', message } satisfies SupervisorMessage);
    else markBroken(control, message);
    for (const worker of workers) void worker.terminate();
  };
  for (let thread = 1; thread <= data.count; thread++) {
    const label = `worker ${thread} (${data.script})`;
    const worker = new Worker(new URL(data.script), { workerData: { ...data, role: 'job', count: thread } });
    workers.push(worker);
    worker.once('message', () => {
      waiting--;
      if (waiting === 0 && !stopping) port.postMessage({ type: 'ready' } satisfies SupervisorMessage);
    });
    worker.on('error', (error) =>
      fail(
        waiting > 0
          ? `${label} failed to start: ${error.message}`
          : `wasm threads: ${label} failed: ${error.message}`,
      ),
    );
    worker.on('exit', (code) =>
      fail(
        waiting > 0
          ? `${label} exited with code ${code} before it was ready`
          : `wasm threads: ${label} died (exit code ${code}) while the pool was running`,
      ),
    );
  }
  port.on('message', (message) => {
    if (message !== 'stop') return;
    stopping = true;
    void Promise.all(workers.map((w) => w.terminate())).then(() => port.postMessage('stopped'));
  });
}
