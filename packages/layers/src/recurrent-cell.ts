import type { FloatArray } from '@scratchnet/tensor';

/**
 * One time step of a recurrent cell over a batch, as views of [rows, ·] blocks of the sequence's
 * arrays. The products with the weights are made outside (one GEMM for x·W_ihᵀ over the whole
 * sequence, one per step for h·W_hhᵀ); a cell does the element-wise rest of a step.
 */
export interface CellStep {
  rows: number;
  hidden: number;
  /** [rows, G·H]: x·W_ihᵀ + b_ih on entry; forward overwrites it with what backward reads (the gate activations). */
  gates: FloatArray;
  /** [rows, G·H]: h_prev·W_hhᵀ + b_hh. */
  projected: FloatArray;
  hPrev: FloatArray;
  h: FloatArray;
  /** The cell state of an LSTM (empty arrays for a cell without one). */
  cPrev: FloatArray;
  c: FloatArray;
}

export interface CellBackwardStep extends CellStep {
  /** dL/dh from this step's output. */
  dy: FloatArray;
  /** In: dL/dh reaching this step from the next one. Out: the part of dL/dh_prev that skips W_hh. */
  dh: FloatArray;
  /** In: dL/dc from the next step; out: dL/dc_prev. */
  dc: FloatArray;
  /** Out, [rows, G·H]: dL/d(x·W_ihᵀ + b_ih) and dL/d(h_prev·W_hhᵀ + b_hh). */
  dGatesInput: FloatArray;
  dGatesHidden: FloatArray;
}

export interface RecurrentCell {
  /** G: 4 for an LSTM (i, f, g, o), 3 for a GRU (r, z, n). */
  readonly gateCount: number;
  readonly hasCellState: boolean;
  /** Both products get the same gradient (LSTM), so one array can serve as dGatesInput and dGatesHidden. */
  readonly sameGateGradients: boolean;
  forward(step: CellStep): void;
  backward(step: CellBackwardStep): void;
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
