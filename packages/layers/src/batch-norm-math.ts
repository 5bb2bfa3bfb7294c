/**
 * Batch-normalisation arithmetic on a tensor viewed as [batch, channels, inner]
 * ([N, C] has inner 1, [N, C, L] inner L, [N, C, H, W] inner H·W). Sums run in float64.
 * Channel c occupies, for each n, the contiguous block starting at (n·channels + c)·inner.
 */
import { stepArray } from '@scratchnet/tensor';

export interface ChannelLayout {
  batch: number;
  channels: number;
  inner: number;
}

type Values = ArrayLike<number>;

function blockStart({ channels, inner }: ChannelLayout, n: number, c: number): number {
  return (n * channels + c) * inner;
}

/** Σ a (and Σ a·b when b is given) over channel c. */
function channelSums(
  layout: ChannelLayout,
  c: number,
  a: Values,
  b: Values | null,
  shift = 0,
): [number, number] {
  let sum = 0;
  let product = 0;
  for (let n = 0; n < layout.batch; n++) {
    const start = blockStart(layout, n, c);
    for (let i = start; i < start + layout.inner; i++) {
      const v = a[i] - shift;
      sum += v;
      product += b ? v * b[i] : v * v;
    }
  }
  return [sum, product];
}

/** Per-channel mean and biased variance (divisor M = batch·inner), two-pass for accuracy. */
export function channelMoments(x: Values, layout: ChannelLayout) {
  const count = layout.batch * layout.inner;
  const mean = new Float64Array(layout.channels);
  const variance = new Float64Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) {
    mean[c] = channelSums(layout, c, x, null)[0] / count;
    variance[c] = channelSums(layout, c, x, null, mean[c])[1] / count;
  }
  return { mean, variance, count };
}

/** x̂ = (x − mean)·invStd and y = γ·x̂ + β (γ = 1, β = 0 when not affine); returns x̂. */
export function normalize(
  x: Values,
  layout: ChannelLayout,
  stats: { mean: Values; invStd: Values },
  affine: { gamma: Values; beta: Values } | null,
  y: Float32Array | Float64Array,
): Float64Array {
  // Lives until backward: a step array, reused by the next training step inside a StepArena.
  const xhat = stepArray('BatchNorm', 'float64', [x.length], 'x̂') as Float64Array;
  for (let c = 0; c < layout.channels; c++) {
    const [m, s] = [stats.mean[c], stats.invStd[c]];
    const [g, b] = affine ? [affine.gamma[c], affine.beta[c]] : [1, 0];
    for (let n = 0; n < layout.batch; n++) {
      const start = blockStart(layout, n, c);
      for (let i = start; i < start + layout.inner; i++) {
        xhat[i] = (x[i] - m) * s;
        y[i] = g * xhat[i] + b;
      }
    }
  }
  return xhat;
}

/**
 * dγ = Σ dy·x̂, dβ = Σ dy, and dx written into `dx`:
 * with batch statistics (training) dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ dy·x̂);
 * with fixed running statistics (eval) dx = γ·invStd·dy.
 */
export function batchNormBackward(
  dy: Values,
  xhat: Float64Array,
  invStd: Values,
  gamma: Values | null,
  layout: ChannelLayout,
  usedBatchStats: boolean,
  dx: Float32Array | Float64Array,
) {
  const count = layout.batch * layout.inner;
  const dGamma = new Float64Array(layout.channels);
  const dBeta = new Float64Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) {
    [dBeta[c], dGamma[c]] = channelSums(layout, c, dy, xhat);
    const scale = (gamma ? gamma[c] : 1) * invStd[c];
    // dx = a·dy + b·x̂ + d per element of the channel.
    const a = scale;
    const b = usedBatchStats ? (-scale * dGamma[c]) / count : 0;
    const d = usedBatchStats ? (-scale * dBeta[c]) / count : 0;
    for (let n = 0; n < layout.batch; n++) {
      const start = blockStart(layout, n, c);
      for (let i = start; i < start + layout.inner; i++) dx[i] = a * dy[i] + b * xhat[i] + d;
    }
  }
  return { dGamma, dBeta };
}
