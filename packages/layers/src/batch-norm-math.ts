/**
 * Batch-normalisation arithmetic on a tensor viewed as [batch, channels, inner]
 * ([N, C] has inner 1, [N, C, L] inner L, [N, C, H, W] inner H·W). Sums run in float64.
 */
export interface ChannelLayout {
  batch: number;
  channels: number;
  inner: number;
}

/** Calls visit(index) for every element of channel c. */
function forEachInChannel(layout: ChannelLayout, c: number, visit: (index: number) => void): void {
  const { batch, channels, inner } = layout;
  for (let n = 0; n < batch; n++) {
    const start = (n * channels + c) * inner;
    for (let i = start; i < start + inner; i++) visit(i);
  }
}

/** Per-channel mean and biased variance (divisor M = batch·inner), two-pass for accuracy. */
export function channelMoments(x: ArrayLike<number>, layout: ChannelLayout) {
  const count = layout.batch * layout.inner;
  const mean = new Float64Array(layout.channels);
  const variance = new Float64Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) {
    let sum = 0;
    forEachInChannel(layout, c, (i) => {
      sum += x[i];
    });
    const m = sum / count;
    let squares = 0;
    forEachInChannel(layout, c, (i) => {
      squares += (x[i] - m) * (x[i] - m);
    });
    mean[c] = m;
    variance[c] = squares / count;
  }
  return { mean, variance, count };
}

/** x̂ = (x − mean)·invStd and y = γ·x̂ + β (γ = 1, β = 0 when not affine). */
export function normalize(
  x: ArrayLike<number>,
  layout: ChannelLayout,
  mean: ArrayLike<number>,
  invStd: ArrayLike<number>,
  gamma: ArrayLike<number> | null,
  beta: ArrayLike<number> | null,
  y: Float32Array | Float64Array,
): Float64Array {
  const xhat = new Float64Array(x.length);
  for (let c = 0; c < layout.channels; c++) {
    const g = gamma ? gamma[c] : 1;
    const b = beta ? beta[c] : 0;
    forEachInChannel(layout, c, (i) => {
      xhat[i] = (x[i] - mean[c]) * invStd[c];
      y[i] = g * xhat[i] + b;
    });
  }
  return xhat;
}

export interface BatchNormGrads {
  dGamma: Float64Array;
  dBeta: Float64Array;
}

/**
 * dγ = Σ dy·x̂, dβ = Σ dy, and dx written into `dx`:
 * with batch statistics (training) dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ dy·x̂);
 * with fixed running statistics (eval) dx = γ·invStd·dy.
 */
export function batchNormBackward(
  dy: ArrayLike<number>,
  xhat: Float64Array,
  invStd: ArrayLike<number>,
  gamma: ArrayLike<number> | null,
  layout: ChannelLayout,
  usedBatchStats: boolean,
  dx: Float32Array | Float64Array,
): BatchNormGrads {
  const count = layout.batch * layout.inner;
  const dGamma = new Float64Array(layout.channels);
  const dBeta = new Float64Array(layout.channels);
  for (let c = 0; c < layout.channels; c++) {
    let sumDy = 0;
    let sumDyXhat = 0;
    forEachInChannel(layout, c, (i) => {
      sumDy += dy[i];
      sumDyXhat += dy[i] * xhat[i];
    });
    dGamma[c] = sumDyXhat;
    dBeta[c] = sumDy;
    const scale = (gamma ? gamma[c] : 1) * invStd[c];
    if (usedBatchStats) {
      forEachInChannel(layout, c, (i) => {
        dx[i] = (scale / count) * (count * dy[i] - sumDy - xhat[i] * sumDyXhat);
      });
    } else {
      forEachInChannel(layout, c, (i) => {
        dx[i] = scale * dy[i];
      });
    }
  }
  return { dGamma, dBeta };
}
