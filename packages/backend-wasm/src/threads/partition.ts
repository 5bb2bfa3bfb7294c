import type { Conv2dGeometry } from '@scratchnet/tensor';
import type { WeightBlock } from '../conv2d-backward-weight';

/**
 * How a job is cut into parts that threads claim one at a time: a few parts per thread, so that
 * a thread getting less CPU runs fewer of them, but not so many that per-part setup (padding the
 * input, packing B) adds up. Which thread runs a part never changes its result.
 */
const PARTS_PER_THREAD = { images: 4, blocks: 2 };

/** Matmul parts are whole 4-row tiles of C, as the packed GEMM computes them. */
export const MATMUL_ROW_ALIGN = 4;

export const imageParts = (batch: number, threads: number) =>
  Math.min(batch, PARTS_PER_THREAD.images * threads);

export const matmulParts = (m: number, threads: number) =>
  Math.min(Math.ceil(m / MATMUL_ROW_ALIGN), PARTS_PER_THREAD.blocks * threads);

export const weightParts = (threads: number) => PARTS_PER_THREAD.blocks * threads;

/** Part p's share [start, end) of `units` units split as evenly as possible into `parts` parts. */
export function shareOf(units: number, parts: number, p: number): [number, number] {
  return [Math.floor((p * units) / parts), Math.floor(((p + 1) * units) / parts)];
}

/** Like shareOf, in whole blocks of `align` units (the last block may be short). */
export function alignedShareOf(units: number, align: number, parts: number, p: number): [number, number] {
  const [start, end] = shareOf(Math.ceil(units / align), parts, p);
  return [Math.min(start * align, units), Math.min(end * align, units)];
}

/**
 * Part p's block of dWeight: whole groups when there are enough of them, else a slice of every
 * group's output channels (in 4-row tiles) when there are enough, else of its taps (in 8-column
 * tiles). Any tiling gives the same bits (see WeightBlock), so this may depend on the thread count.
 */
export function weightBlockOf(g: Conv2dGeometry, parts: number, p: number): WeightBlock {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  const all = (count: number) => [0, count] as const;
  if (g.groups >= parts) return { groups: shareOf(g.groups, parts, p), rows: all(groupOut), cols: all(taps) };
  if (groupOut >= 4 * parts) {
    return { groups: all(g.groups), rows: alignedShareOf(groupOut, 4, parts, p), cols: all(taps) };
  }
  return { groups: all(g.groups), rows: all(groupOut), cols: alignedShareOf(taps, 8, parts, p) };
}

/** How many of the parts of dWeight hold any element (a split is worth it from 2). */
export function nonEmptyWeightBlocks(g: Conv2dGeometry, parts: number): number {
  const blocks = Array.from({ length: parts }, (_, p) => weightBlockOf(g, parts, p));
  return blocks.filter((b) => !isEmptyBlock(b)).length;
}

const isEmpty = ([start, end]: readonly [number, number]) => start >= end;

function isEmptyBlock(block: WeightBlock): boolean {
  return isEmpty(block.groups) || isEmpty(block.rows) || isEmpty(block.cols);
}
