import { type WorkerScope, webWorkerMain } from './web-worker-main';
import { type WebWorkerStart, webLocks } from './web-worker-protocol';

/** Entry of a wasm-backend worker in a browser (built as its own file, wasm-threads-web-worker). */
const scope = globalThis as unknown as WorkerScope & {
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<WebWorkerStart>) => void,
    options: { once: true },
  ): void;
};

scope.addEventListener('message', ({ data }) => webWorkerMain(data, scope, webLocks()), { once: true });
