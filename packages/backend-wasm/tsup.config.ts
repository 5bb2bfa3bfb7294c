import { libraryConfig } from '../../tsup.base';

export default libraryConfig({
  index: 'src/index.ts',
  // The worker thread's entry, started by setThreads from a file beside the chunk that starts it.
  'wasm-threads-worker': 'src/threads/node-worker-entry.ts',
  // The same for a browser's Web Workers.
  'wasm-threads-web-worker': 'src/threads/web-worker-entry.ts',
});
