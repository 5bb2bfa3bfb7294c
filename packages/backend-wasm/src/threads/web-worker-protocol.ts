/** The first message a browser worker of the pool receives: where jobs come from, and its number. */
export interface WebWorkerStart {
  control: SharedArrayBuffer;
  memory: WebAssembly.Memory;
  thread: number;
}

/** What the worker answers once it waits for jobs. */
export const WEB_WORKER_READY = 'scratchnet-wasm-threads-ready';
