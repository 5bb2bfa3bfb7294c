import type { Conv2dGeometry, FloatArray, MatmulArgs } from '@scratchnet/tensor';
import { conv2dInputSize, conv2dOutputSize, conv2dWeightSize } from '@scratchnet/tensor';
import { conv2dBackwardInputImages } from '../conv2d-backward-input';
import { conv2dBackwardBias, conv2dBackwardWeightAll } from '../conv2d-backward-weight';
import { conv2dForwardImages } from '../conv2d-forward';
import { matmul } from '../gemm';
import type { ConvPlan, MatmulPlan } from '../planner';
import type { WasmSettings } from '../settings';
import { kernelsFor } from '../wasm/wasm-kernels';
import {
  JOB_BACKWARD_INPUT,
  JOB_BACKWARD_WEIGHT,
  JOB_FORWARD,
  JOB_MATMUL,
  KIND,
  writeGeometry,
  writeMatmulArgs,
  writePlan,
} from './control-block';
import { imageParts, matmulParts, weightParts } from './partition';
import { arenaArray, layoutArrays, reserveArena } from './shared-arena';
import { activePool, runJob } from './thread-pool';

/*
 * The threading wrapper of the wasm backend's kernel table: a plan with threads > 1 runs as a job
 * of the pool, its arrays copied through the shared arena and its parts claimed by every thread;
 * any other plan runs its kernel on the calling thread. Parts compute exactly what the one-thread
 * kernel computes, so the thread count never changes a bit.
 */

/** An array of a job: copied into the arena before it runs (`in`) and/or back out after (`out`). */
interface JobArray {
  data: FloatArray | null;
  length: number;
  in: boolean;
  out: boolean;
}

interface Job {
  kind: number;
  parts: (threads: number) => number;
  writeParams: (control: Int32Array) => void;
  arrays: JobArray[];
}

const input = (data: FloatArray | null, length: number): JobArray => ({ data, length, in: true, out: false });
const output = (data: FloatArray, length: number): JobArray => ({ data, length, in: false, out: true });

/**
 * Runs a job on the pool with its arrays copied through the arena; false (nothing done) when it
 * cannot: no pool runs (it was stopped since the plan was made), an array is shorter than the job
 * needs or of another dtype than the first (outside the kernel contract; the one-thread kernel
 * does what it always did), or the arena cannot grow.
 */
function runOnPool(job: Job, settings: WasmSettings): boolean {
  const pool = activePool();
  if (!pool) return false;
  const bytesPerElement = job.arrays.find((a) => a.data)?.data?.BYTES_PER_ELEMENT ?? 4;
  const unfit = (a: JobArray) =>
    a.data !== null && (a.data.length < a.length || a.data.BYTES_PER_ELEMENT !== bytesPerElement);
  if (job.arrays.some(unfit)) return false;
  const { control, memory } = pool;
  const bytes = layoutArrays(
    control,
    job.arrays.map((a) => (a.data ? a.length : -1)),
    bytesPerElement,
  );
  if (!reserveArena(memory, bytes)) return false;
  control[KIND] = job.kind;
  job.writeParams(control);
  const views = job.arrays.map((_, slot) => arenaArray(control, memory, slot));
  job.arrays.forEach((a, slot) => {
    if (a.in && a.data) views[slot]?.set(a.data.subarray(0, a.length));
  });
  runJob(pool, job.parts(pool.threads), settings.callerRunsParts);
  job.arrays.forEach((a, slot) => {
    const view = views[slot];
    if (a.out && a.data && view) a.data.set(view);
  });
  return true;
}

function convParams(g: Conv2dGeometry, plan: ConvPlan) {
  return (control: Int32Array) => {
    writeGeometry(control, g);
    writePlan(control, plan);
  };
}

/** conv2d forward as planned: split over images when the plan has threads. */
// biome-ignore format: the operands on one line
export function runConv2dForward(x: FloatArray, weight: FloatArray, bias: FloatArray | null, y: FloatArray, g: Conv2dGeometry, plan: ConvPlan, settings: WasmSettings): void {
  const job: Job = {
    kind: JOB_FORWARD,
    parts: (threads) => imageParts(g.batch, threads),
    writeParams: convParams(g, plan),
    arrays: [input(x, conv2dInputSize(g)), input(weight, conv2dWeightSize(g)), input(bias, g.outChannels), output(y, conv2dOutputSize(g))],
  };
  if (plan.threads > 1 && runOnPool(job, settings)) return;
  conv2dForwardImages(x, weight, bias, y, g, 0, g.batch, plan);
}

/** conv2d backward-input as planned: split over images when the plan has threads. */
// biome-ignore format: the operands on one line
export function runConv2dBackwardInput(dy: FloatArray, weight: FloatArray, dx: FloatArray, g: Conv2dGeometry, plan: ConvPlan, settings: WasmSettings): void {
  const job: Job = {
    kind: JOB_BACKWARD_INPUT,
    parts: (threads) => imageParts(g.batch, threads),
    writeParams: convParams(g, plan),
    arrays: [input(dy, conv2dOutputSize(g)), input(weight, conv2dWeightSize(g)), output(dx, conv2dInputSize(g))],
  };
  if (plan.threads > 1 && runOnPool(job, settings)) return;
  conv2dBackwardInputImages(dy, weight, dx, g, 0, g.batch, plan);
}

/** conv2d backward-weight as planned: dWeight split into blocks when the plan has threads, dBias on the caller. */
// biome-ignore format: the operands on one line
export function runConv2dBackwardWeight(x: FloatArray, dy: FloatArray, dWeight: FloatArray, dBias: FloatArray | null, g: Conv2dGeometry, plan: ConvPlan, settings: WasmSettings): void {
  const job: Job = {
    kind: JOB_BACKWARD_WEIGHT,
    parts: weightParts,
    writeParams: convParams(g, plan),
    arrays: [input(x, conv2dInputSize(g)), input(dy, conv2dOutputSize(g)), output(dWeight, conv2dWeightSize(g))],
  };
  if (!(plan.threads > 1 && runOnPool(job, settings))) conv2dBackwardWeightAll(x, dy, dWeight, g, plan);
  if (dBias) conv2dBackwardBias(dy, dBias, g);
}

/** matmul as planned: split over 4-row tiles of C when the plan has threads. */
// biome-ignore format: the operands on one line
export function runMatmul(a: FloatArray, b: FloatArray, c: FloatArray, args: MatmulArgs, plan: MatmulPlan, settings: WasmSettings): void {
  const { m, n, k } = args;
  const job: Job = {
    kind: JOB_MATMUL,
    parts: (threads) => matmulParts(m, threads),
    writeParams: (control) => {
      writeMatmulArgs(control, args);
      writePlan(control, plan);
    },
    arrays: [input(a, m * k), input(b, k * n), { data: c, length: m * n, in: args.accumulate, out: true }],
  };
  if (plan.threads > 1 && runOnPool(job, settings)) return;
  matmul(a, b, c, args, kernelsFor(plan));
}
