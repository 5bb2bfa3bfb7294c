import { getKernel } from '../backend/registry';
import type { FloatArray } from '../dtype';
import { formatShape } from '../shape';
import { stepArray } from '../step-arena';
import { Tensor } from '../tensor';
import { checkShape, checkTensor } from './conv2d';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Write the [m, n] product into this tensor (the operands' dtype, no memory shared with them); it is returned. */
  out?: Tensor;
  /** With `out`: out += op(A)·op(B), added in place by the kernel (a gradient accumulates with no temporary). */
  accumulate?: boolean;
}

function sharesMemory(x: FloatArray, y: FloatArray): boolean {
  const [xEnd, yEnd] = [x.byteOffset + x.byteLength, y.byteOffset + y.byteLength];
  return x.buffer === y.buffer && x.byteOffset < yEnd && y.byteOffset < xEnd;
}

/** Checks `out` against the product's shape and the operands; `accumulate` needs it. */
function checkOut(a: Tensor, b: Tensor, shape: [number, number], options: MatmulOptions): Tensor | null {
  const { out, accumulate = false } = options;
  if (out === undefined) {
    if (accumulate) throw new Error('matmul: accumulate needs an out tensor to add into');
    return null;
  }
  checkTensor('matmul', 'out', out);
  if (out.dtype !== a.dtype) throw new Error(`matmul: out is ${out.dtype}, the operands are ${a.dtype}`);
  checkShape('matmul', 'out', out, shape, 'the product');
  if (sharesMemory(out.data, a.data) || sharesMemory(out.data, b.data)) {
    throw new Error('matmul: out shares memory with an operand; pass a separate tensor');
  }
  return out;
}

/** op(A)·op(B) for 2-D tensors, on the active backend's GEMM: a new tensor, or written (added) into `out`. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false, accumulate = false } = options;
  if (!(a instanceof Tensor) || !(b instanceof Tensor))
    throw new Error('matmul: both operands must be Tensors');
  if (a.rank !== 2 || b.rank !== 2) {
    throw new Error(`matmul: operands must be 2-D, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  if (a.dtype !== b.dtype) throw new Error(`matmul: dtypes differ (${a.dtype} and ${b.dtype})`);
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    const left = `${formatShape(a.shape)}${transA ? 'ᵀ' : ''}`;
    const right = `${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`;
    throw new Error(`matmul: inner dimensions differ: ${left} · ${right} (${k} vs ${kb})`);
  }
  const out = checkOut(a, b, [m, n], options) ?? new Tensor(stepArray('matmul', a.dtype, [m, n]), [m, n]);
  getKernel('matmul', a.dtype)(a.data, b.data, out.data, { m, n, k, transA, transB, accumulate });
  return out;
}
