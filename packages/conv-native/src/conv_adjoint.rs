//! Backward-input as a forward convolution: with stride 1, dx is the full correlation of dy with
//! the weights flipped in space and transposed in channels, so it runs on the (faster) forward
//! kernels and needs no col2im scatter.

use crate::conv_geometry::ConvGeometry;
use crate::window::Axis;

/// Stride 1 and padding no wider than the dilated kernel, so the adjoint's padding is not negative.
pub fn applies(g: &ConvGeometry) -> bool {
    let fits = |a: &Axis| {
        let span = a.dilation * (a.kernel - 1);
        a.stride == 1 && a.pad_before <= span && a.pad_after <= span
    };
    fits(&g.rows) && fits(&g.cols)
}

/// The geometry and weights of the full correlation that computes dx from dy (stride 1).
pub fn adjoint(w: &[f32], g: &ConvGeometry) -> (ConvGeometry, Vec<f32>) {
    let ga = adjoint_geometry(g);
    let (r, c) = (&g.rows, &g.cols);
    let k = r.kernel * c.kernel;
    let mut wa = vec![0.0; w.len()];
    for oc in 0..g.out_channels {
        let (grp, ocg) = (oc / g.out_per_group, oc % g.out_per_group);
        for icg in 0..g.in_per_group {
            let ic = grp * g.in_per_group + icg;
            for t in 0..k {
                wa[(ic * g.out_per_group + ocg) * k + (k - 1 - t)] = w[(oc * g.in_per_group + icg) * k + t];
            }
        }
    }
    (ga, wa)
}

/// The geometry of the full correlation that computes dx from dy (stride 1).
pub fn adjoint_geometry(g: &ConvGeometry) -> ConvGeometry {
    let (r, c) = (&g.rows, &g.cols);
    let span = |a: &Axis| a.dilation * (a.kernel - 1);
    let numbers = [
        g.batch,
        g.out_channels,
        g.out_h,
        g.out_w,
        g.in_channels,
        r.kernel,
        c.kernel,
        1,
        1,
        span(r) - r.pad_before,
        span(r) - r.pad_after,
        span(c) - c.pad_before,
        span(c) - c.pad_after,
        r.dilation,
        c.dilation,
        g.groups,
        r.input,
        c.input,
    ]
    .map(|v| v as f64);
    ConvGeometry::parse("conv2dBackwardInput", &numbers).expect("the adjoint of a valid geometry is valid")
}
