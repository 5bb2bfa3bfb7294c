import type { FloatArray } from '@scratchnet/tensor';
import { conv2dBackwardInputImages } from '../conv2d-backward-input';
import { conv2dBackwardWeightBlock } from '../conv2d-backward-weight';
import { conv2dForwardImages } from '../conv2d-forward';
import { matmulRows } from '../gemm';
import { simdKernels } from '../wasm/wasm-kernels';
import {
  JOB_BACKWARD_INPUT,
  JOB_BACKWARD_WEIGHT,
  JOB_FORWARD,
  JOB_MATMUL,
  KIND,
  NEXT_PART,
  PARTS,
  readConvPlan,
  readGeometry,
  readMatmulArgs,
  readSimdFlag,
} from './control-block';
import { alignedShareOf, MATMUL_ROW_ALIGN, shareOf, weightBlockOf } from './partition';
import { arenaArray } from './shared-arena';

/**
 * Claims and runs parts of the job described in the control block, on the arrays in the arena,
 * until none is left. Parts write disjoint outputs, each computed as the one-thread kernel
 * computes it, so who runs which part never changes a bit.
 */
export function runParts(control: Int32Array, memory: WebAssembly.Memory): void {
  const parts = control[PARTS];
  const arrays = [0, 1, 2, 3].map((slot) => arenaArray(control, memory, slot));
  const need = (slot: number): FloatArray => {
    const array = arrays[slot];
    if (!array) throw new Error(`wasm threads: job ${control[KIND]} has no array in slot ${slot}`);
    return array;
  };
  const run = partRunner(control[KIND], control, need, arrays);
  for (
    let part = Atomics.add(control, NEXT_PART, 1);
    part < parts;
    part = Atomics.add(control, NEXT_PART, 1)
  ) {
    run(part, parts);
  }
}

type PartRunner = (part: number, parts: number) => void;

function partRunner(
  kind: number,
  control: Int32Array,
  need: (slot: number) => FloatArray,
  arrays: (FloatArray | null)[],
): PartRunner {
  switch (kind) {
    case JOB_FORWARD: {
      const g = readGeometry(control);
      const plan = readConvPlan(control, 'forward');
      return (part, parts) =>
        conv2dForwardImages(need(0), need(1), arrays[2], need(3), g, ...shareOf(g.batch, parts, part), plan);
    }
    case JOB_BACKWARD_INPUT: {
      const g = readGeometry(control);
      const plan = readConvPlan(control, 'backward-input');
      return (part, parts) =>
        conv2dBackwardInputImages(need(0), need(1), need(2), g, ...shareOf(g.batch, parts, part), plan);
    }
    case JOB_BACKWARD_WEIGHT: {
      const g = readGeometry(control);
      const plan = readConvPlan(control, 'backward-weight');
      return (part, parts) =>
        conv2dBackwardWeightBlock(need(0), need(1), need(2), g, weightBlockOf(g, parts, part), plan);
    }
    case JOB_MATMUL: {
      const args = readMatmulArgs(control);
      const simd = readSimdFlag(control) ? simdKernels() : null;
      return (part, parts) =>
        // biome-ignore format: the share on one line
        matmulRows(need(0), need(1), need(2), args, ...alignedShareOf(args.m, MATMUL_ROW_ALIGN, parts, part), simd);
    }
    default:
      throw new Error(`wasm threads: unknown job kind ${kind}`);
  }
}
