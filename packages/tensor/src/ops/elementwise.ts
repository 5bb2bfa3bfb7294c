import type { FloatArray } from '../dtype';
import { sameShape } from '../shape';
import { stepArray } from '../step-arena';
import { Tensor } from '../tensor';
import { broadcastShapes, broadcastStrides } from './broadcast';

type Binary = (x: number, y: number) => number;
type Unary = (x: number) => number;

function assertTensor(op: string, value: unknown, what: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new Error(`${op}: ${what} must be a Tensor, got ${String(value)}`);
}

/** Walks the broadcast output in row-major order, advancing each input by its own strides. */
function broadcastInto(out: FloatArray, shape: number[], a: Tensor, b: Tensor, fn: Binary): void {
  const rank = shape.length;
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const index = new Array<number>(rank).fill(0);
  const inner = rank > 0 ? shape[rank - 1] : 1;
  const ia = rank > 0 ? sa[rank - 1] : 0;
  const ib = rank > 0 ? sb[rank - 1] : 0;
  const x = a.data;
  const y = b.data;
  let offA = 0;
  let offB = 0;
  for (let o = 0; o < out.length; o += inner) {
    for (let j = 0, pa = offA, pb = offB; j < inner; j++, pa += ia, pb += ib) out[o + j] = fn(x[pa], y[pb]);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      offA += sa[d];
      offB += sb[d];
      if (index[d] < shape[d]) break;
      offA -= sa[d] * shape[d];
      offB -= sb[d] * shape[d];
      index[d] = 0;
    }
  }
}

function binary(op: string, fn: Binary) {
  return (a: Tensor, b: Tensor | number): Tensor => {
    assertTensor(op, a, 'first operand');
    if (typeof b === 'number') {
      const out = stepArray(op, a.dtype, a.shape);
      const x = a.data;
      for (let i = 0; i < out.length; i++) out[i] = fn(x[i], b);
      return new Tensor(out, a.shape);
    }
    assertTensor(op, b, 'second operand');
    if (a.dtype !== b.dtype) {
      throw new Error(`${op}: dtypes differ (${a.dtype} and ${b.dtype}); convert one with .astype()`);
    }
    if (sameShape(a.shape, b.shape)) {
      const out = stepArray(op, a.dtype, a.shape);
      const x = a.data;
      const y = b.data;
      for (let i = 0; i < out.length; i++) out[i] = fn(x[i], y[i]);
      return new Tensor(out, a.shape);
    }
    const shape = broadcastShapes(a.shape, b.shape, op);
    const out = stepArray(op, a.dtype, shape);
    broadcastInto(out, shape, a, b, fn);
    return new Tensor(out, shape);
  };
}

function unary(op: string, fn: Unary) {
  return (a: Tensor): Tensor => {
    assertTensor(op, a, 'input');
    const out = stepArray(op, a.dtype, a.shape);
    const x = a.data;
    for (let i = 0; i < out.length; i++) out[i] = fn(x[i]);
    return new Tensor(out, a.shape);
  };
}

export const add = binary('add', (x, y) => x + y);
export const sub = binary('sub', (x, y) => x - y);
export const mul = binary('mul', (x, y) => x * y);
export const div = binary('div', (x, y) => x / y);
/** Elementwise maximum; NaN propagates (as torch.maximum). */
export const maximum = binary('maximum', Math.max);
export const minimum = binary('minimum', Math.min);

export const neg = unary('neg', (x) => -x);
export const exp = unary('exp', Math.exp);
export const log = unary('log', Math.log);
export const sqrt = unary('sqrt', Math.sqrt);
export const abs = unary('abs', Math.abs);

export function clamp(a: Tensor, min: number, max: number): Tensor {
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new Error(`clamp: need min <= max, got min=${min}, max=${max}`);
  }
  return unary('clamp', (x) => Math.min(Math.max(x, min), max))(a);
}
