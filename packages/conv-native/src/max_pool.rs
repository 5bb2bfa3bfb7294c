//! Max pooling forward (value and argmax) and backward (scatter through argmax), one plane per task.

use std::hint;

use rayon::prelude::*;

use crate::error::KResult;
use crate::pool_geometry::PoolGeometry;
use crate::{fail, max_pool_2x2};

/// PyTorch's rule: the first maximum wins, padding never does, and a NaN replaces any value.
/// Each window is scanned in row-major order; a whole output row advances one tap at a time, so
/// the running maxima of neighbouring outputs are independent (a per-window loop is one long
/// compare-select dependency chain, ~20 ns per output).
pub fn forward(x: &[f32], y: &mut [f32], argmax: &mut [i32], g: &PoolGeometry) {
    let (w_in, out_w) = (g.cols.input, g.out_w);
    let two_by_two = max_pool_2x2::applies(g);
    y.par_chunks_mut(g.out_plane).zip(argmax.par_chunks_mut(g.out_plane)).enumerate().for_each(|(p, (yp, ap))| {
        let xp = &x[p * g.in_plane..][..g.in_plane];
        if two_by_two {
            return max_pool_2x2::forward_plane(xp, yp, ap, g);
        }
        for oh in 0..g.out_h {
            let (h0, h1) = g.rows.window(oh);
            let best = &mut yp[oh * out_w..][..out_w];
            let at = &mut ap[oh * out_w..][..out_w];
            best.fill(f32::NEG_INFINITY);
            for (ow, a) in at.iter_mut().enumerate() {
                *a = (h0 * w_in + g.cols.window(ow).0) as i32;
            }
            let (stride, pad) = (g.cols.stride, g.cols.pad_before);
            for h in h0..h1 {
                let row = &xp[h * w_in..][..w_in];
                for kw in 0..g.cols.kernel {
                    let (o0, o1) = g.cols.valid_outputs(kw, out_w);
                    for ow in o0..o1 {
                        let col = ow * stride + kw - pad;
                        (best[ow], at[ow]) = take_larger((best[ow], at[ow]), (row[col], (h * w_in + col) as i32));
                    }
                }
            }
        }
    });
}

/// The later tap when it is larger or NaN (the first maximum wins), with masks rather than a
/// branch: on activations the comparison goes either way about half the time, and the
/// mispredictions cost 3.5x the pooling. LLVM turns a plain select back into a branch; hiding the
/// mask from it (black_box) keeps the masks.
#[inline(always)]
pub fn take_larger((best, at): (f32, i32), (v, index): (f32, i32)) -> (f32, i32) {
    let mask = hint::black_box(-(((v > best) | v.is_nan()) as i32));
    let best = f32::from_bits(best.to_bits() ^ ((best.to_bits() ^ v.to_bits()) & mask as u32));
    (best, at ^ ((at ^ index) & mask))
}

/// Fails before writing anything when an argmax entry points outside its input plane.
pub fn backward(op: &str, dy: &[f32], argmax: &[i32], dx: &mut [f32], g: &PoolGeometry) -> KResult<()> {
    let bad = argmax.par_iter().position_any(|&a| a < 0 || a as usize >= g.in_plane);
    if let Some(i) = bad {
        let [n, c, h, w] = g.input_shape;
        return fail!(op, "argmax[{i}] = {} is outside the {h}x{w} plane of input [{n}, {c}, {h}, {w}]", argmax[i]);
    }
    let two_by_two = max_pool_2x2::applies(g);
    dx.par_chunks_mut(g.in_plane).enumerate().for_each(|(p, dxp)| {
        let range = p * g.out_plane..(p + 1) * g.out_plane;
        // A false fast path (an argmax outside its window, which forward never gives) is redone here.
        if two_by_two && max_pool_2x2::backward_plane(&dy[range.clone()], &argmax[range.clone()], dxp, g) {
            return;
        }
        dxp.fill(0.0);
        for (&a, &d) in argmax[range.clone()].iter().zip(&dy[range]) {
            dxp[a as usize] += d;
        }
    });
    Ok(())
}
