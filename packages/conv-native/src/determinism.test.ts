import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each run is a child process, because the pool size is read from SCRATCHNET_NUM_THREADS once.
const script = fileURLToPath(new URL('./determinism-child.mjs', import.meta.url));

function digests(threads: number): Record<string, string> {
  const child = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SCRATCHNET_NUM_THREADS: String(threads) },
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) throw new Error(`determinism child failed: ${child.stderr}`);
  const report = JSON.parse(line) as { threads: number; results: Record<string, string> };
  expect(report.threads).toBe(threads);
  return report.results;
}

/**
 * The only kernel whose result may depend on the thread count: the blocked conv2dBackwardWeight
 * (used for stride-1, ungrouped convolutions such as lenet's) sums a contiguous slice of the batch
 * per thread and then adds the slices, so the float32 rounding order follows the number of slices.
 * Every other kernel gives each output element to exactly one thread with a fixed summation order.
 */
const THREAD_DEPENDENT = ['conv2dBackwardWeight lenet conv1', 'conv2dBackwardWeight lenet conv2'];

describe('native kernels: determinism', () => {
  const [one, two, twoAgain] = [digests(1), digests(2), digests(2)];

  it('gives bit-identical results across runs with the same thread count', () => {
    expect(Object.keys(two).length).toBeGreaterThanOrEqual(14);
    expect(twoAgain).toEqual(two);
  });

  it('gives bit-identical results for 1 and 2 threads, except the batch-split weight gradient', () => {
    const differing = Object.keys(one).filter((name) => one[name] !== two[name]);
    expect(differing.filter((name) => !THREAD_DEPENDENT.includes(name))).toEqual([]);
  });
});
