import { parentPort, workerData } from 'node:worker_threads';
import { serveJobs } from './serve-jobs';

/** Entry of a wasm-backend worker thread under Node (built as its own file, wasm-threads-worker). */
const { control, memory, thread } = workerData as {
  control: SharedArrayBuffer;
  memory: WebAssembly.Memory;
  thread: number;
};
serveJobs(new Int32Array(control), memory, thread, () => parentPort?.postMessage('ready'));
