//! Backward-input as a forward convolution: with stride 1, dx is the full correlation of dy with
//! the weights flipped in space and transposed in channels, so it runs on the (faster) forward
//! kernels and needs no col2im scatter.

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::scratch::{self, Buffer};
use crate::window::Axis;

const WEIGHTS: &str = "adjoint weights";

/// The geometry of the full correlation that computes dx from dy, when that method applies: stride 1
/// and padding no wider than the dilated kernel (so the adjoint's padding is not negative), and the
/// adjoint's padding within the range geometries are read in (a dilated kernel can span more).
pub fn geometry(g: &ConvGeometry) -> Option<ConvGeometry> {
    let span = |a: &Axis| {
        let s = a.dilation.checked_mul(a.kernel - 1)?;
        (s <= u32::MAX as usize && a.stride == 1 && a.pad_before <= s && a.pad_after <= s).then_some(s)
    };
    let (r, c) = (&g.rows, &g.cols);
    let (sr, sc) = (span(r)?, span(c)?);
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
        sr - r.pad_before,
        sr - r.pad_after,
        sc - c.pad_before,
        sc - c.pad_after,
        r.dilation,
        c.dilation,
        g.groups,
        r.input,
        c.input,
    ]
    .map(|v| v as f64);
    ConvGeometry::parse("conv2dBackwardInput", &numbers).ok()
}

/// What `weights` allocates: a flipped, transposed copy of the weights.
pub fn weights_scratch(g: &ConvGeometry) -> Buffer {
    let formula = format!("outC·C/groups·kH·kW = {}·{}", g.out_channels, g.patch);
    Buffer { what: WEIGHTS, formula, per_copy: Some(g.w_len), copies: 1 }
}

/// The weights of the full correlation that computes dx from dy (stride 1).
pub fn weights(op: &str, w: &[f32], g: &ConvGeometry) -> KResult<Vec<f32>> {
    let k = g.rows.kernel * g.cols.kernel;
    let mut wa = scratch::zeros(op, WEIGHTS, w.len())?;
    for oc in 0..g.out_channels {
        let (grp, ocg) = (oc / g.out_per_group, oc % g.out_per_group);
        for icg in 0..g.in_per_group {
            let ic = grp * g.in_per_group + icg;
            for t in 0..k {
                wa[(ic * g.out_per_group + ocg) * k + (k - 1 - t)] = w[(oc * g.in_per_group + icg) * k + t];
            }
        }
    }
    Ok(wa)
}
