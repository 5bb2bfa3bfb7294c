/**
 * Batch-normalisation arithmetic on a tensor viewed as [batch, channels, inner]
 * ([N, C] has inner 1, [N, C, L] inner L, [N, C, H, W] inner H·W). Sums run in float64.
 * Channel c occupies, for each n, the contiguous block starting at (n·channels + c)·inner.
 */
export interface ChannelLayout {
  batch: number;
  channels: number;
  inner: number;
}

type Values = ArrayLike<number>;

/** What normalises a channel: its mean and 1 / sqrt(variance + eps). */
export interface Statistics {
  mean: Values;
  invStd: Values;
}

/** Where channel c's block of sample n starts. */
function blockStart({ channels, inner }: ChannelLayout, n: number, c: number): number {
  return (n * channels + c) * inner;
}

/** Σ (a − shift) and Σ (a − shift)² over channel c. */
function centredSums(layout: ChannelLayout, c: number, a: Values, shift: number): [number, number] {
  const { batch, inner } = layout;
  let sum = 0;
  let squares = 0;
  for (let n = 0; n < batch; n++) {
    const start = blockStart(layout, n, c);
    const end = start + inner;
    for (let i = start; i < end; i++) {
      const v = a[i] - shift;
      sum += v;
      squares += v * v;
    }
  }
  return [sum, squares];
}

/** Σ dy and Σ dy·x̂ over channel c, with x̂ = (x − mean)·invStd formed again from x. */
function gradientSums(
  layout: ChannelLayout,
  c: number,
  dy: Values,
  x: Values,
  stats: Statistics,
): [number, number] {
  const { batch, inner } = layout;
  const [m, s] = [stats.mean[c], stats.invStd[c]];
  let sum = 0;
  let product = 0;
  for (let n = 0; n < batch; n++) {
    const start = blockStart(layout, n, c);
    const end = start + inner;
    for (let i = start; i < end; i++) {
      const v = dy[i];
      sum += v;
      product += v * ((x[i] - m) * s);
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
    mean[c] = centredSums(layout, c, x, 0)[0] / count;
    variance[c] = centredSums(layout, c, x, mean[c])[1] / count;
  }
  return { mean, variance, count };
}

/**
 * y = γ·x̂ + β with x̂ = (x − mean)·invStd (γ = 1, β = 0 when not affine). x̂ is not kept: backward
 * forms it again from x, the same float64 value, instead of writing and rereading eight bytes per
 * element.
 */
export function normalize(
  x: Values,
  layout: ChannelLayout,
  stats: Statistics,
  affine: { gamma: Values; beta: Values } | null,
  y: Float32Array | Float64Array,
): void {
  const { batch, channels, inner } = layout;
  for (let c = 0; c < channels; c++) {
    const m = stats.mean[c];
    const s = stats.invStd[c];
    const g = affine ? affine.gamma[c] : 1;
    const b = affine ? affine.beta[c] : 0;
    for (let n = 0; n < batch; n++) {
      const start = blockStart(layout, n, c);
      const end = start + inner;
      for (let i = start; i < end; i++) y[i] = g * ((x[i] - m) * s) + b;
    }
  }
}

/**
 * dγ = Σ dy·x̂, dβ = Σ dy, and dx written into `dx`:
 * with batch statistics (training) dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ dy·x̂);
 * with fixed running statistics (eval) dx = γ·invStd·dy.
 */
export function batchNormBackward(
  dy: Values,
  x: Values,
  stats: Statistics,
  gamma: Values | null,
  layout: ChannelLayout,
  usedBatchStats: boolean,
  dx: Float32Array | Float64Array,
) {
  const count = layout.batch * layout.inner;
  const dGamma = new Float64Array(layout.channels);
  const dBeta = new Float64Array(layout.channels);
  const { batch, channels, inner } = layout;
  for (let c = 0; c < channels; c++) {
    [dBeta[c], dGamma[c]] = gradientSums(layout, c, dy, x, stats);
    const [m, s] = [stats.mean[c], stats.invStd[c]];
    const scale = (gamma ? gamma[c] : 1) * s;
    // dx = a·dy + b·x̂ + d per element of the channel.
    const a = scale;
    const b = usedBatchStats ? (-scale * dGamma[c]) / count : 0;
    const d = usedBatchStats ? (-scale * dBeta[c]) / count : 0;
    for (let n = 0; n < batch; n++) {
      const start = blockStart(layout, n, c);
      const end = start + inner;
      for (let i = start; i < end; i++) dx[i] = a * dy[i] + b * ((x[i] - m) * s) + d;
    }
  }
  return { dGamma, dBeta };
}
