//! Max pooling's commonest case, 2x2 windows with stride 2 and no padding, written so the compiler
//! vectorises it: each output reads its four inputs straight from two rows (no window arithmetic),
//! and the choice is made with selects. Same rule as the general kernel (`max_pool`): taps in
//! row-major order, the first maximum wins, a NaN replaces any value.

use crate::max_pool::take_larger;
use crate::pool_geometry::PoolGeometry;
use crate::simd_variants;

pub fn applies(g: &PoolGeometry) -> bool {
    let (r, c) = (&g.rows, &g.cols);
    [r, c].iter().all(|a| a.kernel == 2 && a.stride == 2 && a.pad_before == 0 && a.pad_after == 0)
}

/// One plane: y and argmax (flat index h * inWidth + w within the plane) for every output.
pub fn forward_plane(xp: &[f32], yp: &mut [f32], ap: &mut [i32], g: &PoolGeometry) {
    forward_plane_simd(xp, yp, ap, g);
}

simd_variants!(fn forward_plane_simd(xp: &[f32], yp: &mut [f32], ap: &mut [i32], g: &PoolGeometry) => forward_lanes);

#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn forward_lanes<V>(xp: &[f32], yp: &mut [f32], ap: &mut [i32], g: &PoolGeometry) {
    let (w_in, out_w) = (g.cols.input, g.out_w);
    for oh in 0..g.out_h {
        let top = 2 * oh * w_in;
        let (r0, r1) = (&xp[top..][..2 * out_w], &xp[top + w_in..][..2 * out_w]);
        let (y, a) = (&mut yp[oh * out_w..][..out_w], &mut ap[oh * out_w..][..out_w]);
        for ow in 0..out_w {
            let col = (top + 2 * ow) as i32;
            let below = col + w_in as i32;
            let (best, at) = (r0[2 * ow], col);
            let (best, at) = take_larger((best, at), (r0[2 * ow + 1], col + 1));
            let (best, at) = take_larger((best, at), (r1[2 * ow], below));
            let (best, at) = take_larger((best, at), (r1[2 * ow + 1], below + 1));
            y[ow] = best;
            a[ow] = at;
        }
    }
}

/// One plane of dx from dy; false when an argmax lies outside its own window (forward never
/// gives one), after which the caller redoes the plane with the general scatter.
pub fn backward_plane(dyp: &[f32], ap: &[i32], dxp: &mut [f32], g: &PoolGeometry) -> bool {
    let mut in_windows = true;
    backward_plane_simd(dyp, ap, dxp, g, &mut in_windows);
    in_windows
}

simd_variants!(fn backward_plane_simd(dyp: &[f32], ap: &[i32], dxp: &mut [f32], g: &PoolGeometry, in_windows: &mut bool) => backward_lanes);

/// Writes every element of the plane once: dy where it is the window's argmax, else 0 (and 0 in
/// the last row or column that an odd size leaves out of every window).
#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn backward_lanes<V>(dyp: &[f32], ap: &[i32], dxp: &mut [f32], g: &PoolGeometry, in_windows: &mut bool) {
    let (w_in, out_w) = (g.cols.input, g.out_w);
    for oh in 0..g.out_h {
        let top = 2 * oh * w_in;
        let (d, a) = (&dyp[oh * out_w..][..out_w], &ap[oh * out_w..][..out_w]);
        for dh in 0..2 {
            let row = &mut dxp[top + dh * w_in..][..w_in];
            let start = (top + dh * w_in) as i32;
            // Masks, not branches: which of the four taps won is a coin toss on real activations.
            let keep = |hit: bool, v: f32| f32::from_bits(v.to_bits() & 0u32.wrapping_sub(hit as u32));
            for (ow, ((pair, &v), &at)) in row.chunks_exact_mut(2).zip(d).zip(a).enumerate() {
                let offset = at.wrapping_sub(start + 2 * ow as i32);
                pair[0] = keep(offset == 0, v);
                pair[1] = keep(offset == 1, v);
            }
            row[2 * out_w..].fill(0.0);
        }
        for (ow, &at) in a.iter().enumerate() {
            let offset = at.wrapping_sub((top + 2 * ow) as i32);
            *in_windows &= offset == 0 || offset == 1 || offset == w_in as i32 || offset == w_in as i32 + 1;
        }
    }
    dxp[2 * g.out_h * w_in..].fill(0.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(planes: usize, h: usize, w: usize) -> PoolGeometry {
        let numbers = [1, planes, h, w, 2, 2, 2, 2, 0, 0, 0, 0, h / 2, w / 2].map(|v| v as f64);
        PoolGeometry::parse("test", &numbers).unwrap()
    }

    /// The rule written plainly: taps in row-major order, a later one taken when greater or NaN.
    fn reference(xp: &[f32], g: &PoolGeometry) -> (Vec<f32>, Vec<i32>) {
        let w = g.cols.input;
        let mut out = (vec![], vec![]);
        for oh in 0..g.out_h {
            for ow in 0..g.out_w {
                let (mut best, mut at) = (f32::NEG_INFINITY, (2 * oh * w + 2 * ow) as i32);
                for (dh, dw) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    let i = (2 * oh + dh) * w + 2 * ow + dw;
                    if xp[i] > best || xp[i].is_nan() {
                        (best, at) = (xp[i], i as i32);
                    }
                }
                out.0.push(best);
                out.1.push(at);
            }
        }
        out
    }

    #[test]
    fn matches_the_rule_with_ties_infinities_and_nans() {
        let specials = [0.0, -0.0, 1.0, 1.0, f32::NEG_INFINITY, f32::INFINITY, f32::NAN, -f32::NAN];
        for (h, w) in [(2, 2), (4, 4), (5, 7), (28, 28), (3, 2), (14, 15)] {
            let g = geometry(1, h, w);
            let x: Vec<f32> =
                (0..h * w).map(|i| if i % 3 == 0 { specials[i % 8] } else { ((i * 37) % 11) as f32 }).collect();
            let (mut y, mut a) = (vec![7.0; g.out_plane], vec![-1; g.out_plane]);
            forward_plane(&x, &mut y, &mut a, &g);
            let (y_ref, a_ref) = reference(&x, &g);
            assert_eq!(a, a_ref, "{h}x{w} argmax");
            assert_eq!(
                y.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                y_ref.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            );

            let dy: Vec<f32> = (0..g.out_plane).map(|i| i as f32 + 0.5).collect();
            let mut dx = vec![9.0; h * w];
            assert!(backward_plane(&dy, &a, &mut dx, &g));
            let mut want = vec![0.0; h * w];
            a.iter().zip(&dy).for_each(|(&i, &d)| want[i as usize] += d);
            assert_eq!(dx, want, "{h}x{w} dx");
        }
    }

    #[test]
    fn says_when_an_argmax_lies_outside_its_window() {
        let g = geometry(1, 4, 4);
        let mut dx = vec![9.0; 16];
        assert!(backward_plane(&[1.0; 4], &[0, 2, 8, 10], &mut dx, &g));
        assert!(!backward_plane(&[1.0; 4], &[0, 0, 0, 0], &mut dx, &g));
    }
}
