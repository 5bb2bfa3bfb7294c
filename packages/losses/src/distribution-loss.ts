import { allocate, Tensor } from '@scratchnet/tensor';

/** What the cross-entropy family keeps for backward: log-probabilities, target distribution, reduction scale. */
export interface DistributionSaved {
  logp: Tensor;
  q: Float64Array;
  scale: number;
}

/**
 * scale * -sum(q * logp). Terms with q = 0 are skipped, so a class with probability 0
 * that is not the target costs nothing (as PyTorch's index-target path).
 */
export function crossEntropySum(logp: ArrayLike<number>, q: Float64Array, scale: number): number {
  let total = 0;
  for (let i = 0; i < q.length; i++) if (q[i] !== 0) total -= q[i] * logp[i];
  return total * scale;
}

/** A tensor of pred's dtype and shape filled by `fill(out)`. */
export function gradientLike(pred: Tensor, fill: (out: Float32Array | Float64Array) => void): Tensor {
  const out = allocate(pred.dtype, pred.size);
  fill(out);
  return new Tensor(out, pred.shape);
}
