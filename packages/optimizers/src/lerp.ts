/** lerp as PyTorch's CPU kernel computes it (the two branches keep it exact at weight 0 and 1). */
export function lerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
