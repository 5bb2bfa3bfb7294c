// A child process for thread-pool.test.ts: runs the built package with a pool whose worker 1 dies at
// the first job (test-support/dying-worker-entry.ts, built by the test), so that a regression hangs
// this child, which the test kills, instead of the test runner. Prints one JSON line.
import { createWasmBackend, getThreads, setThreads } from '@scratchnet/backend-wasm';
import { allocate, resolveConv2dGeometry } from '@scratchnet/tensor';

const [workerScript] = process.argv.slice(2);
const g = resolveConv2dGeometry([4, 2, 7, 7], [3, 2, 3, 3], { padding: 1 });
const x = Float64Array.from({ length: 4 * 2 * 49 }, (_, i) => Math.sin(i));
const w = Float64Array.from({ length: 3 * 2 * 9 }, (_, i) => Math.cos(i));
const backend = createWasmBackend({ minFlops: 0, minBackwardFlops: 0, callerRunsParts: false });
const run = () => {
  const y = allocate('float64', 4 * 3 * 49);
  backend.conv2dForward(x, w, null, y, g);
  return Array.from(y);
};
const alone = run();

process.env.SCRATCHNET_TEST_DYING_WORKER = '1';
await setThreads(3, { workerScript });
let message = 'no error';
try {
  run();
} catch (error) {
  message = error.message;
}
delete process.env.SCRATCHNET_TEST_DYING_WORKER;
const threadsMeanwhile = getThreads();
const meanwhile = run();
await setThreads(3, { workerScript });
const threadsRestarted = getThreads();
const restarted = run();
await setThreads(1);
const same = (a) => a.every((v, i) => Object.is(v, alone[i]));
console.log(
  JSON.stringify({
    message,
    threadsMeanwhile,
    threadsRestarted,
    meanwhile: same(meanwhile),
    restarted: same(restarted),
  }),
);
