import { getThreads, setThreads } from '@scratchnet/backend-wasm';
import wasm from './wasm.mjs';

const THREADS = 2;

/** Untimed calls that let fresh workers' JIT optimize their kernels: up to 20, or half a second. */
async function warmUp(run) {
  const until = performance.now() + 500;
  for (let i = 0; i < 20 && performance.now() < until; i++) await run();
}

/**
 * Wraps a contender's setup so that its cells run with the wasm backend on `threads` threads. The wasm
 * cell before this one in each row stops the pool, and the harness warms up only once, which
 * suits the calling thread (its kernels are hot from earlier cells) but not fresh workers.
 */
const onThreads =
  (threads, make) =>
  async (...args) => {
    const restarted = getThreads() !== threads;
    if (restarted) await setThreads(threads);
    const run = await make(...args);
    if (restarted && threads > 1 && typeof run === 'function') await warmUp(run);
    return run;
  };

/** scratchnet's pure-TypeScript backend on two threads (setThreads(2)), beside js on one. */
export default {
  ...wasm,
  name: 'wasm-threads',
  async available() {
    await setThreads(THREADS);
    await setThreads(1);
    return wasm.available();
  },
  matmul: onThreads(THREADS, wasm.matmul),
  conv: onThreads(THREADS, wasm.conv),
};

// The thread count is global and the cells of one row run one contender after another, so the
// wasm contender (loaded before this module) must set it back to one for its own cells.
wasm.matmul = onThreads(1, wasm.matmul);
wasm.conv = onThreads(1, wasm.conv);
