//! Direct float64 loops, written for clarity only: the truth the fast kernels are checked against.
//! Each returns the values and, from the same loops on absolute values, the magnitudes that set tolerances.

use crate::conv_geometry::ConvGeometry;
use crate::pool_geometry::PoolGeometry;

/// Calls `f(x_index, w_index, y_index)` for every multiply-add of the convolution.
fn each_term(g: &ConvGeometry, mut f: impl FnMut(usize, usize, usize)) {
    let (h, w) = (g.rows.input as isize, g.cols.input as isize);
    for n in 0..g.batch {
        for oc in 0..g.out_channels {
            let grp = oc / g.out_per_group;
            for oh in 0..g.out_h {
                for ow in 0..g.out_w {
                    let yi = ((n * g.out_channels + oc) * g.out_h + oh) * g.out_w + ow;
                    for icg in 0..g.in_per_group {
                        let ic = grp * g.in_per_group + icg;
                        for ki in 0..g.rows.kernel {
                            for kj in 0..g.cols.kernel {
                                let ih =
                                    (oh * g.rows.stride + ki * g.rows.dilation) as isize - g.rows.pad_before as isize;
                                let iw =
                                    (ow * g.cols.stride + kj * g.cols.dilation) as isize - g.cols.pad_before as isize;
                                if ih < 0 || iw < 0 || ih >= h || iw >= w {
                                    continue;
                                }
                                let xi = ((n * g.in_channels + ic) * g.rows.input + ih as usize) * g.cols.input
                                    + iw as usize;
                                let wi = ((oc * g.in_per_group + icg) * g.rows.kernel + ki) * g.cols.kernel + kj;
                                f(xi, wi, yi);
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct Expect {
    pub values: Vec<f64>,
    pub magnitude: Vec<f64>,
}

impl Expect {
    fn zeros(len: usize) -> Self {
        Self { values: vec![0.0; len], magnitude: vec![0.0; len] }
    }

    fn add(&mut self, i: usize, a: f32, b: f32) {
        let p = f64::from(a) * f64::from(b);
        self.values[i] += p;
        self.magnitude[i] += p.abs();
    }
}

pub fn conv_forward(x: &[f32], w: &[f32], bias: Option<&[f32]>, g: &ConvGeometry) -> Expect {
    let mut y = Expect::zeros(g.y_len);
    each_term(g, |xi, wi, yi| y.add(yi, x[xi], w[wi]));
    if let Some(b) = bias {
        for (i, (v, m)) in y.values.iter_mut().zip(&mut y.magnitude).enumerate() {
            let bv = f64::from(b[(i / g.out_plane) % g.out_channels]);
            *v += bv;
            *m += bv.abs();
        }
    }
    y
}

pub fn conv_backward_input(dy: &[f32], w: &[f32], g: &ConvGeometry) -> Expect {
    let mut dx = Expect::zeros(g.x_len);
    each_term(g, |xi, wi, yi| dx.add(xi, dy[yi], w[wi]));
    dx
}

pub fn conv_backward_weight(x: &[f32], dy: &[f32], g: &ConvGeometry) -> (Expect, Expect) {
    let mut dw = Expect::zeros(g.w_len);
    each_term(g, |xi, wi, yi| dw.add(wi, dy[yi], x[xi]));
    let mut db = Expect::zeros(g.out_channels);
    for (i, &d) in dy.iter().enumerate() {
        db.add((i / g.out_plane) % g.out_channels, d, 1.0);
    }
    (dw, db)
}

/// C = op(A)·op(B) (+ C0 when given).
pub fn matmul(
    a: &[f32],
    b: &[f32],
    c0: Option<&[f32]>,
    (m, n, k): (usize, usize, usize),
    trans: (bool, bool),
) -> Expect {
    let mut c = Expect::zeros(m * n);
    for i in 0..m {
        for j in 0..n {
            for p in 0..k {
                let av = if trans.0 { a[p * m + i] } else { a[i * k + p] };
                let bv = if trans.1 { b[j * k + p] } else { b[p * n + j] };
                c.add(i * n + j, av, bv);
            }
            if let Some(c0) = c0 {
                c.add(i * n + j, c0[i * n + j], 1.0);
            }
        }
    }
    c
}

/// Calls `f(plane, out_index, in_index_within_plane, padded_count)` for every in-bounds window element.
pub fn each_window(g: &PoolGeometry, mut f: impl FnMut(usize, usize, usize)) {
    for p in 0..g.planes {
        for oh in 0..g.out_h {
            for ow in 0..g.out_w {
                for ki in 0..g.rows.kernel {
                    for kj in 0..g.cols.kernel {
                        let ih = (oh * g.rows.stride + ki) as isize - g.rows.pad_before as isize;
                        let iw = (ow * g.cols.stride + kj) as isize - g.cols.pad_before as isize;
                        if ih >= 0 && iw >= 0 && (ih as usize) < g.rows.input && (iw as usize) < g.cols.input {
                            f(p, oh * g.out_w + ow, ih as usize * g.cols.input + iw as usize);
                        }
                    }
                }
            }
        }
    }
}
