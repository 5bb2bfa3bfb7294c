/**
 * Importing this package registers the `wasm` kernel backend with @scratchnet/tensor, which
 * `auto` then picks unless `native` is registered too. Importing never throws.
 */
import { registerBackend } from '@scratchnet/tensor';
import { wasmBackend } from './backend';

export type { WasmBackend, WasmKernelSet } from './backend';
export { createWasmBackend, wasmBackend } from './backend';
export type { ConvAlgorithm, ConvPass, ConvPlan, MatmulPlan, MaxPoolPlan } from './planner';
export { CONV_ALGORITHMS } from './planner';
export type { WasmSettings } from './settings';
export type { ThreadsOptions } from './threads/thread-pool';
export { getThreads, setThreads } from './threads/thread-pool';

registerBackend(wasmBackend);
