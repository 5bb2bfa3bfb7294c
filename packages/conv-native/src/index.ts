/**
 * Importing this package registers the `native` kernel backend with @scratchnet/tensor when the
 * Rust binary loads, and otherwise records every attempt's failure so that `setBackend('native')`
 * explains itself while `auto` keeps using `js`. Importing never throws.
 */
import { registerBackend, reportBackendFailure } from '@scratchnet/tensor';
import { createNativeBackend } from './backend';
import type { NativeBinding } from './binding';
import { type LoadResult, loadBinding } from './load-binding';

export type { NativeBinding } from './binding';
export { DISABLE_ENV, PATH_ENV } from './load-binding';

function load(): LoadResult {
  try {
    if (typeof process === 'undefined' || !process.versions?.node) {
      return { ok: false, attempts: ['not running in Node.js: the native backend needs Node'] };
    }
    return loadBinding(process.env, process);
  } catch (error) {
    return {
      ok: false,
      attempts: [`loader error: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

const loaded = load();
if (loaded.ok) registerBackend(createNativeBackend(loaded.binding, loaded.path));
else reportBackendFailure('native', loaded.attempts);

function binding(op: string): NativeBinding {
  if (loaded.ok) return loaded.binding;
  throw new Error(
    `${op}: the native backend is not loaded:\n${loaded.attempts.map((a) => `  - ${a}`).join('\n')}`,
  );
}

/** True when the Rust binary loaded and the `native` backend is registered. */
export function nativeAvailable(): boolean {
  return loaded.ok;
}

/** Why each candidate binary was skipped (empty when the first candidate loaded). */
export function nativeLoadErrors(): string[] {
  return [...loaded.attempts];
}

/** Resizes the native thread pool (default: SCRATCHNET_NUM_THREADS, else every core). */
export function setNumThreads(threads: number): void {
  binding('setNumThreads').setNumThreads(threads);
}

export function getNumThreads(): number {
  return binding('getNumThreads').getNumThreads();
}

export interface NativeDescription {
  threads: number;
  simd: string;
  gemm: string;
  version: string;
  binary: string;
}

/** The facts `backendInfo().details.native` shows: threads, SIMD level, GEMM crate, binary path. */
export function nativeDescription(): NativeDescription {
  const info = binding('nativeDescription').nativeInfo();
  return { ...info, binary: loaded.ok ? loaded.path : '' };
}
