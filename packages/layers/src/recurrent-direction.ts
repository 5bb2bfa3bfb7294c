import { allocateFor, type FloatArray, matmul, Tensor } from '@scratchnet/tensor';
import { accumulateGrad, type Parameter } from './parameter';
import type { CellStep, RecurrentCell } from './recurrent-cell';
import { addRowBias, sumRows } from './row-bias';

/** The four tensors of one direction of one layer: weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}. */
export interface DirectionParameters {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;
}

/** A sequence of `steps` time steps of `batch` rows each, run forward in time or in reverse. */
export interface DirectionShape {
  steps: number;
  batch: number;
  hidden: number;
  reverse: boolean;
  /** Names the layer in allocation errors. */
  label: string;
}

/**
 * What forward keeps. `hs` holds T + 1 blocks of [N, H]: the initial state and every step's output,
 * placed so that the step at time t reads block t and writes block t + 1 (reverse: reads t + 1,
 * writes t). The states read and the states written are then two contiguous time-ordered views.
 */
export interface DirectionCache {
  shape: DirectionShape;
  /** [T·N, C], time-major. */
  x: Tensor;
  /** [T·N, G·H]: the gate activations (the cell's forward overwrote the input products with them). */
  gates: FloatArray;
  /** [T·N, G·H]: h_prev·W_hhᵀ + b_hh of every step. */
  projected: FloatArray;
  hs: FloatArray;
  cs: FloatArray;
}

/** Block t of `size` elements: the rows of time step t in a time-major array. */
function timeBlock(data: FloatArray, t: number, size: number): FloatArray {
  return data.subarray(t * size, (t + 1) * size);
}

/** Where in hs / cs the step at time t reads its states (`read` + block t) and writes its results. */
function stateBlocks(shape: DirectionShape) {
  const size = shape.batch * shape.hidden;
  const [read, written] = shape.reverse ? [size, 0] : [0, size];
  return { size, read, written };
}

/** The views of the step at time t: what forward fills in, and backward reads. */
function stepAt(cell: RecurrentCell, cache: DirectionCache, t: number): CellStep {
  const { shape, gates, projected, hs, cs } = cache;
  const { size, read, written } = stateBlocks(shape);
  const width = cell.gateCount * shape.hidden;
  const states = (data: FloatArray, offset: number) => timeBlock(data.subarray(offset), t, size);
  return {
    rows: shape.batch,
    hidden: shape.hidden,
    gates: timeBlock(gates, t, shape.batch * width),
    projected: timeBlock(projected, t, shape.batch * width),
    hPrev: states(hs, read),
    h: states(hs, written),
    cPrev: cell.hasCellState ? states(cs, read) : cs,
    c: cell.hasCellState ? states(cs, written) : cs,
  };
}

/** The steps in the order they run. */
function times({ steps, reverse }: DirectionShape): number[] {
  const order = Array.from({ length: steps }, (_, s) => s);
  return reverse ? order.reverse() : order;
}

/** Runs one direction over x [T·N, C] from h0 (and c0) [N, H]; the output rows [T·N, H] are time-ordered. */
export function forwardDirection(
  cell: RecurrentCell,
  p: DirectionParameters,
  x: Tensor,
  shape: DirectionShape,
  h0: FloatArray,
  c0: FloatArray,
): { output: Tensor; hLast: FloatArray; cLast: FloatArray; cache: DirectionCache } {
  const { steps, batch, hidden, label } = shape;
  const width = cell.gateCount * hidden;
  const gates = matmul(x, p.weightIh.value, { transB: true }).data;
  if (p.biasIh) addRowBias(gates, p.biasIh.value.data, steps * batch);
  const dtype = x.dtype;
  const projected = allocateFor(label, dtype, [steps * batch, width], 'the hidden products');
  const { size, written } = stateBlocks(shape);
  const stateShape = [steps + 1, batch, hidden];
  const hs = allocateFor(label, dtype, stateShape, 'the hidden states');
  const cs = cell.hasCellState
    ? allocateFor(label, dtype, stateShape, 'the cell states')
    : allocateFor(label, dtype, [0]);
  const cache: DirectionCache = { shape, x, gates, projected, hs, cs };
  const order = times(shape);
  const first = stepAt(cell, cache, order[0]);
  first.hPrev.set(h0);
  first.cPrev.set(c0);
  for (const t of order) {
    const step = stepAt(cell, cache, t);
    const out = new Tensor(step.projected, [batch, width]);
    matmul(new Tensor(step.hPrev, [batch, hidden]), p.weightHh.value, { transB: true, out });
    if (p.biasHh) addRowBias(out.data, p.biasHh.value.data, batch);
    cell.forward(step);
  }
  const last = stepAt(cell, cache, order[steps - 1]);
  return {
    output: new Tensor(hs.subarray(written, written + steps * size), [steps * batch, hidden]),
    hLast: last.h,
    cLast: last.c,
    cache,
  };
}

/**
 * Backpropagation through time for one direction: adds the parameter gradients, returns dL/dh0
 * (and dL/dc0), and writes dL/dx into `dx` when given (adding to it when `accumulate`, so that the
 * two directions of a layer sum into one tensor).
 */
export function backwardDirection(
  cell: RecurrentCell,
  p: DirectionParameters,
  cache: DirectionCache,
  dOutput: FloatArray,
  dx: { out: Tensor; accumulate: boolean } | null,
): { dh0: FloatArray; dc0: FloatArray } {
  const { shape, x, hs } = cache;
  const { steps, batch, hidden, label } = shape;
  const width = cell.gateCount * hidden;
  const rows = steps * batch;
  const dGatesInput = allocateFor(label, x.dtype, [rows, width], 'the gate gradients');
  const dGatesHidden = cell.sameGateGradients
    ? dGatesInput
    : allocateFor(label, x.dtype, [rows, width], 'the gate gradients');
  const { size, read } = stateBlocks(shape);
  const dh = new Tensor(allocateFor(label, x.dtype, [batch, hidden]), [batch, hidden]);
  const dc = allocateFor(label, x.dtype, [cell.hasCellState ? size : 0]);
  for (const t of times(shape).reverse()) {
    const dGatesHiddenRows = timeBlock(dGatesHidden, t, batch * width);
    cell.backward({
      ...stepAt(cell, cache, t),
      dy: timeBlock(dOutput, t, size),
      dh: dh.data,
      dc,
      dGatesInput: timeBlock(dGatesInput, t, batch * width),
      dGatesHidden: dGatesHiddenRows,
    });
    const dGates = new Tensor(dGatesHiddenRows, [batch, width]);
    matmul(dGates, p.weightHh.value, { out: dh, accumulate: true });
  }
  const dInput = new Tensor(dGatesInput, [rows, width]);
  const dHidden = new Tensor(dGatesHidden, [rows, width]);
  const hPrevs = new Tensor(hs.subarray(read, read + rows * hidden), [rows, hidden]);
  // Each gradient is computed whole, then added once: a second backward adds exactly the same amount.
  accumulateGrad(p.weightIh, matmul(dInput, x, { transA: true }).data);
  accumulateGrad(p.weightHh, matmul(dHidden, hPrevs, { transA: true }).data);
  if (p.biasIh) accumulateGrad(p.biasIh, sumRows(dGatesInput, rows, width));
  if (p.biasHh) accumulateGrad(p.biasHh, sumRows(dGatesHidden, rows, width));
  if (dx) matmul(dInput, p.weightIh.value, dx);
  return { dh0: dh.data, dc0: dc };
}
