import { getJsThreads, setJsThreads } from '@scratchnet/tensor';
import js from './js.mjs';

const THREADS = 2;

/** Wraps a contender's setup so that its cells run with the js backend on `threads` threads. */
const onThreads =
  (threads, make) =>
  async (...args) => {
    if (getJsThreads() !== threads) await setJsThreads(threads);
    return make(...args);
  };

/** scratchnet's pure-TypeScript backend on two threads (setJsThreads(2)), beside js on one. */
export default {
  ...js,
  name: 'js-threads',
  async available() {
    await setJsThreads(THREADS);
    await setJsThreads(1);
    return js.available();
  },
  matmul: onThreads(THREADS, js.matmul),
  conv: onThreads(THREADS, js.conv),
};

// The thread count is global and the cells of one row run one contender after another, so the
// js contender (loaded before this module) must set it back to one for its own cells.
js.matmul = onThreads(1, js.matmul);
js.conv = onThreads(1, js.conv);
