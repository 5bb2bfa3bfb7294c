/**
 * The in-bounds window of output position o along one axis: input positions [start, end) within
 * [0, size), for a window of `kernel` starting at o·stride − pad. Padding is never part of it.
 */
export function windowRange(o: number, stride: number, pad: number, kernel: number, size: number) {
  const first = o * stride - pad;
  return { start: Math.max(0, first), end: Math.min(size, first + kernel) };
}
