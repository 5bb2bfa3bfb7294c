/**
 * Importing this package registers the `wasm` kernel backend with @scratchnet/tensor, which
 * `auto` then picks unless `native` is registered too. Importing never throws.
 */
import { registerBackend } from '@scratchnet/tensor';
import { wasmBackend } from './backend';

export { wasmBackend } from './backend';
export type { ThreadsOptions } from './threads/thread-pool';
export { getThreads, setThreads } from './threads/thread-pool';

registerBackend(wasmBackend);
