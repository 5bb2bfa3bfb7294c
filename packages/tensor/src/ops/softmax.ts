import { stepArray } from '../step-arena';
import { Tensor } from '../tensor';
import { axisView } from './reduce';

type RowWriter = (
  data: ArrayLike<number>,
  out: Float32Array | Float64Array,
  start: number,
  step: number,
  n: number,
  shift: number,
  total: number,
) => void;

/**
 * Shared stable pass: per slice along `axis`, shift = max and total = sum(exp(x - shift)),
 * so that lse = shift + log(total), softmax = exp(x - shift) / total.
 * Subtracting the max keeps exp() in range at logits of ±1000.
 */
function alongAxis(
  op: string,
  a: Tensor,
  axis: number,
  keepDims: boolean,
  reduce: boolean,
  write: RowWriter,
): Tensor {
  const v = axisView(op, a, axis, keepDims || !reduce);
  if (v.length === 0) throw new Error(`${op}: cannot normalise along an axis of length 0`);
  const out = stepArray(op, a.dtype, [reduce ? v.outer * v.inner : a.size]);
  const data = a.data;
  for (let o = 0; o < v.outer; o++) {
    for (let i = 0; i < v.inner; i++) {
      const start = o * v.length * v.inner + i;
      let m = Number.NEGATIVE_INFINITY;
      for (let j = 0, p = start; j < v.length; j++, p += v.inner)
        if (data[p] > m || data[p] !== data[p]) m = data[p];
      // All -Infinity: keep the shift finite so that the result is -Infinity/NaN-free where PyTorch's is.
      const shift = Number.isFinite(m) ? m : 0;
      let s = 0;
      for (let j = 0, p = start; j < v.length; j++, p += v.inner) s += Math.exp(data[p] - shift);
      write(data, out, reduce ? o * v.inner + i : start, v.inner, v.length, shift, s);
    }
  }
  return new Tensor(out, reduce ? v.shape : a.shape);
}

export function logSumExp(a: Tensor, axis = -1, keepDims = false): Tensor {
  return alongAxis('logSumExp', a, axis, keepDims, true, (_d, out, at, _s, _n, shift, total) => {
    out[at] = shift + Math.log(total);
  });
}

export function softmax(a: Tensor, axis = -1): Tensor {
  return alongAxis('softmax', a, axis, true, false, (d, out, start, step, n, shift, total) => {
    for (let j = 0, p = start; j < n; j++, p += step) out[p] = Math.exp(d[p] - shift) / total;
  });
}

export function logSoftmax(a: Tensor, axis = -1): Tensor {
  return alongAxis('logSoftmax', a, axis, true, false, (d, out, start, step, n, shift, total) => {
    const logTotal = Math.log(total);
    for (let j = 0, p = start; j < n; j++, p += step) out[p] = d[p] - shift - logTotal;
  });
}
