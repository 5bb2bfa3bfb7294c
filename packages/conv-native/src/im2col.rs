//! im2col and its adjoint col2im for one image and one group, over a band of output rows.
//! Column buffer layout: row (c, ki, kj) of length rows*outW, row-major over the band.

use std::ops::Range;

use crate::conv_blocked::{LANES, pad_image, padded_image};
use crate::conv_geometry::ConvGeometry;
use crate::dims::checked_product;
use crate::error::KResult;
use crate::scratch::{self, Buffer};

/// Visits every (column-buffer row, input plane, tap) of the band: `f(row_index, plane_index, ki, kj)`.
fn for_each_tap(g: &ConvGeometry, mut f: impl FnMut(usize, usize, usize, usize)) {
    let (kh, kw) = (g.rows.kernel, g.cols.kernel);
    for c in 0..g.in_per_group {
        for ki in 0..kh {
            for kj in 0..kw {
                f((c * kh + ki) * kw + kj, c, ki, kj);
            }
        }
    }
}

/// Fills `col` (patch x band.len()*outW) from the group's input planes `x` (inC/groups planes).
pub fn im2col(x: &[f32], g: &ConvGeometry, band: Range<usize>, col: &mut [f32]) {
    let (w_in, ow) = (g.cols.input, g.out_w);
    let band_len = band.len() * ow;
    for_each_tap(g, |r, c, ki, kj| {
        let plane = &x[c * g.in_plane..][..g.in_plane];
        let row = &mut col[r * band_len..][..band_len];
        let (r0, r1) = g.rows.valid_outputs(ki, g.out_h);
        let (c0, c1) = g.cols.valid_outputs(kj, ow);
        for (oh, dst) in band.clone().zip(row.chunks_exact_mut(ow)) {
            if oh < r0 || oh >= r1 || c0 >= c1 {
                dst.fill(0.0);
                continue;
            }
            let src = &plane[g.rows.input_index(oh, ki) * w_in..][..w_in];
            dst[..c0].fill(0.0);
            dst[c1..].fill(0.0);
            if g.cols.stride == 1 {
                let s0 = g.cols.input_index(c0, kj);
                dst[c0..c1].copy_from_slice(&src[s0..s0 + (c1 - c0)]);
            } else {
                for (o, d) in dst.iter_mut().enumerate().take(c1).skip(c0) {
                    *d = src[g.cols.input_index(o, kj)];
                }
            }
        }
    });
}

/// Adds `col` (as laid out by `im2col`) back into the group's input-gradient planes `dx`.
pub fn col2im(col: &[f32], g: &ConvGeometry, band: Range<usize>, dx: &mut [f32]) {
    let (w_in, ow) = (g.cols.input, g.out_w);
    let band_len = band.len() * ow;
    for_each_tap(g, |r, c, ki, kj| {
        let plane = &mut dx[c * g.in_plane..][..g.in_plane];
        let row = &col[r * band_len..][..band_len];
        let (r0, r1) = g.rows.valid_outputs(ki, g.out_h);
        let (c0, c1) = g.cols.valid_outputs(kj, ow);
        if c0 >= c1 {
            return;
        }
        for (oh, src) in band.clone().zip(row.chunks_exact(ow)) {
            if oh < r0 || oh >= r1 {
                continue;
            }
            let dst = &mut plane[g.rows.input_index(oh, ki) * w_in..][..w_in];
            if g.cols.stride == 1 {
                let d0 = g.cols.input_index(c0, kj);
                for (d, s) in dst[d0..d0 + (c1 - c0)].iter_mut().zip(&src[c0..c1]) {
                    *d += s;
                }
            } else {
                for (o, s) in src.iter().enumerate().take(c1).skip(c0) {
                    dst[g.cols.input_index(o, kj)] += s;
                }
            }
        }
    });
}

/// im2col from a zero-padded image (column stride 1): every row segment is a plain shifted copy,
/// done in whole 16-float moves. A move may run past its segment; the next segment, written
/// after it, overwrites the excess, and `col` keeps LANES floats of slack for the last one.
fn im2col_padded(xp: &[f32], wp: usize, g: &ConvGeometry, grp: usize, band: Range<usize>, col: &mut [f32]) {
    let ow = g.out_w;
    let hp = g.rows.input + g.rows.pad_before + g.rows.pad_after;
    let band_len = band.len() * ow;
    for_each_tap(g, |r, c, ki, kj| {
        let plane = (grp * g.in_per_group + c) * hp * wp + ki * g.rows.dilation * wp + kj * g.cols.dilation;
        for (i, oh) in band.clone().enumerate() {
            let (src, dst) = (plane + oh * g.rows.stride * wp, r * band_len + i * ow);
            for j in (0..ow).step_by(LANES) {
                col[dst + j..dst + j + LANES].copy_from_slice(&xp[src + j..src + j + LANES]);
            }
        }
    });
}

const COLUMNS: &str = "im2col buffer";

/// Floats of the column matrix of `rows` output rows: patch·rows·outW; `None` when that overflows usize.
fn column_len(g: &ConvGeometry, rows: usize) -> Option<usize> {
    checked_product(&[g.patch, rows, g.out_w])
}

/// Per-thread scratch of the im2col convolution: the current image, zero-padded once when the
/// column stride is 1, and the column buffer.
#[derive(Default)]
pub struct Columns {
    padded: Vec<f32>,
    padded_width: usize,
    col: Vec<f32>,
}

impl Columns {
    /// What `copies` of the scratch allocate for bands of `rows` output rows: the padded image
    /// when `set_image` pads (`with_image`), and the column buffer.
    pub fn scratch(g: &ConvGeometry, rows: usize, with_image: bool, copies: usize) -> Vec<Buffer> {
        let formula = format!("C/groups·kH·kW × bandRows·outW + {LANES} = {}·{rows}·{} + {LANES}", g.patch, g.out_w);
        let per_copy = column_len(g, rows).and_then(|n| n.checked_add(LANES));
        let columns = Buffer { what: COLUMNS, formula, per_copy, copies };
        if with_image && g.cols.stride == 1 { vec![padded_image(g, 0, copies), columns] } else { vec![columns] }
    }

    pub fn set_image(&mut self, op: &str, x: &[f32], g: &ConvGeometry) -> KResult<()> {
        self.padded_width = if g.cols.stride == 1 { pad_image(op, x, g, 0, &mut self.padded)? } else { 0 };
        Ok(())
    }

    /// The column buffer with room for the column matrix of `band` (contents unspecified).
    pub fn buffer(&mut self, op: &str, g: &ConvGeometry, band: &Range<usize>) -> KResult<&mut [f32]> {
        let len = scratch::size(op, COLUMNS, column_len(g, band.len()))?;
        scratch::resize(op, COLUMNS, &mut self.col, len + LANES, 0.0)?;
        Ok(&mut self.col[..len])
    }

    /// The patch x (band rows * outW) column matrix of group `grp` of the image given to `set_image`.
    pub fn fill(&mut self, op: &str, x: &[f32], g: &ConvGeometry, grp: usize, band: Range<usize>) -> KResult<&[f32]> {
        let len = self.buffer(op, g, &band)?.len();
        if self.padded_width > 0 {
            im2col_padded(&self.padded, self.padded_width, g, grp, band, &mut self.col);
        } else {
            let xs = g.in_per_group * g.in_plane;
            im2col(&x[grp * xs..][..xs], g, band, &mut self.col);
        }
        Ok(&self.col[..len])
    }
}
