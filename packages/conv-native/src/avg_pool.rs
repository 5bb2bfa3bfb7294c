//! Average pooling forward and backward, one plane per task.

use rayon::prelude::*;

use crate::pool_geometry::PoolGeometry;

/// Visits every output of a plane with its in-bounds window and divisor: `f(out_index, (h0, h1), (w0, w1), divisor)`.
fn for_each_window(g: &PoolGeometry, include_pad: bool, mut f: impl FnMut(usize, (usize, usize), (usize, usize), f32)) {
    let full = (g.rows.kernel * g.cols.kernel) as f32;
    for oh in 0..g.out_h {
        let rows = g.rows.window(oh);
        for ow in 0..g.out_w {
            let cols = g.cols.window(ow);
            let divisor = if include_pad { full } else { ((rows.1 - rows.0) * (cols.1 - cols.0)) as f32 };
            f(oh * g.out_w + ow, rows, cols, divisor);
        }
    }
}

pub fn forward(x: &[f32], y: &mut [f32], g: &PoolGeometry, include_pad: bool) {
    let w_in = g.cols.input;
    y.par_chunks_mut(g.out_plane).enumerate().for_each(|(p, yp)| {
        let xp = &x[p * g.in_plane..][..g.in_plane];
        for_each_window(g, include_pad, |o, (h0, h1), (w0, w1), divisor| {
            let total: f32 = (h0..h1).map(|h| xp[h * w_in + w0..h * w_in + w1].iter().sum::<f32>()).sum();
            yp[o] = total / divisor;
        });
    });
}

pub fn backward(dy: &[f32], dx: &mut [f32], g: &PoolGeometry, include_pad: bool) {
    let w_in = g.cols.input;
    dx.par_chunks_mut(g.in_plane).enumerate().for_each(|(p, dxp)| {
        dxp.fill(0.0);
        let dyp = &dy[p * g.out_plane..][..g.out_plane];
        for_each_window(g, include_pad, |o, (h0, h1), (w0, w1), divisor| {
            let share = dyp[o] / divisor;
            for h in h0..h1 {
                dxp[h * w_in + w0..h * w_in + w1].iter_mut().for_each(|d| *d += share);
            }
        });
    });
}
