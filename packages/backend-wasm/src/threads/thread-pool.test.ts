import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conv2dGeometry, MatmulArgs } from '@scratchnet/tensor';
import {
  allocate,
  conv2dInputSize,
  conv2dOutputSize,
  conv2dWeightSize,
  createRng,
  type DType,
  type FloatArray,
  resolveConv2dGeometry,
} from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dBackwardInput,
  referenceConv2dBackwardWeight,
  referenceConv2dForward,
  referenceMatmul,
} from '@scratchnet/tensor/testing';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, wasmBackend } from '../backend';
import { KIND } from './control-block';
import { nonEmptyWeightBlocks, weightParts } from './partition';
import { activePool, getThreads, runJob, setThreads } from './thread-pool';

// Workers cannot run TypeScript: build the worker entry from source, as the package build does.
let workerDir = '';
let workerScript = '';
let dyingScript = '';
const threads = (n: number) => setThreads(n, { workerScript });
// Every call, however small, goes through the workers; on 3 threads the caller only waits, so the
// two workers surely run every part.
const eager = createWasmBackend({ minFlops: 0, minBackwardFlops: 0 });
const waiting = createWasmBackend({ minFlops: 0, minBackwardFlops: 0, callerRunsParts: false });
const backend = () => (getThreads() === 3 ? waiting : eager);

beforeAll(async () => {
  workerDir = mkdtempSync(join(tmpdir(), 'scratchnet-wasm-threads-'));
  await build({
    entry: {
      'wasm-threads-worker': join(__dirname, 'node-worker-entry.ts'),
      'dying-worker': join(__dirname, 'test-support', 'dying-worker-entry.ts'),
    },
    format: ['esm'],
    outDir: workerDir,
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'es2022',
    config: false,
    dts: false,
    sourcemap: false,
    silent: true,
  });
  workerScript = join(workerDir, 'wasm-threads-worker.mjs');
  dyingScript = join(workerDir, 'dying-worker.mjs');
});

afterAll(async () => {
  await setThreads(1);
  rmSync(workerDir, { recursive: true, force: true });
});

/** Index of the first element whose bits differ (NaN payloads aside), or -1. */
function firstDifference(a: FloatArray, b: FloatArray): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Random cases of every kind with 2..5 images, plus dWeight shapes split by rows and by columns. */
function convCases(): Conv2dGeometry[] {
  const random = randomConv2dCases(77, 27).map((c, i) => ({ ...c.geometry, batch: 2 + (i % 4) }));
  const manyOutputs = resolveConv2dGeometry([3, 5, 9, 9], [16, 5, 3, 3], { padding: 1 });
  const manyTaps = resolveConv2dGeometry([2, 8, 10, 10], [2, 8, 3, 3], {});
  // Strided along the width (no SIMD weight-gradient kernel): dWeight split by rows on 2 threads.
  const rowSplitStrided = resolveConv2dGeometry([2, 3, 9, 11], [16, 3, 3, 3], { stride: [1, 2] });
  return [...random, manyOutputs, manyTaps, rowSplitStrided];
}

interface ConvPass {
  name: string;
  /** Output lengths, run with the wasm backend, and run with the reference kernels (in float64). */
  outputs(g: Conv2dGeometry): number[];
  run(inputs: FloatArray[], outputs: FloatArray[], g: Conv2dGeometry): void;
  reference(inputs: Float64Array[], outputs: Float64Array[], g: Conv2dGeometry): void;
  inputs(g: Conv2dGeometry): number[];
}

const PASSES: ConvPass[] = [
  {
    name: 'conv2dForward',
    inputs: (g) => [conv2dInputSize(g), conv2dWeightSize(g), g.outChannels],
    outputs: (g) => [conv2dOutputSize(g)],
    run: ([x, w, b], [y], g) => backend().conv2dForward(x, w, b, y, g),
    reference: ([x, w, b], [y], g) => referenceConv2dForward(x, w, b, y, g),
  },
  {
    name: 'conv2dBackwardInput',
    inputs: (g) => [conv2dOutputSize(g), conv2dWeightSize(g)],
    outputs: (g) => [conv2dInputSize(g)],
    run: ([dy, w], [dx], g) => backend().conv2dBackwardInput(dy, w, dx, g),
    reference: ([dy, w], [dx], g) => referenceConv2dBackwardInput(dy, w, dx, g),
  },
  {
    name: 'conv2dBackwardWeight',
    inputs: (g) => [conv2dInputSize(g), conv2dOutputSize(g)],
    outputs: (g) => [conv2dWeightSize(g), g.outChannels],
    run: ([x, dy], [dw, db], g) => backend().conv2dBackwardWeight(x, dy, dw, db, g),
    reference: ([x, dy], [dw, db], g) => referenceConv2dBackwardWeight(x, dy, dw, db, g),
  },
];

