import { checkNumber } from './options';
import type { OptimizerParameter } from './parameter';

export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite (PyTorch's error_if_nonfinite). Default false. */
  errorIfNonfinite?: boolean;
}

/**
 * PyTorch's clip_grad_norm_: the normType-norm of all grads taken together (the
 * norm of the per-tensor norms); every grad is multiplied in place by
 * min(1, maxNorm / (total + 1e-6)). Returns the total norm before clipping.
 */
export function clipGradNorm(
  params: Iterable<Pick<OptimizerParameter, 'grad'>>,
  maxNorm: number,
  normType = 2,
  { errorIfNonfinite = false }: ClipGradNormOptions = {},
): number {
  checkNumber('clipGradNorm', 'maxNorm', maxNorm, { infinite: true });
  if (!(normType > 0))
    throw new Error(`clipGradNorm: normType must be > 0 or Infinity, got ${String(normType)}`);
  const grads = [...params].map((p) => p.grad.data);
  const total = pNorm(
    grads.map((g) => pNorm(g, normType)),
    normType,
  );
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(`clipGradNorm: the total ${normType}-norm of the gradients is ${total}`);
  }
  const coefficient = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) for (let j = 0; j < g.length; j++) g[j] *= coefficient;
  return total;
}

function pNorm(values: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Infinity) {
    for (let i = 0; i < values.length; i++) acc = Math.max(acc, Math.abs(values[i]));
    return acc;
  }
  for (let i = 0; i < values.length; i++) acc += Math.abs(values[i]) ** p;
  return acc ** (1 / p);
}
