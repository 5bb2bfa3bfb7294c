import { GENERATION, PENDING, recordError, STOP } from './control-block';
import { runParts } from './run-parts';

/**
 * A worker's life: wait for the generation counter to move, run parts of the job while any is left,
 * count itself done (waking the caller when last); return when the pool stops. `ready` is called
 * once the worker has read the current generation, so no job posted after it can be missed.
 */
export function serveJobs(
  control: Int32Array,
  memory: WebAssembly.Memory,
  thread: number,
  ready: () => void,
): void {
  let seen = Atomics.load(control, GENERATION);
  ready();
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    const now = Atomics.load(control, GENERATION);
    if (now === seen) continue;
    seen = now;
    if (Atomics.load(control, STOP) !== 0) return;
    try {
      runParts(control, memory);
    } catch (error) {
      recordError(
        control,
        `wasm threads: worker ${thread} failed: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    if (Atomics.sub(control, PENDING, 1) === 1) Atomics.notify(control, PENDING);
  }
}
