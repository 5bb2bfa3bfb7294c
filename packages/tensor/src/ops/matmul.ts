import { getKernel } from '../backend/registry';
import { allocate } from '../dtype';
import { formatShape } from '../shape';
import { Tensor } from '../tensor';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/** op(A)·op(B) for 2-D tensors, on the active backend's GEMM. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false } = options;
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
  const out = allocate(a.dtype, m * n);
  getKernel('matmul', a.dtype)(a.data, b.data, out, { m, n, k, transA, transB, accumulate: false });
  return new Tensor(out, [m, n]);
}