/** Whether the threaded kernel shares this call among `n` threads (else it runs on the caller). */
function shared(pass: ConvPass, g: Conv2dGeometry, n: number): boolean {
  if (pass.name !== 'conv2dBackwardWeight') return g.batch >= 2;
  return nonEmptyWeightBlocks(g, weightParts(n)) >= 2;
}

describe('wasm backend threads', () => {
  it('rejects a thread count that is not an integer from 1 to 64', async () => {
    for (const bad of [0, -1, 65, 2.5, Number.NaN, '2' as unknown as number]) {
      await expect(setThreads(bad), String(bad)).rejects.toThrow(
        /setThreads: n must be an integer from 1 to 64/,
      );
    }
    expect(getThreads()).toBe(1);
  });

  it('reports a worker that cannot start and stays on one thread', async () => {
    const missing = join(workerDir, 'no-such-worker.mjs');
    await expect(setThreads(2, { workerScript: missing })).rejects.toThrow(
      /setThreads: the supervisor \(.*no-such-worker\.mjs\) failed to start/,
    );
    expect(getThreads()).toBe(1);
  });

  it('starts, resizes and stops the pool, and describe() reports the thread count', async () => {
    await threads(3);
    expect(getThreads()).toBe(3);
    expect(wasmBackend.describe?.().threads).toBe(3);
    await threads(2);
    expect(getThreads()).toBe(2);
    await setThreads(1);
    expect(getThreads()).toBe(1);
    expect(wasmBackend.describe?.().threads).toBe(1);
    expect(activePool()).toBeNull();
  });

  for (const pass of PASSES) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${pass.name} ${dtype}: bit-identical on 1, 2 and 3 threads, and matches the reference`, async () => {
        const rng = createRng(pass.name.length * 31 + dtype.length);
        const cases = convCases().map((g) => ({
          g,
          inputs: pass.inputs(g).map((n) => randomFloats(rng, dtype, n)),
        }));
        const results: FloatArray[][][] = [];
        for (const n of [1, 2, 3]) {
          await threads(n);
          const before = activePool()?.jobs ?? 0;
          results.push(
            cases.map(({ g, inputs }) => {
              // Stale contents must be overwritten.
              const outputs = pass.outputs(g).map((len) => randomFloats(rng, dtype, len));
              pass.run(inputs, outputs, g);
              return outputs;
            }),
          );
          const expectedJobs = n === 1 ? 0 : cases.filter(({ g }) => shared(pass, g, n)).length;
          expect((activePool()?.jobs ?? 0) - before, `jobs on ${n} threads`).toBe(expectedJobs);
          if (n > 1) expect(expectedJobs).toBeGreaterThanOrEqual(cases.length / 3);
        }
        await setThreads(1);
        cases.forEach(({ g, inputs }, i) => {
          const label = JSON.stringify(g);
          for (const n of [2, 3]) {
            results[n - 1][i].forEach((out, j) => {
              expect(firstDifference(out, results[0][i][j]), `${n} threads, output ${j}, ${label}`).toBe(-1);
            });
          }
          const expected = pass.outputs(g).map((len) => new Float64Array(len));
          pass.reference(
            inputs.map((a) => Float64Array.from(a)),
            expected,
            g,
          );
          results[0][i].forEach((out, j) => {
            expect(maxRelativeError(out, expected[j]), label).toBeLessThan(CONV_TOLERANCE[dtype]);
          });
        });
      });
    }
  }

  it('matmul: bit-identical on 1, 2 and 3 threads, with transposes and accumulation', async () => {
    const rng = createRng(5);
    const shapes: [number, number, number][] = [
      [37, 29, 19],
      [130, 65, 7],
      [9, 300, 270],
    ];
    const cases: { args: MatmulArgs; a: FloatArray; b: FloatArray; c: FloatArray; dtype: DType }[] = [];
    for (const [m, n, k] of shapes) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const flags of [0, 1, 2, 3, 4, 7]) {
          const args = {
            m,
            n,
            k,
            transA: (flags & 1) !== 0,
            transB: (flags & 2) !== 0,
            accumulate: (flags & 4) !== 0,
          };
          const [a, b, c] = [m * k, k * n, m * n].map((len) => randomFloats(rng, dtype, len));
          cases.push({ args, a, b, c, dtype });
        }
      }
    }
    const results: FloatArray[][] = [];
    for (const n of [1, 2, 3]) {
      await threads(n);
      const before = activePool()?.jobs ?? 0;
      results.push(
        cases.map(({ args, a, b, c }) => {
          const out = c.slice();
          backend().matmul(a, b, out, args);
          return out;
        }),
      );
      expect((activePool()?.jobs ?? 0) - before).toBe(n === 1 ? 0 : cases.length);
    }
    await setThreads(1);
    cases.forEach(({ args, a, b, c, dtype }, i) => {
      const label = JSON.stringify({ ...args, dtype });
      expect(firstDifference(results[1][i], results[0][i]), label).toBe(-1);
      expect(firstDifference(results[2][i], results[0][i]), label).toBe(-1);
      const expected = Float64Array.from(c);
      referenceMatmul(Float64Array.from(a), Float64Array.from(b), expected, args);
      // As in gemm.test.ts: float32 C is rounded once per 256-deep panel; float64 only reorders sums.
      expect(maxRelativeError(results[0][i], expected), label).toBeLessThan(
        dtype === 'float32' ? 1e-6 : 1e-12,
      );
    });
  });

  it('a call outside the kernel contract (mixed dtypes) stays on the calling thread, as before', async () => {
    const g = resolveConv2dGeometry([3, 2, 7, 7], [4, 2, 3, 3], {});
    const rng = createRng(9);
    const x = randomFloats(rng, 'float64', conv2dInputSize(g));
    const w = randomFloats(rng, 'float32', conv2dWeightSize(g));
    const alone = allocate('float64', conv2dOutputSize(g));
    backend().conv2dForward(x, w, null, alone, g);
    await threads(2);
    const pool = activePool();
    const before = pool?.jobs;
    const y = allocate('float64', conv2dOutputSize(g));
    backend().conv2dForward(x, w, null, y, g);
    expect(pool?.jobs).toBe(before);
    expect(firstDifference(y, alone)).toBe(-1);
    await setThreads(1);
  });

  it('a job that fails throws on the calling thread, and the pool keeps working', async () => {
    await threads(2);
    const pool = activePool();
    if (!pool) throw new Error('no pool');
    pool.control[KIND] = 99;
    expect(() => runJob(pool, 2)).toThrow(/wasm threads: unknown job kind 99/);
    const g = resolveConv2dGeometry([2, 1, 6, 6], [4, 1, 3, 3], {});
    const y = allocate('float64', conv2dOutputSize(g));
    const before = pool.jobs;
    backend().conv2dForward(
      new Float64Array(conv2dInputSize(g)).fill(1),
      new Float64Array(conv2dWeightSize(g)).fill(1),
      null,
      y,
      g,
    );
    expect(pool.jobs).toBe(before + 1);
    expect([...new Set(y)]).toEqual([9]);
    await setThreads(1);
  });

  it('a worker that dies mid-job fails the call instead of hanging, and the pool restarts itself', () => {
    // In a child process, run on the built package: a regression would block it in Atomics.wait.
    const child = spawnSync(
      process.execPath,
      [join(__dirname, 'test-support', 'dying-worker-child.mjs'), dyingScript],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(child.signal, `the child hung (killed by ${child.signal}); stderr: ${child.stderr}`).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
    expect(report.message).toMatch(
      /^wasm threads: worker 1 \(.*dying-worker\.mjs\) died \(exit code 7\) while the pool was running\. The job's results are lost; the pool is restarting its 2 workers in the background/,
    );
    // Until the new pool runs, calls run on the calling thread; then on three threads again; both right.
    expect(report).toMatchObject({
      threadsMeanwhile: 1,
      threadsRestarted: 3,
      meanwhile: true,
      restarted: true,
    });
  }, 90_000);
});
