import { serveJobs } from './serve-jobs';
import { WEB_WORKER_READY, type WebWorkerStart } from './web-worker-protocol';

/** Entry of a wasm-backend worker in a browser (built as its own file, wasm-threads-web-worker). */
const scope = globalThis as unknown as {
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<WebWorkerStart>) => void,
    options: { once: true },
  ): void;
  postMessage(message: unknown): void;
  close(): void;
};

scope.addEventListener(
  'message',
  ({ data: { control, memory, thread } }) => {
    serveJobs(new Int32Array(control), memory, thread, () => scope.postMessage(WEB_WORKER_READY));
    scope.close();
  },
  { once: true },
);
