//! The matrices of Winograd's minimal filtering F(m, r): m outputs of an r-tap correlation
//! y[i] = sum_k d[i + k] g[k] from n = m + r - 1 inputs with n multiplications,
//! y = A^T [(G g) . (B^T d)], built by Toom-Cook from the points 0, 1, -1, 2, -2 and infinity.
//! With V_q the n x q matrix that evaluates a polynomial of q coefficients at the points (the row of
//! infinity picks the leading coefficient): A^T = V_m^T, G = V_r, B^T = (V_n^-1)^T.
//! Only n = 6 is used (F(4, 3) and F(2, 5)): its entries are small, so float32 stays accurate.

use crate::vec16::Vec16;

/// Tile side of the transformed domain.
pub const N: usize = 6;
const POINTS: [f64; N - 1] = [0.0, 1.0, -1.0, 2.0, -2.0];

#[derive(Debug, Clone)]
pub struct Transforms {
    pub m: usize,
    pub r: usize,
    /// A^T, m x N row-major.
    pub at: Vec<f32>,
    /// G, N x r row-major.
    pub g: Vec<f32>,
    /// B^T, N x N row-major.
    pub bt: Vec<f32>,
}

/// V_q: row i is [1, p, p^2, ...] at point p = POINTS[i], and [0, ..., 0, 1] for infinity.
fn evaluation(q: usize) -> Vec<f64> {
    let mut v = vec![0.0; N * q];
    for (i, &p) in POINTS.iter().enumerate() {
        let mut power = 1.0;
        for j in 0..q {
            v[i * q + j] = power;
            power *= p;
        }
    }
    v[(N - 1) * q + q - 1] = 1.0;
    v
}

/// The inverse of an N x N matrix by Gauss-Jordan elimination with partial pivoting.
fn invert(mut a: Vec<f64>) -> Vec<f64> {
    let mut inv: Vec<f64> = (0..N * N).map(|i| if i % (N + 1) == 0 { 1.0 } else { 0.0 }).collect();
    for col in 0..N {
        let pivot = (col..N).max_by(|&i, &j| a[i * N + col].abs().total_cmp(&a[j * N + col].abs())).unwrap();
        for k in 0..N {
            a.swap(col * N + k, pivot * N + k);
            inv.swap(col * N + k, pivot * N + k);
        }
        let p = a[col * N + col];
        for k in 0..N {
            a[col * N + k] /= p;
            inv[col * N + k] /= p;
        }
        for row in (0..N).filter(|&row| row != col) {
            let f = a[row * N + col];
            for k in 0..N {
                a[row * N + k] -= f * a[col * N + k];
                inv[row * N + k] -= f * inv[col * N + k];
            }
        }
    }
    inv
}

impl Transforms {
    /// F(m, r) with m + r - 1 = N.
    /// Row i of B^T is scaled to integers and row i of G by the inverse (the product is unchanged):
    /// the data's transform is then exact in float32 up to its additions, and the fractions sit in
    /// the weights' transform, computed once per call.
    pub fn new(m: usize, r: usize) -> Self {
        assert_eq!(m + r - 1, N, "Winograd F({m}, {r}) needs m + r - 1 = {N}");
        let vm = evaluation(m);
        let at = (0..m * N).map(|k| vm[(k % N) * m + k / N] as f32).collect();
        let inverse = invert(evaluation(N));
        let mut bt: Vec<f64> = (0..N * N).map(|k| inverse[(k % N) * N + k / N]).collect();
        let mut g = evaluation(r);
        for i in 0..N {
            let row = i * N..(i + 1) * N;
            let integral = |s: f64| bt[row.clone()].iter().all(|v| (v * s - (v * s).round()).abs() < 1e-9);
            let s = (1..=720).map(f64::from).find(|&s| integral(s)).expect("Toom-Cook rows have small denominators");
            bt[row].iter_mut().for_each(|v| *v = (*v * s).round());
            g[i * r..(i + 1) * r].iter_mut().for_each(|v| *v /= s);
        }
        let narrow = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect();
        Self { m, r, at, g: narrow(g), bt: narrow(bt) }
    }

    /// The tile for an r x r kernel: F(4, 3) or F(2, 5).
    pub fn for_kernel(r: usize) -> Option<Self> {
        matches!(r, 3 | 5).then(|| Self::new(N + 1 - r, r))
    }
}

