import { getJsThreads, setJsThreads } from '@scratchnet/tensor';
import js from './js.mjs';

const THREADS = 2;

/** Untimed calls that let fresh workers' JIT optimize their kernels: up to 20, or half a second. */
async function warmUp(run) {
  const until = performance.now() + 500;
  for (let i = 0; i < 20 && performance.now() < until; i++) await run();
}

/**
 * Wraps a contender's setup so that its cells run with the js backend on `threads` threads. The js
 * cell before this one in each row stops the pool, and the harness warms up only once, which
 * suits the calling thread (its kernels are hot from earlier cells) but not fresh workers.
 */
const onThreads =
  (threads, make) =>
  async (...args) => {
    const restarted = getJsThreads() !== threads;
    if (restarted) await setJsThreads(threads);
    const run = await make(...args);
    if (restarted && threads > 1 && typeof run === 'function') await warmUp(run);
    return run;
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
