import { allocate, Tensor } from '@scratchnet/tensor';

/** An input position along one axis and the weight an output position gives it. */
export interface Tap {
  index: number;
  weight: number;
}

/** taps[o]: what output position o along one axis reads. */
export type AxisTaps = readonly (readonly Tap[])[];

/**
 * Separable resampling of every [H, W] plane of an NCHW tensor:
 * y[n, c, i, j] = Σ over row taps (a, u) of i and column taps (b, v) of j of u·v·x[n, c, a, b].
 * Interpolation (Upsample) and adaptive average pooling are this sum with different taps.
 */
export function resample2d(x: Tensor, rows: AxisTaps, cols: AxisTaps): Tensor {
  const [n, c, h, w] = x.shape;
  const [outH, outW] = [rows.length, cols.length];
  const y = allocate(x.dtype, n * c * outH * outW);
  for (let plane = 0; plane < n * c; plane++) {
    const [src, dst] = [plane * h * w, plane * outH * outW];
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        let sum = 0;
        for (const r of rows[i])
          for (const s of cols[j]) sum += r.weight * s.weight * x.data[src + r.index * w + s.index];
        y[dst + i * outW + j] = sum;
      }
    }
  }
  return new Tensor(y, [n, c, outH, outW]);
}

/** The transpose of resample2d: each dy[n, c, i, j] is spread back onto the inputs it read, with the same weights. */
export function resample2dBackward(
  dy: Tensor,
  rows: AxisTaps,
  cols: AxisTaps,
  inputShape: readonly number[],
): Tensor {
  const [n, c, h, w] = inputShape;
  const [outH, outW] = [rows.length, cols.length];
  const dx = new Float64Array(n * c * h * w);
  for (let plane = 0; plane < n * c; plane++) {
    const [src, dst] = [plane * h * w, plane * outH * outW];
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const g = dy.data[dst + i * outW + j];
        for (const r of rows[i])
          for (const s of cols[j]) dx[src + r.index * w + s.index] += r.weight * s.weight * g;
      }
    }
  }
  const out = allocate(dy.dtype, dx.length);
  out.set(dx);
  return new Tensor(out, [...inputShape]);
}
