import {
  CONV2D_GEOMETRY_FIELDS,
  type Conv2dGeometry,
  conv2dGeometryNumbers,
  type MatmulArgs,
} from '@scratchnet/tensor';
import { CONV_ALGORITHMS, type ConvAlgorithm, type ConvPass, type ConvPlan } from '../planner';

/**
 * The shared Int32Array through which the calling thread hands a job to the workers: a
 * generation counter the workers wait on, a count of workers still busy the caller waits on,
 * the job (kind, dtype, parts, arrays in the shared arena, geometry), and room for the
 * message of an error a worker caught.
 */
export const GENERATION = 0;
export const PENDING = 1;
export const STOP = 2;
export const ERROR_LENGTH = 3;
export const KIND = 4;
export const DTYPE = 5;
/** The job is cut into PARTS parts; each thread claims the next one by incrementing NEXT_PART. */
export const PARTS = 6;
export const NEXT_PART = 7;
/** Four arrays, each as (byte offset, length); a length of -1 is a null array. */
export const ARRAYS = 8;
export const ARRAY_SLOTS = 4;
export const PARAMS = ARRAYS + 2 * ARRAY_SLOTS;
/** The plan every thread follows: its algorithm's index in CONV_ALGORITHMS (convolutions) and the SIMD flag. */
const PLAN_ALGORITHM = 60;
const PLAN_SIMD = 61;
/** Set by the supervisor when a worker died: the pool can run no more jobs (see markBroken). */
export const BROKEN = 62;
const CONTROL_INTS = 64;
const ERROR_BYTES = 1024;

export const JOB_FORWARD = 1;
export const JOB_BACKWARD_INPUT = 2;
export const JOB_BACKWARD_WEIGHT = 3;
export const JOB_MATMUL = 4;

export function createControlBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_INTS * 4 + ERROR_BYTES);
}

/** The geometry's numbers in tensor's field order (the one the native addon reads too). */
export function writeGeometry(control: Int32Array, g: Conv2dGeometry): void {
  control.set(conv2dGeometryNumbers(g), PARAMS);
}

export function readGeometry(control: Int32Array): Conv2dGeometry {
  const g = {} as Record<(typeof CONV2D_GEOMETRY_FIELDS)[number], number>;
  CONV2D_GEOMETRY_FIELDS.forEach((field, i) => {
    g[field] = control[PARAMS + i];
  });
  return g;
}

/** A plan into the control block; an algorithm that is not a convolution's (a matmul's) is stored as -1. */
export function writePlan(control: Int32Array, plan: { algorithm: string; simd: boolean }): void {
  control[PLAN_ALGORITHM] = CONV_ALGORITHMS.indexOf(plan.algorithm as ConvAlgorithm);
  control[PLAN_SIMD] = plan.simd ? 1 : 0;
}

/** The plan of the job in the control block, as each of its parts runs it (on one thread). */
export function readConvPlan(control: Int32Array, pass: ConvPass): ConvPlan {
  const algorithm = CONV_ALGORITHMS[control[PLAN_ALGORITHM]];
  if (!algorithm) throw new Error(`wasm threads: job ${control[KIND]} carries no convolution algorithm`);
  return { pass, algorithm, simd: control[PLAN_SIMD] === 1, threads: 1 };
}

export const readSimdFlag = (control: Int32Array): boolean => control[PLAN_SIMD] === 1;

export function writeMatmulArgs(control: Int32Array, args: MatmulArgs): void {
  control[PARAMS] = args.m;
  control[PARAMS + 1] = args.n;
  control[PARAMS + 2] = args.k;
  control[PARAMS + 3] = (args.transA ? 1 : 0) | (args.transB ? 2 : 0) | (args.accumulate ? 4 : 0);
}

export function readMatmulArgs(control: Int32Array): MatmulArgs {
  const flags = control[PARAMS + 3];
  return {
    m: control[PARAMS],
    n: control[PARAMS + 1],
    k: control[PARAMS + 2],
    transA: (flags & 1) !== 0,
    transB: (flags & 2) !== 0,
    accumulate: (flags & 4) !== 0,
  };
}

/** Keeps the first error message; later ones (another worker failing the same job) are dropped. */
export function recordError(control: Int32Array, message: string): void {
  const bytes = new Uint8Array(control.buffer, CONTROL_INTS * 4, ERROR_BYTES);
  const encoded = new TextEncoder().encode(message).slice(0, ERROR_BYTES);
  if (Atomics.compareExchange(control, ERROR_LENGTH, 0, -1) !== 0) return;
  bytes.set(encoded);
  Atomics.store(control, ERROR_LENGTH, encoded.length);
}

/**
 * A worker died: records why, marks the pool broken and releases a caller waiting for the job
 * (PENDING to 0, so a wait that has not started yet returns at once too). The job's parts that
 * worker held are lost, so the caller must fail the call.
 */
export function markBroken(control: Int32Array, message: string): void {
  recordError(control, message);
  Atomics.store(control, BROKEN, 1);
  Atomics.store(control, PENDING, 0);
  Atomics.notify(control, PENDING);
}

/** The recorded error message (and clears it), or undefined. */
export function takeError(control: Int32Array): string | undefined {
  const length = Atomics.load(control, ERROR_LENGTH);
  if (length === 0) return undefined;
  const bytes = new Uint8Array(control.buffer, CONTROL_INTS * 4, Math.max(length, 0));
  // Copied out first: TextDecoder refuses views of shared memory.
  const message = new TextDecoder().decode(bytes.slice());
  Atomics.store(control, ERROR_LENGTH, 0);
  return message;
}
