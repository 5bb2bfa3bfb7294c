/**
 * The matrices of Winograd's minimal filtering algorithm F(m, r): m outputs of an r-tap
 * correlation, y[i] = Σₖ d[i + k]·g[k], from n = m + r − 1 inputs with n multiplications:
 * y = Aᵀ·[(G·g) ⊙ (Bᵀ·d)]. Built by Toom–Cook from n − 1 finite interpolation points and ∞:
 * with V_q the n×q matrix evaluating a polynomial of q coefficients at the points (the row of ∞
 * picks the leading coefficient), Aᵀ = V_mᵀ, G = V_r and Bᵀ = (V_n⁻¹)ᵀ — the correlation is the
 * transpose of the linear convolution V_n⁻¹·[(V_r·g) ⊙ (V_m·h)].
 */
export interface WinogradTransforms {
  m: number;
  r: number;
  n: number;
  /** Aᵀ, m×n row-major. */
  at: Float64Array;
  /** G, n×r row-major. */
  g: Float64Array;
  /** Bᵀ, n×n row-major. */
  bt: Float64Array;
}

/** Small points first: the transforms' entries, and so their rounding, stay small. */
const POINTS = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3];

export function winogradTransforms(m: number, r: number): WinogradTransforms {
  const n = m + r - 1;
  if (!Number.isInteger(m) || !Number.isInteger(r) || m < 1 || r < 1 || n - 1 > POINTS.length) {
    throw new Error(`winogradTransforms: F(${m}, ${r}) needs 1 ≤ m, r and m + r − 2 ≤ ${POINTS.length}`);
  }
  const vm = evaluation(n, m);
  const at = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[i * n + j] = vm[j * m + i];
  const inverse = invert(evaluation(n, n), n);
  const bt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) bt[i * n + j] = inverse[j * n + i];
  return { m, r, n, at, g: evaluation(n, r), bt };
}

/** V_q (n×q): row i is [1, p, p², …] at point p = POINTS[i] for i < n − 1, and [0, …, 0, 1] for ∞. */
function evaluation(n: number, q: number): Float64Array {
  const v = new Float64Array(n * q);
  for (let i = 0; i < n - 1; i++) {
    let power = 1;
    for (let j = 0; j < q; j++, power *= POINTS[i]) v[i * q + j] = power;
  }
  v[(n - 1) * q + q - 1] = 1;
  return v;
}

/** The inverse of an n×n matrix by Gauss–Jordan elimination with partial pivoting. */
function invert(a: Float64Array, n: number): Float64Array {
  const w = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(w[row * n + col]) > Math.abs(w[pivot * n + col])) pivot = row;
    }
    swapRows(w, n, col, pivot);
    swapRows(inv, n, col, pivot);
    const scale = 1 / w[col * n + col];
    for (let j = 0; j < n; j++) {
      w[col * n + j] *= scale;
      inv[col * n + j] *= scale;
    }
    for (let row = 0; row < n; row++) {
      const f = w[row * n + col];
      if (row === col || f === 0) continue;
      for (let j = 0; j < n; j++) {
        w[row * n + j] -= f * w[col * n + j];
        inv[row * n + j] -= f * inv[col * n + j];
      }
    }
  }
  return inv;
}

function swapRows(a: Float64Array, n: number, i: number, j: number): void {
  if (i === j) return;
  for (let k = 0; k < n; k++) {
    const t = a[i * n + k];
    a[i * n + k] = a[j * n + k];
    a[j * n + k] = t;
  }
}
