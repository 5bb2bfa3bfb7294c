import type { FloatArray } from '@scratchnet/tensor';
import { ARRAY_SLOTS, ARRAYS, DTYPE } from './control-block';

const PAGE_BYTES = 65536;
/** 2 GiB: address space reserved, not memory committed; a job that needs more stays on one thread. */
const MAX_PAGES = 32768;

/**
 * The shared memory the threads' arrays live in during a job: a shared WebAssembly.Memory,
 * because it grows in place and every thread sees the growth (a SharedArrayBuffer cannot grow
 * in Node 20, and handing a new one to a worker blocked in Atomics.wait would need a message it
 * cannot read). It only grows, and is dropped with the pool.
 */
export function createArena(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
}

/** Grows the arena to at least `bytes`; false when it cannot. */
export function reserveArena(memory: WebAssembly.Memory, bytes: number): boolean {
  const missing = bytes - memory.buffer.byteLength;
  if (missing <= 0) return true;
  const pages = Math.ceil(missing / PAGE_BYTES);
  if (memory.buffer.byteLength / PAGE_BYTES + pages > MAX_PAGES) return false;
  try {
    memory.grow(pages);
    return true;
  } catch {
    return false;
  }
}

/** Lays out arrays of the given lengths (-1: absent) back to back, 8-byte aligned; returns the bytes needed. */
export function layoutArrays(
  control: Int32Array,
  lengths: readonly number[],
  bytesPerElement: number,
): number {
  let at = 0;
  for (let slot = 0; slot < ARRAY_SLOTS; slot++) {
    const length = lengths[slot] ?? -1;
    control[ARRAYS + 2 * slot] = at;
    control[ARRAYS + 2 * slot + 1] = length;
    if (length > 0) at += Math.ceil((length * bytesPerElement) / 8) * 8;
  }
  control[DTYPE] = bytesPerElement;
  return at;
}

/** The arena view of array `slot` of the current job, or null when the job has none there. */
export function arenaArray(control: Int32Array, memory: WebAssembly.Memory, slot: number): FloatArray | null {
  const offset = control[ARRAYS + 2 * slot];
  const length = control[ARRAYS + 2 * slot + 1];
  if (length < 0) return null;
  return control[DTYPE] === 8
    ? new Float64Array(memory.buffer, offset, length)
    : new Float32Array(memory.buffer, offset, length);
}
