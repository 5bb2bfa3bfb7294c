import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The short form of bench/soak.mjs (the full form is `node bench/soak.mjs --steps 20000`): lenet
// on the native backend, 200 steps of batch 2 and 120 create/destroy cycles (models + native GEMM
// calls), memory sampled after a forced GC. Memory is judged, not time.
const script = fileURLToPath(new URL('../../../bench/soak.mjs', import.meta.url));
const args = [
  '--steps',
  '200',
  '--batch',
  '2',
  '--cycles',
  '120',
  '--every',
  '2',
  '--backend',
  'native',
  '--json',
];

/**
 * MB per 1000 steps (or cycles) over the second half. Over ~60-100 samples the heap after GC
 * jitters by ~0.05 MB, i.e. up to ~0.8 MB/1000 of slope from noise alone; 2 MB/1000 (2 KB per step)
 * still catches any leaked activation, gradient or weight of lenet (the smallest, the conv1 bias
 * gradient of 32 floats, is 128 B of data + ~200 B of Tensor). Typed-array stores do not jitter:
 * 0.5 MB/1000 (500 B per step) catches a retained typed array of 125 floats or more. RSS is left
 * to the full form: over a few hundred steps it is dominated by the allocator warming up.
 */
const BOUNDS = { heapUsed: 2, external: 0.5, arrayBuffers: 0.5 };

interface Series {
  first: number;
  last: number;
  growthPer1000: number;
}

describe('soak (short form)', () => {
  const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  const result = line
    ? (JSON.parse(line) as {
        backend: string;
        training: Record<string, Series>;
        cycles: Record<string, Series>;
      })
    : undefined;

  it('runs to the end on the native backend', () => {
    expect(child.signal, child.stderr).toBeNull();
    expect(result, child.stderr).toBeDefined();
    expect(result?.backend).toBe('native');
  });

  it.each(['training', 'cycles'] as const)('%s: the heap and the typed-array stores level off', (part) => {
    for (const [series, bound] of Object.entries(BOUNDS)) {
      const s = result?.[part][series];
      expect(s?.growthPer1000, `${part} ${series}: ${JSON.stringify(s)}`).toBeLessThan(bound);
    }
  });
});