/// B^T d along one axis (the same for F(4, 3) and F(2, 5): it depends only on the points), written
/// out so the coefficients are constants; `same_as_bt` in the tests holds it to `Transforms::bt`.
#[inline(always)]
pub fn data_axis<V: Vec16>([d0, d1, d2, d3, d4, d5]: [V; N]) -> [V; N] {
    let (c2, c4, c5) = (V::splat(2.0), V::splat(4.0), V::splat(5.0));
    let (sum12, sum34) = (d1.add(d2), d3.add(d4));
    let (diff21, diff34) = (d2.sub(d1), d3.sub(d4));
    let (diff31, diff42) = (d3.sub(d1), d4.sub(d2));
    [
        d4.add(d0.mul(c4)).sub(d2.mul(c5)),
        sum12.mul(c4).sub(sum34),
        diff21.mul(c4).add(diff34),
        diff31.mul(c2).add(diff42),
        diff42.sub(diff31.mul(c2)),
        d5.add(d1.mul(c4)).sub(d3.mul(c5)),
    ]
}

/// A^T v along one axis: the first `m` entries are the outputs (m = 4 for F(4, 3), 2 for F(2, 5)).
#[inline(always)]
pub fn output_axis<V: Vec16>(m: usize, [v0, v1, v2, v3, v4, v5]: [V; N]) -> [V; 4] {
    let (c2, c4, c8) = (V::splat(2.0), V::splat(4.0), V::splat(8.0));
    let (sum12, diff12, sum34, diff34) = (v1.add(v2), v1.sub(v2), v3.add(v4), v3.sub(v4));
    if m == 2 {
        return [v0.add(sum12).add(sum34), diff12.add(diff34.mul(c2)).add(v5), V::zero(), V::zero()];
    }
    [v0.add(sum12).add(sum34), diff12.add(diff34.mul(c2)), sum12.add(sum34.mul(c4)), diff12.add(diff34.mul(c8)).add(v5)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vec16::Portable;

    /// The written-out transforms equal the Toom-Cook matrices, applied to every unit vector.
    #[test]
    fn same_as_bt_and_at() {
        for (m, r) in [(4, 3), (2, 5)] {
            let t = Transforms::new(m, r);
            for k in 0..N {
                let unit: [Portable; N] = std::array::from_fn(|i| Portable::splat(if i == k { 1.0 } else { 0.0 }));
                let mut lanes = [0.0; 16];
                for (i, v) in data_axis(unit).into_iter().enumerate() {
                    v.store(&mut lanes);
                    assert_eq!(lanes[0], t.bt[i * N + k], "B^T[{i}][{k}]");
                }
                for (i, v) in output_axis(m, unit).into_iter().take(m).enumerate() {
                    v.store(&mut lanes);
                    assert_eq!(lanes[0], t.at[i * N + k], "F({m}, {r}) A^T[{i}][{k}]");
                }
            }
        }
    }

    /// A^T [(G g) . (B^T d)] against the direct correlation, in f64 from the f32 entries.
    fn check(m: usize, r: usize) {
        let t = Transforms::new(m, r);
        let d: Vec<f64> = (0..N).map(|i| (i as f64 * 0.7).sin()).collect();
        let g: Vec<f64> = (0..r).map(|i| (i as f64 * 1.3).cos()).collect();
        let gg: Vec<f64> = (0..N).map(|i| (0..r).map(|k| t.g[i * r + k] as f64 * g[k]).sum()).collect();
        let bd: Vec<f64> = (0..N).map(|i| (0..N).map(|k| t.bt[i * N + k] as f64 * d[k]).sum()).collect();
        for i in 0..m {
            let y: f64 = (0..N).map(|k| t.at[i * N + k] as f64 * gg[k] * bd[k]).sum();
            let want: f64 = (0..r).map(|k| d[i + k] * g[k]).sum();
            assert!((y - want).abs() < 1e-6, "F({m}, {r}) output {i}: {y} vs {want}");
        }
    }

    #[test]
    fn computes_the_correlation() {
        check(4, 3);
        check(2, 5);
        check(1, 6);
    }

    #[test]
    fn entries_are_exact_in_float32() {
        // Every entry is a small dyadic or a ratio of small integers; B^T and A^T are integers.
        let t = Transforms::new(4, 3);
        assert!(t.bt.iter().chain(&t.at).all(|v| v.fract() == 0.0 && v.abs() <= 16.0));
    }
}
