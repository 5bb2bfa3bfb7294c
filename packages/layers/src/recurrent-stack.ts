import {
  allocateFor,
  concat,
  type DType,
  type FloatArray,
  type Rng,
  split,
  Tensor,
} from '@scratchnet/tensor';
import { Dropout } from './dropout';
import type { RecurrentCell } from './recurrent-cell';
import {
  backwardDirection,
  type DirectionCache,
  type DirectionParameters,
  forwardDirection,
} from './recurrent-direction';

/** A stack of recurrent layers, each of one or two directions. */
export interface StackSpec {
  cell: RecurrentCell;
  /** [layer][direction]: direction 1 runs in reverse. */
  parameters: DirectionParameters[][];
  hidden: number;
  /** Dropout on the input of every layer but the first, in training. */
  dropout: number;
  label: string;
}

/** A time-major sequence flattened to [T·N, features]. */
export interface Sequence {
  rows: Tensor;
  steps: number;
  batch: number;
}

/** States [layers·directions, N, H], layer-major as PyTorch's h_n; `c` is null for a cell without one. */
export interface StackStates {
  h: Tensor;
  c: Tensor | null;
}

export interface StackCache {
  runs: DirectionCache[][];
  /** The dropout applied to each layer's input (null for the first layer). */
  dropouts: (Dropout | null)[];
  steps: number;
  batch: number;
}

/** All directions' states as one [L·D, N, H] tensor, from the per-direction [N, H] arrays. */
function stackStates(parts: FloatArray[], batch: number, hidden: number): Tensor {
  return concat(parts.map((part) => new Tensor(part, [1, batch, hidden])));
}

/** The [N, H] block of direction `index` in states [L·D, N, H], or zeros when none are given. */
function stateOf(
  states: Tensor | null,
  index: number,
  size: number,
  dtype: DType,
  label: string,
): FloatArray {
  return states ? states.data.subarray(index * size, (index + 1) * size) : allocateFor(label, dtype, [size]);
}

export function forwardStack(
  spec: StackSpec,
  x: Sequence,
  initial: { h: Tensor | null; c: Tensor | null },
  dropout: { training: boolean; rng: Rng },
): { y: Tensor; last: StackStates; cache: StackCache } {
  const { cell, parameters, hidden, label } = spec;
  const { steps, batch } = x;
  const size = batch * hidden;
  const dtype = x.rows.dtype;
  const cache: StackCache = { runs: [], dropouts: [], steps, batch };
  const last: { h: FloatArray[]; c: FloatArray[] } = { h: [], c: [] };
  let input = x.rows;
  parameters.forEach((directions, layer) => {
    const drop = layer > 0 && spec.dropout > 0 ? new Dropout(spec.dropout, { rng: dropout.rng }) : null;
    if (drop) input = drop.forward(input, { training: dropout.training });
    cache.dropouts.push(drop);
    const outputs: Tensor[] = [];
    const runs = directions.map((p, d) => {
      const index = layer * directions.length + d;
      const shape = { steps, batch, hidden, reverse: d === 1, label };
      const h0 = stateOf(initial.h, index, size, dtype, label);
      const c0 = cell.hasCellState ? stateOf(initial.c, index, size, dtype, label) : h0.subarray(0, 0);
      const run = forwardDirection(cell, p, input, shape, h0, c0);
      outputs.push(run.output);
      last.h.push(run.hLast);
      last.c.push(run.cLast);
      return run.cache;
    });
    cache.runs.push(runs);
    input = outputs.length === 1 ? outputs[0] : concat(outputs, 1);
  });
  const states = {
    h: stackStates(last.h, batch, hidden),
    c: cell.hasCellState ? stackStates(last.c, batch, hidden) : null,
  };
  return { y: input, last: states, cache };
}

/**
 * Backpropagation through the stack, from dL/dy [T·N, D·H]: adds every parameter gradient and
 * returns dL/dx [T·N, C] (null when `inputGradient` is false: the first layer's dx is skipped) and the
 * gradients of the initial states.
 */
export function backwardStack(
  spec: StackSpec,
  cache: StackCache,
  dy: Tensor,
  inputGradient: boolean,
): { dx: Tensor | null; initial: StackStates } {
  const { cell, parameters, hidden, label } = spec;
  const { steps, batch } = cache;
  const count = parameters.length * parameters[0].length;
  const dh0: FloatArray[] = new Array(count);
  const dc0: FloatArray[] = new Array(count);
  let dOutput: Tensor | null = dy;
  for (let layer = parameters.length - 1; layer >= 0; layer--) {
    const directions = parameters[layer];
    const parts =
      directions.length === 1 ? [dOutput as Tensor] : split(dOutput as Tensor, [hidden, hidden], 1);
    const wanted = layer > 0 || inputGradient;
    const inputSize = directions[0].weightIh.value.shape[1];
    const rows = steps * batch;
    const dx = wanted
      ? new Tensor(allocateFor(label, dy.dtype, [rows, inputSize], 'dx'), [rows, inputSize])
      : null;
    directions.forEach((p, d) => {
      const target = dx ? { out: dx, accumulate: d > 0 } : null;
      const grads = backwardDirection(cell, p, cache.runs[layer][d], parts[d].data, target);
      dh0[layer * directions.length + d] = grads.dh0;
      dc0[layer * directions.length + d] = grads.dc0;
    });
    const drop = cache.dropouts[layer];
    dOutput = dx && drop ? drop.backward(dx) : dx;
  }
  const initial = {
    h: stackStates(dh0, batch, hidden),
    c: cell.hasCellState ? stackStates(dc0, batch, hidden) : null,
  };
  return { dx: dOutput, initial };
}
