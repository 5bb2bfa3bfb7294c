/** Seconds on the wall clock. */
export const wallClock = () => performance.now() / 1000;

/**
 * Seconds of CPU time used by this process. On a busy machine it is steadier than the wall clock,
 * but it only measures speed for single-threaded contenders (threads add up their time).
 */
export const cpuClock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Times `run` (a synchronous or async function doing one full call): warm-up calls for
 * `warmupSeconds` (at least one), then repeats until `minSeconds` have passed and at least
 * `minReps` calls were made (at most `maxReps`), and returns the median seconds per call. A call
 * slower than `minSeconds` on its own is repeated only `slowReps` times, to bound the run time.
 * The warm-up lets V8 finish optimizing hot code in the background (for WebAssembly it starts
 * on a baseline compiler and swaps in optimized code only for later calls): one call is not
 * enough for a kernel that takes half a millisecond.
 */
export async function medianSeconds(
  run,
  { minSeconds = 0.75, minReps = 3, maxReps = 50, slowReps = 2, warmupSeconds = 0.3 } = {},
  clock = wallClock,
) {
  const warm = wallClock();
  let warmCalls = 0;
  do {
    await run();
    warmCalls++;
  } while (wallClock() - warm < warmupSeconds);
  const warmSeconds = (wallClock() - warm) / warmCalls;
  const reps = warmSeconds > minSeconds ? slowReps : maxReps;
  const times = [];
  const start = wallClock();
  while (times.length < reps) {
    const t = clock();
    await run();
    times.push(clock() - t);
    if (times.length >= minReps && wallClock() - start >= minSeconds) break;
  }
  times.sort((x, y) => x - y);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

export const gflops = (flops, seconds) => flops / seconds / 1e9;

/** Timing settings for --quick: a shorter window and fewer repetitions. */
export const QUICK = { minSeconds: 0.2, minReps: 1, maxReps: 10, slowReps: 1, warmupSeconds: 0.1 };

/** Deterministic pseudo-random values in [-1, 1) (a small LCG; the values only need to be ordinary). */
export function filledFloat32(length, seed = 1) {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}
