/**
 * scale * -sum(q * logp). Terms with q = 0 are skipped, so a class with probability 0
 * that is not the target costs nothing (as PyTorch's index-target path).
 */
export function crossEntropySum(logp: ArrayLike<number>, q: Float64Array, scale: number): number {
  let total = 0;
  for (let i = 0; i < q.length; i++) if (q[i] !== 0) total -= q[i] * logp[i];
  return total * scale;
}
