/**
 * erf and erfc to full float64 accuracy (~1e-16 relative), after W. J. Cody, "Rational
 * Chebyshev approximations for the error function", Math. Comp. 23 (1969), as in SPECFUN CALERF:
 * erf by a rational function on |x| ≤ 0.46875, erfc = e^(-x²)·R(x) beyond, with e^(-x²)
 * split into two factors so that its rounding error does not grow with x. The coefficients are
 * Cody's 18-digit values written as the float64 numbers they round to.
 */
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SMALL = 0.46875;
/** erfc(x) < e^(-745), below the smallest float64 subnormal, beyond this. */
const ERFC_ZERO = 27.3;

/**
 * Cody's nested form of a rational function with n = q.length − 1:
 * num = (…(p[n+1]·t + p[0])·t + … + p[n−1])·t + p[n], den = (…(t + q[0])·t + … + q[n−1])·t + q[n].
 */
function rational(p: readonly number[], q: readonly number[], t: number): number {
  const n = q.length - 1;
  let num = p[n + 1] * t;
  let den = t;
  for (let i = 0; i < n; i++) {
    num = (num + p[i]) * t;
    den = (den + q[i]) * t;
  }
  return (num + p[n]) / (den + q[n]);
}

/** erf itself for |x| ≤ 0.46875. */
function erfSmall(x: number): number {
  return x * rational(A, B, x * x);
}

/** e^(-y²) computed as e^(-r²)·e^(-(y-r)(y+r)) with r = y rounded down to 1/16. */
function expMinusSquare(y: number): number {
  const r = Math.trunc(y * 16) / 16;
  return Math.exp(-r * r) * Math.exp(-(y - r) * (y + r));
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  if (y >= ERFC_ZERO) return 0;
  const t = 1 / (y * y);
  const ratio = y <= 4 ? rational(C, D, y) : (ONE_OVER_SQRT_PI - t * rational(P, Q, t)) / y;
  return expMinusSquare(y) * ratio;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= SMALL) return erfSmall(x);
  const result = 1 - erfcLarge(y);
  return x < 0 ? -result : result;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= SMALL) return 1 - erfSmall(x);
  const tail = erfcLarge(y);
  return x < 0 ? 2 - tail : tail;
}
