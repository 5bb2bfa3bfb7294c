//! Max pooling forward (value and argmax) and backward (scatter through argmax), one plane per task.

use rayon::prelude::*;

use crate::error::KResult;
use crate::fail;
use crate::pool_geometry::PoolGeometry;

/// PyTorch's rule: the first maximum wins, padding never does, and a NaN replaces any value.
pub fn forward(x: &[f32], y: &mut [f32], argmax: &mut [i32], g: &PoolGeometry) {
    let w_in = g.cols.input;
    y.par_chunks_mut(g.out_plane).zip(argmax.par_chunks_mut(g.out_plane)).enumerate().for_each(|(p, (yp, ap))| {
        let xp = &x[p * g.in_plane..][..g.in_plane];
        for oh in 0..g.out_h {
            let (h0, h1) = g.rows.window(oh);
            for ow in 0..g.out_w {
                let (w0, w1) = g.cols.window(ow);
                let (mut best, mut at) = (f32::NEG_INFINITY, h0 * w_in + w0);
                for h in h0..h1 {
                    for (i, &v) in xp[h * w_in + w0..h * w_in + w1].iter().enumerate() {
                        if v > best || v.is_nan() {
                            (best, at) = (v, h * w_in + w0 + i);
                        }
                    }
                }
                yp[oh * g.out_w + ow] = best;
                ap[oh * g.out_w + ow] = at as i32;
            }
        }
    });
}

/// Fails before writing anything when an argmax entry points outside its input plane.
pub fn backward(op: &str, dy: &[f32], argmax: &[i32], dx: &mut [f32], g: &PoolGeometry) -> KResult<()> {
    let bad = argmax.par_iter().position_any(|&a| a < 0 || a as usize >= g.in_plane);
    if let Some(i) = bad {
        return fail!(op, "argmax[{i}] = {} is outside the input plane of {} elements", argmax[i], g.in_plane);
    }
    dx.par_chunks_mut(g.in_plane).enumerate().for_each(|(p, dxp)| {
        dxp.fill(0.0);
        let range = p * g.out_plane..(p + 1) * g.out_plane;
        for (&a, &d) in argmax[range.clone()].iter().zip(&dy[range]) {
            dxp[a as usize] += d;
        }
    });
    Ok(())
}
