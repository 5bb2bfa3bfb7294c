/**
 * Normalisation of contiguous rows (LayerNorm, GroupNorm): the data is `rows` blocks of `length`
 * elements, each normalised by its own mean and biased variance; sums run in float64.
 * Element j of row r uses the affine parameters at index (r mod period)·(length / repeat) + ⌊j / repeat⌋:
 * LayerNorm over [*, D] has period 1 and repeat 1 (index j); GroupNorm of G groups over [N, C, *]
 * has period G and repeat = the size of * (index = channel).
 */
export interface RowLayout {
  rows: number;
  length: number;
  period: number;
  repeat: number;
}

type Values = ArrayLike<number>;

function affineIndex({ period, length, repeat }: RowLayout, row: number, j: number): number {
  return (row % period) * (length / repeat) + Math.floor(j / repeat);
}

/** x̂ = (x − mean)·invStd and y = γ·x̂ + β per row (γ = 1, β = 0 where absent); returns x̂ and invStd. */
export function normalizeRows(
  x: Values,
  layout: RowLayout,
  eps: number,
  affine: { gamma: Values | null; beta: Values | null },
  y: Float32Array | Float64Array,
) {
  const { rows, length } = layout;
  const xhat = new Float64Array(rows * length);
  const invStd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    let sum = 0;
    for (let j = 0; j < length; j++) sum += x[start + j];
    const mean = sum / length;
    let squares = 0;
    for (let j = 0; j < length; j++) squares += (x[start + j] - mean) ** 2;
    invStd[r] = 1 / Math.sqrt(squares / length + eps);
    for (let j = 0; j < length; j++) {
      const a = affineIndex(layout, r, j);
      xhat[start + j] = (x[start + j] - mean) * invStd[r];
      y[start + j] =
        (affine.gamma ? affine.gamma[a] : 1) * xhat[start + j] + (affine.beta ? affine.beta[a] : 0);
    }
  }
  return { xhat, invStd };
}

/**
 * With g = γ·dy: dx = invStd·(g − mean(g) − x̂·mean(g·x̂)) per row, written into `dx`;
 * dγ = Σ dy·x̂ and dβ = Σ dy over the elements that share each affine index, added into dGamma / dBeta.
 */
export function normalizeRowsBackward(
  dy: Values,
  cache: { xhat: Float64Array; invStd: Float64Array },
  gamma: Values | null,
  layout: RowLayout,
  out: { dx: Float32Array | Float64Array; dGamma: Float64Array | null; dBeta: Float64Array | null },
): void {
  const { rows, length } = layout;
  const { xhat, invStd } = cache;
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    let sumG = 0;
    let sumGXhat = 0;
    for (let j = 0; j < length; j++) {
      const a = affineIndex(layout, r, j);
      const g = (gamma ? gamma[a] : 1) * dy[start + j];
      sumG += g;
      sumGXhat += g * xhat[start + j];
      if (out.dGamma) out.dGamma[a] += dy[start + j] * xhat[start + j];
      if (out.dBeta) out.dBeta[a] += dy[start + j];
    }
    const [meanG, meanGXhat] = [sumG / length, sumGXhat / length];
    for (let j = 0; j < length; j++) {
      const g = (gamma ? gamma[affineIndex(layout, r, j)] : 1) * dy[start + j];
      out.dx[start + j] = invStd[r] * (g - meanG - xhat[start + j] * meanGXhat);
    }
  }
}
