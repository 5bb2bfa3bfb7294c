import type { Conv2dGeometry, FloatArray, MatmulArgs } from '@scratchnet/tensor';
import { conv2dFlops } from '@scratchnet/tensor';
import { conv2dBackwardInput } from '../conv2d-backward-input';
import { conv2dBackwardBias, conv2dBackwardWeight } from '../conv2d-backward-weight';
import { conv2dForward } from '../conv2d-forward';
import { matmul, usesPackedGemm } from '../gemm';
import {
  JOB_BACKWARD_INPUT,
  JOB_BACKWARD_WEIGHT,
  JOB_FORWARD,
  JOB_MATMUL,
  KIND,
  writeGeometry,
  writeMatmulArgs,
} from './control-block';
import { imageParts, matmulParts, nonEmptyWeightBlocks, weightParts } from './partition';
import { arenaArray, layoutArrays, reserveArena } from './shared-arena';
import { activePool, runJob, type ThreadPool } from './thread-pool';
import { threadingPolicy } from './threading-policy';

/** An array of a job: copied into the arena before it runs (`in`) and/or back out after (`out`). */
interface JobArray {
  data: FloatArray | null;
  length: number;
  in: boolean;
  out: boolean;
}

const input = (data: FloatArray | null, length: number): JobArray => ({ data, length, in: true, out: false });
const output = (data: FloatArray, length: number): JobArray => ({ data, length, in: false, out: true });

/**
 * Runs a job on the pool with its arrays copied through the arena; false (nothing done) when it
 * cannot: an array shorter than the job needs or of another dtype than the first (outside the
 * kernel contract; the one-thread kernel does what it always did) or an arena that cannot grow.
 */
function runThroughArena(
  pool: ThreadPool,
  kind: number,
  parts: number,
  writeParams: (control: Int32Array) => void,
  arrays: JobArray[],
): boolean {
  const bytesPerElement = arrays.find((a) => a.data)?.data?.BYTES_PER_ELEMENT ?? 4;
  const unfit = (a: JobArray) =>
    a.data !== null && (a.data.length < a.length || a.data.BYTES_PER_ELEMENT !== bytesPerElement);
  if (arrays.some(unfit)) return false;
  const { control, memory } = pool;
  const bytes = layoutArrays(
    control,
    arrays.map((a) => (a.data ? a.length : -1)),
    bytesPerElement,
  );
  if (!reserveArena(memory, bytes)) return false;
  control[KIND] = kind;
  writeParams(control);
  const views = arrays.map((_, slot) => arenaArray(control, memory, slot));
  arrays.forEach((a, slot) => {
    if (a.in && a.data) views[slot]?.set(a.data.subarray(0, a.length));
  });
  runJob(pool, parts);
  arrays.forEach((a, slot) => {
    const view = views[slot];
    if (a.out && a.data && view) a.data.set(view);
  });
  return true;
}

/** The pool, when one runs and a convolution is large enough to share. */
function poolFor(g: Conv2dGeometry, minFlops: number): ThreadPool | null {
  const pool = activePool();
  return pool && conv2dFlops(g) >= minFlops ? pool : null;
}

const inputSize = (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth;
const outputSize = (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth;
const weightSize = (g: Conv2dGeometry) =>
  g.outChannels * (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;

/** conv2dForward, split over images when a pool runs. */
export function threadedConv2dForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  g: Conv2dGeometry,
): void {
  const pool = poolFor(g, threadingPolicy.minFlops);
  const arrays = [
    input(x, inputSize(g)),
    input(weight, weightSize(g)),
    input(bias, g.outChannels),
    output(y, outputSize(g)),
  ];
  const done =
    pool !== null &&
    g.batch >= 2 &&
    runThroughArena(pool, JOB_FORWARD, imageParts(g.batch, pool.threads), (c) => writeGeometry(c, g), arrays);
  if (!done) conv2dForward(x, weight, bias, y, g);
}

/** conv2dBackwardInput, split over images when a pool runs. */
export function threadedConv2dBackwardInput(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
): void {
  const pool = poolFor(g, threadingPolicy.minBackwardFlops);
  const arrays = [input(dy, outputSize(g)), input(weight, weightSize(g)), output(dx, inputSize(g))];
  const done =
    pool !== null &&
    g.batch >= 2 &&
    runThroughArena(
      pool,
      JOB_BACKWARD_INPUT,
      imageParts(g.batch, pool.threads),
      (c) => writeGeometry(c, g),
      arrays,
    );
  if (!done) conv2dBackwardInput(dy, weight, dx, g);
}

/** conv2dBackwardWeight, split into blocks of dWeight when a pool runs (dBias on the calling thread). */
export function threadedConv2dBackwardWeight(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray | null,
  g: Conv2dGeometry,
): void {
  const pool = poolFor(g, threadingPolicy.minBackwardFlops);
  const parts = pool ? weightParts(pool.threads) : 1;
  const shared = pool !== null && nonEmptyWeightBlocks(g, parts) >= 2;
  const arrays = [input(x, inputSize(g)), input(dy, outputSize(g)), output(dWeight, weightSize(g))];
  if (shared && runThroughArena(pool, JOB_BACKWARD_WEIGHT, parts, (c) => writeGeometry(c, g), arrays)) {
    if (dBias) conv2dBackwardBias(dy, dBias, g);
    return;
  }
  conv2dBackwardWeight(x, dy, dWeight, dBias, g);
}

/** matmul, split over 4-row tiles of C when a pool runs. */
export function threadedMatmul(a: FloatArray, b: FloatArray, c: FloatArray, args: MatmulArgs): void {
  const pool = activePool();
  const { m, n, k } = args;
  const parts = pool ? matmulParts(m, pool.threads) : 1;
  const shared =
    pool !== null && parts >= 2 && usesPackedGemm(m, n, k) && 2 * m * n * k >= threadingPolicy.minFlops;
  const arrays = [
    input(a, m * k),
    input(b, k * n),
    { data: c, length: m * n, in: args.accumulate, out: true },
  ];
  if (
    shared &&
    runThroughArena(pool, JOB_MATMUL, parts, (control) => writeMatmulArgs(control, args), arrays)
  ) {
    return;
  }
  matmul(a, b, c, args);
}
