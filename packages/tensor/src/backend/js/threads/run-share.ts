import type { FloatArray } from '../../../dtype';
import { conv2dBackwardInputImages } from '../conv2d-backward-input';
import { conv2dBackwardWeightBlock } from '../conv2d-backward-weight';
import { conv2dForwardImages } from '../conv2d-forward';
import { matmulRows } from '../gemm';
import {
  JOB_BACKWARD_INPUT,
  JOB_BACKWARD_WEIGHT,
  JOB_FORWARD,
  JOB_MATMUL,
  KIND,
  readGeometry,
  readMatmulArgs,
  THREADS,
} from './control-block';
import { alignedShareOf, shareOf, weightBlockOf } from './partition';
import { arenaArray } from './shared-arena';

/**
 * Runs thread t's share of the job described in the control block, on the arrays in the arena.
 * The calling thread runs share 0, worker i share i + 1; the shares write disjoint outputs.
 */
export function runShare(control: Int32Array, memory: WebAssembly.Memory, t: number): void {
  const threads = control[THREADS];
  const arrays = [0, 1, 2, 3].map((slot) => arenaArray(control, memory, slot));
  const need = (slot: number): FloatArray => {
    const array = arrays[slot];
    if (!array) throw new Error(`js threads: job ${control[KIND]} has no array in slot ${slot}`);
    return array;
  };
  switch (control[KIND]) {
    case JOB_FORWARD: {
      const g = readGeometry(control);
      const [first, end] = shareOf(g.batch, threads, t);
      conv2dForwardImages(need(0), need(1), arrays[2], need(3), g, first, end);
      return;
    }
    case JOB_BACKWARD_INPUT: {
      const g = readGeometry(control);
      const [first, end] = shareOf(g.batch, threads, t);
      conv2dBackwardInputImages(need(0), need(1), need(2), g, first, end);
      return;
    }
    case JOB_BACKWARD_WEIGHT: {
      const g = readGeometry(control);
      conv2dBackwardWeightBlock(need(0), need(1), need(2), g, weightBlockOf(g, threads, t));
      return;
    }
    case JOB_MATMUL: {
      const args = readMatmulArgs(control);
      const [first, end] = alignedShareOf(args.m, MATMUL_ROW_ALIGN, threads, t);
      matmulRows(need(0), need(1), need(2), args, first, end);
      return;
    }
    default:
      throw new Error(`js threads: unknown job kind ${control[KIND]}`);
  }
}

/** Matmul shares are whole 4-row tiles of C, as the packed GEMM computes them. */
export const MATMUL_ROW_ALIGN = 4;
