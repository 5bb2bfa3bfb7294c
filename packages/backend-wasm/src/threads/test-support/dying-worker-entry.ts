import { parentPort, Worker, workerData } from 'node:worker_threads';
import { GENERATION } from '../control-block';
import { type NodeWorkerData, nodeWorkerMain } from '../node-worker-main';

/**
 * For tests: the pool thread entry, except that while SCRATCHNET_TEST_DYING_WORKER is set (in the
 * environment a thread starts with), job worker 1 exits as soon as the pool posts a job, as a
 * worker killed mid-job would.
 */
const data = workerData as NodeWorkerData;
if (parentPort && data.role === 'job' && data.count === 1 && process.env.SCRATCHNET_TEST_DYING_WORKER) {
  const control = new Int32Array(data.control);
  const seen = Atomics.load(control, GENERATION);
  parentPort.postMessage('ready');
  Atomics.wait(control, GENERATION, seen);
  process.exit(7);
} else if (parentPort) nodeWorkerMain(data, parentPort, Worker);
