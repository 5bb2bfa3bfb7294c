//! Direct convolution for few channels, register-blocked: up to 8 output channels x 16 output
//! columns accumulate in registers while every tap of the patch streams past, read from a
//! zero-padded copy of the image (so the inner loop has no bounds logic). Needs column stride 1.

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::dims::{checked_product, checked_sum};
use crate::error::KResult;
use crate::scratch::{self, Buffer};
use crate::simd_variants;
use crate::vec16::Vec16;

pub const LANES: usize = 16;
const BLOCK: usize = 8;

pub fn forward_applies(g: &ConvGeometry) -> bool {
    g.cols.stride == 1
}

const PADDED: &str = "padded image";

/// Floats `pad_image` allocates: C·(H+pads)·(W+pads+slack), then LANES + dilationWidth·kW so that
/// the last 16-wide reads stay inside; `None` when that overflows usize.
fn padded_len(g: &ConvGeometry, slack: usize) -> Option<usize> {
    let (r, c) = (&g.rows, &g.cols);
    let hp = checked_sum(&[r.input, r.pad_before, r.pad_after])?;
    let wp = checked_sum(&[c.input, c.pad_before, c.pad_after, slack])?;
    checked_sum(&[checked_product(&[g.in_channels, hp, wp])?, LANES, checked_product(&[c.dilation, c.kernel])?])
}

/// The padded copies of images that `pad_image` makes, `copies` of them alive at once.
pub fn padded_image(g: &ConvGeometry, slack: usize, copies: usize) -> Buffer {
    let (r, c) = (&g.rows, &g.cols);
    let formula = format!(
        "C·(H+padTop+padBottom)·(W+padLeft+padRight+{slack}) + {LANES} + dilationWidth·kW \
         = {}·({}+{}+{})·({}+{}+{}+{slack}) + {LANES} + {}·{}",
        g.in_channels, r.input, r.pad_before, r.pad_after, c.input, c.pad_before, c.pad_after, c.dilation, c.kernel
    );
    Buffer { what: PADDED, formula, per_copy: padded_len(g, slack), copies }
}

/// Copies one image into `buf` with its padding as zeros, rows widened by `slack` zeros, plus
/// slack at the end so the last 16-wide reads stay inside; returns the padded row length.
pub fn pad_image(op: &str, x: &[f32], g: &ConvGeometry, slack: usize, buf: &mut Vec<f32>) -> KResult<usize> {
    let (r, c) = (&g.rows, &g.cols);
    let (hp, wp) = (r.input + r.pad_before + r.pad_after, c.input + c.pad_before + c.pad_after + slack);
    buf.clear();
    scratch::resize(op, PADDED, buf, scratch::size(op, PADDED, padded_len(g, slack))?, 0.0)?;
    for (ch, plane) in x.chunks_exact(g.in_plane).enumerate() {
        for (row, src) in plane.chunks_exact(c.input).enumerate() {
            let start = (ch * hp + row + r.pad_before) * wp + c.pad_before;
            buf[start..start + c.input].copy_from_slice(src);
        }
    }
    Ok(wp)
}

/// One tap: where it reads in the padded image, and its weight for each channel of the block.
type Tap = (usize, [f32; BLOCK]);
const TAPS: &str = "tap table";

/// What `forward` allocates: a padded image and a table of the patch's taps per task.
pub fn forward_scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    let copies = threads.min(g.batch);
    let floats = size_of::<Tap>() / size_of::<f32>();
    let formula = format!("C/groups·kH·kW taps × {floats} floats = {}·{floats}", g.patch);
    let taps = Buffer { what: TAPS, formula, per_copy: g.patch.checked_mul(floats), copies };
    vec![padded_image(g, 0, copies), taps]
}

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
fn block<const B: usize, V: Vec16>(xp: &[f32], taps: &[Tap], y: &mut [f32], g: &ConvGeometry, wp: usize) {
    for oh in 0..g.out_h {
        let row = oh * g.rows.stride * wp;
        for col in (0..g.out_w).step_by(LANES) {
            let mut acc = [V::zero(); B];
            for (offset, wv) in taps {
                let xs = V::load(xp[row + col + offset..][..LANES].try_into().expect("16 lanes"));
                for o in 0..B {
                    acc[o] = acc[o].mul_add(V::splat(wv[o]), xs);
                }
            }
            let n = LANES.min(g.out_w - col);
            for (o, a) in acc.iter().enumerate() {
                let dst = &mut y[o * g.out_plane + oh * g.out_w + col..][..n];
                if let Ok(full) = <&mut [f32; LANES]>::try_from(&mut *dst) {
                    a.store(full);
                } else {
                    // A partial chunk: an element loop, as a memcpy call per row would cost more than the row.
                    let mut lanes = [0.0f32; LANES];
                    a.store(&mut lanes);
                    for (d, l) in dst.iter_mut().zip(lanes) {
                        *d = l;
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn image<V: Vec16>(xp: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, wp: usize, taps: &mut Vec<Tap>) {
    for grp in 0..g.groups {
        for oc0 in (0..g.out_per_group).step_by(BLOCK) {
            let width = BLOCK.min(g.out_per_group - oc0);
            let oc = grp * g.out_per_group + oc0;
            block_taps(w, g, wp, grp, oc, width, taps);
            let y = &mut y[oc * g.out_plane..];
            match width {
                1 => block::<1, V>(xp, taps, y, g, wp),
                2 => block::<2, V>(xp, taps, y, g, wp),
                3 => block::<3, V>(xp, taps, y, g, wp),
                4 => block::<4, V>(xp, taps, y, g, wp),
                5 => block::<5, V>(xp, taps, y, g, wp),
                6 => block::<6, V>(xp, taps, y, g, wp),
                7 => block::<7, V>(xp, taps, y, g, wp),
                _ => block::<8, V>(xp, taps, y, g, wp),
            }
        }
    }
}

simd_variants!(
    /// y (one image) from its padded copy `xp`.
    fn image_variants(xp: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, wp: usize, taps: &mut Vec<Tap>) => image
);

/// y = conv(x, w) without bias; one image per task.
pub fn forward(op: &str, x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry) -> KResult<()> {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    y.par_chunks_mut(ys).enumerate().try_for_each_init(
        || (Vec::new(), Vec::new()),
        |(buf, taps), (n, y_img)| {
            let wp = pad_image(op, &x[n * xs..][..xs], g, 0, buf)?;
            scratch::reserve(op, TAPS, taps, g.patch)?;
            image_variants(buf, w, y_img, g, wp, taps);
            Ok(())
        },
    )
}
