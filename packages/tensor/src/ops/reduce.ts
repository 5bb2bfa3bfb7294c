import { allocate, type FloatArray } from '../dtype';
import { normalizeAxis } from '../shape';
import { Tensor } from '../tensor';

/** A reduction seen as [outer, axisLength, inner] blocks of the row-major data. */
export interface AxisView {
  outer: number;
  length: number;
  inner: number;
  /** Output shape with the axis dropped (or kept as 1). */
  shape: number[];
}

export function axisView(op: string, a: Tensor, axis: number, keepDims: boolean): AxisView {
  if (!(a instanceof Tensor)) throw new Error(`${op}: input must be a Tensor, got ${String(a)}`);
  const ax = normalizeAxis(op, axis, a.rank);
  const outer = a.shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const inner = a.shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const shape = keepDims ? a.shape.map((d, i) => (i === ax ? 1 : d)) : a.shape.filter((_, i) => i !== ax);
  return { outer, length: a.shape[ax], inner, shape };
}

type Fold = (data: FloatArray, start: number, step: number, length: number) => number;

function reduction(op: string, fold: Fold, emptyError: boolean) {
  return (a: Tensor, axis?: number, keepDims = false): Tensor => {
    if (axis === undefined) {
      if (!(a instanceof Tensor)) throw new Error(`${op}: input must be a Tensor, got ${String(a)}`);
      if (emptyError && a.size === 0) throw new Error(`${op}: cannot reduce an empty tensor`);
      const out = allocate(a.dtype, 1);
      out[0] = fold(a.data, 0, 1, a.size);
      return new Tensor(out, keepDims ? a.shape.map(() => 1) : []);
    }
    const v = axisView(op, a, axis, keepDims);
    if (emptyError && v.length === 0) throw new Error(`${op}: cannot reduce along an axis of length 0`);
    const out = allocate(a.dtype, v.outer * v.inner);
    for (let o = 0; o < v.outer; o++) {
      for (let i = 0; i < v.inner; i++)
        out[o * v.inner + i] = fold(a.data, o * v.length * v.inner + i, v.inner, v.length);
    }
    return new Tensor(out, v.shape);
  };
}

const foldSum: Fold = (data, start, step, length) => {
  let s = 0;
  for (let j = 0, p = start; j < length; j++, p += step) s += data[p];
  return s;
};

const foldMax: Fold = (data, start, step, length) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0, p = start; j < length; j++, p += step) {
    const v = data[p];
    if (v !== v) return Number.NaN;
    if (v > m) m = v;
  }
  return m;
};

export const sum = reduction('sum', foldSum, false);
export const mean = reduction('mean', (d, s, st, n) => foldSum(d, s, st, n) / n, true);
/** Maximum value; NaN if any element along the axis is NaN (as torch.max). */
export const max = reduction('max', foldMax, true);

/** Index of the first maximum along `axis` (NaN counts as the maximum, as in PyTorch). */
export function argmax(a: Tensor, axis = -1): Int32Array {
  const v = axisView('argmax', a, axis, false);
  if (v.length === 0) throw new Error('argmax: cannot reduce along an axis of length 0');
  const out = new Int32Array(v.outer * v.inner);
  const data = a.data;
  for (let o = 0; o < v.outer; o++) {
    for (let i = 0; i < v.inner; i++) {
      const start = o * v.length * v.inner + i;
      let best = 0;
      let bestValue = data[start];
      for (let j = 1; j < v.length && bestValue === bestValue; j++) {
        const value = data[start + j * v.inner];
        if (value > bestValue || value !== value) {
          best = j;
          bestValue = value;
        }
      }
      out[o * v.inner + i] = best;
    }
  }
  return out;
}
