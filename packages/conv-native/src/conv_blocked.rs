//! Direct convolution for few channels, register-blocked: up to 8 output channels x 16 output
//! columns accumulate in registers while every tap of the patch streams past, read from a
//! zero-padded copy of the image (so the inner loop has no bounds logic). Needs column stride 1.
//! Backward-input with stride 1 is the same loop: a full correlation of dy with the flipped,
//! transposed weights.

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::simd_dispatch::madd;
use crate::simd_variants;

pub const LANES: usize = 16;
const BLOCK: usize = 8;

pub fn forward_applies(g: &ConvGeometry) -> bool {
    g.cols.stride == 1
}

/// Stride 1 and padding no wider than the dilated kernel, so the adjoint's padding is not negative.
pub fn backward_input_applies(g: &ConvGeometry) -> bool {
    let fits = |a: &crate::window::Axis| {
        let span = a.dilation * (a.kernel - 1);
        a.stride == 1 && a.pad_before <= span && a.pad_after <= span
    };
    fits(&g.rows) && fits(&g.cols)
}

/// Copies one image into `buf` with its padding as zeros, rows widened by `slack` zeros, plus
/// slack at the end so the last 16-wide reads stay inside; returns the padded row length.
pub fn pad_image(x: &[f32], g: &ConvGeometry, slack: usize, buf: &mut Vec<f32>) -> usize {
    let (r, c) = (&g.rows, &g.cols);
    let (hp, wp) = (r.input + r.pad_before + r.pad_after, c.input + c.pad_before + c.pad_after + slack);
    buf.clear();
    buf.resize(g.in_channels * hp * wp + LANES + c.dilation * c.kernel, 0.0);
    for (ch, plane) in x.chunks_exact(g.in_plane).enumerate() {
        for (row, src) in plane.chunks_exact(c.input).enumerate() {
            let start = (ch * hp + row + r.pad_before) * wp + c.pad_before;
            buf[start..start + c.input].copy_from_slice(src);
        }
    }
    wp
}

/// One tap: where it reads in the padded image, and its weight for each channel of the block.
type Tap = (usize, [f32; BLOCK]);

fn block_taps(w: &[f32], g: &ConvGeometry, wp: usize, grp: usize, oc0: usize, width: usize, taps: &mut Vec<Tap>) {
    let (r, c) = (&g.rows, &g.cols);
    let hp = r.input + r.pad_before + r.pad_after;
    taps.clear();
    for icg in 0..g.in_per_group {
        let plane = (grp * g.in_per_group + icg) * hp * wp;
        for ki in 0..r.kernel {
            for kj in 0..c.kernel {
                let t = (icg * r.kernel + ki) * c.kernel + kj;
                let mut weights = [0.0; BLOCK];
                for (o, wv) in weights.iter_mut().enumerate().take(width) {
                    *wv = w[(oc0 + o) * g.patch + t];
                }
                taps.push((plane + ki * r.dilation * wp + kj * c.dilation, weights));
            }
        }
    }
}

#[inline(always)]
fn block<const B: usize, const FMA: bool>(xp: &[f32], taps: &[Tap], y: &mut [f32], g: &ConvGeometry, wp: usize) {
    for oh in 0..g.out_h {
        let row = oh * g.rows.stride * wp;
        for col in (0..g.out_w).step_by(LANES) {
            let mut acc = [[0.0f32; LANES]; B];
            for (offset, wv) in taps {
                let xs: &[f32; LANES] = xp[row + col + offset..][..LANES].try_into().expect("16 lanes");
                for o in 0..B {
                    for l in 0..LANES {
                        acc[o][l] = madd::<FMA>(wv[o], xs[l], acc[o][l]);
                    }
                }
            }
            let n = LANES.min(g.out_w - col);
            for (o, a) in acc.iter().enumerate() {
                y[o * g.out_plane + oh * g.out_w + col..][..n].copy_from_slice(&a[..n]);
            }
        }
    }
}

#[inline(always)]
fn image<const FMA: bool>(xp: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, wp: usize, taps: &mut Vec<Tap>) {
    for grp in 0..g.groups {
        for oc0 in (0..g.out_per_group).step_by(BLOCK) {
            let width = BLOCK.min(g.out_per_group - oc0);
            let oc = grp * g.out_per_group + oc0;
            block_taps(w, g, wp, grp, oc, width, taps);
            let y = &mut y[oc * g.out_plane..];
            match width {
                1 => block::<1, FMA>(xp, taps, y, g, wp),
                2 => block::<2, FMA>(xp, taps, y, g, wp),
                3 => block::<3, FMA>(xp, taps, y, g, wp),
                4 => block::<4, FMA>(xp, taps, y, g, wp),
                5 => block::<5, FMA>(xp, taps, y, g, wp),
                6 => block::<6, FMA>(xp, taps, y, g, wp),
                7 => block::<7, FMA>(xp, taps, y, g, wp),
                _ => block::<8, FMA>(xp, taps, y, g, wp),
            }
        }
    }
}

simd_variants!(
    /// y (one image) from its padded copy `xp`.
    fn image_variants(xp: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, wp: usize, taps: &mut Vec<Tap>) => image
);

/// y = conv(x, w) without bias; one image per task.
pub fn forward(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry) {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    y.par_chunks_mut(ys).enumerate().for_each_init(
        || (Vec::new(), Vec::new()),
        |(buf, taps), (n, y_img)| {
            let wp = pad_image(&x[n * xs..][..xs], g, 0, buf);
            image_variants(buf, w, y_img, g, wp, taps);
        },
    );
}

/// The geometry and weights of the full correlation that computes dx from dy (stride 1).
fn adjoint(w: &[f32], g: &ConvGeometry) -> (ConvGeometry, Vec<f32>) {
    let (r, c) = (&g.rows, &g.cols);
    let span = |a: &crate::window::Axis| a.dilation * (a.kernel - 1);
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
    let ga = ConvGeometry::parse("conv2dBackwardInput", &numbers).expect("the adjoint of a valid geometry is valid");
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

pub fn backward_input(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry) {
    let (ga, wa) = adjoint(w, g);
    forward(dy, &wa, dx, &ga);
}
