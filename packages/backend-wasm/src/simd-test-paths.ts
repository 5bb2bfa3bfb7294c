import { createWasmBackend, type WasmBackend } from './backend';

/** For tests: the wasm backend with its WebAssembly SIMD kernels, and with its scalar fallback kernels. */
export const simdBackend = createWasmBackend({}, 'wasm-simd');
export const scalarBackend = createWasmBackend({ simd: false }, 'wasm-scalar');

/** Each dtype through both kernel sets. */
export const SIMD_TEST_PATHS: ReadonlyArray<
  readonly ['float64' | 'float32', WasmBackend, 'SIMD' | 'scalar']
> = [
  ['float64', simdBackend, 'SIMD'],
  ['float64', scalarBackend, 'scalar'],
  ['float32', simdBackend, 'SIMD'],
  ['float32', scalarBackend, 'scalar'],
];
