import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type NodeWorkerData, nodeWorkerMain } from './node-worker-main';

/** Entry of a wasm-backend pool thread under Node (built as its own file, wasm-threads-worker). */
if (parentPort) nodeWorkerMain(workerData as NodeWorkerData, parentPort, Worker);
