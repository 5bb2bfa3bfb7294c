import type { Conv2dGeometry } from '../../types';
import type { WeightBlock } from '../conv2d-backward-weight';

/** Thread t's share [start, end) of `units` units split as evenly as possible among `threads`. */
export function shareOf(units: number, threads: number, t: number): [number, number] {
  return [Math.floor((t * units) / threads), Math.floor(((t + 1) * units) / threads)];
}

/** Like shareOf, in whole blocks of `align` units (the last block may be short). */
export function alignedShareOf(units: number, align: number, threads: number, t: number): [number, number] {
  const [start, end] = shareOf(Math.ceil(units / align), threads, t);
  return [Math.min(start * align, units), Math.min(end * align, units)];
}

/**
 * Thread t's block of dWeight: whole groups when there are enough of them, else a slice of every
 * group's output channels (in 4-row tiles) when there are enough, else of its taps (in 8-column
 * tiles). Any tiling gives the same bits (see WeightBlock), so this may depend on the thread count.
 */
export function weightBlockOf(g: Conv2dGeometry, threads: number, t: number): WeightBlock {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  const all = (count: number) => [0, count] as const;
  if (g.groups >= threads)
    return { groups: shareOf(g.groups, threads, t), rows: all(groupOut), cols: all(taps) };
  if (groupOut >= 4 * threads) {
    return { groups: all(g.groups), rows: alignedShareOf(groupOut, 4, threads, t), cols: all(taps) };
  }
  return { groups: all(g.groups), rows: all(groupOut), cols: alignedShareOf(taps, 8, threads, t) };
}

export const isEmpty = ([start, end]: readonly [number, number]) => start >= end;

export function isEmptyBlock(block: WeightBlock): boolean {
  return isEmpty(block.groups) || isEmpty(block.rows) || isEmpty(block.cols);
}
