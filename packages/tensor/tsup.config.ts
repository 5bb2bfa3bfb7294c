import { libraryConfig } from '../../tsup.base';

export default libraryConfig({
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  // The js backend's worker thread, started by setJsThreads from a file beside the chunk that starts it.
  'js-threads-worker': 'src/backend/js/threads/node-worker-entry.ts',
});
