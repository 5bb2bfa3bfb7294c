//! Weight gradient for few channels (column stride 1), register-blocked: for up to 4 output
//! channels x 4 taps of one kernel row, 16-wide partial sums run along each output row of dy and
//! the matching shifted row of the zero-padded input. Each thread sums a slice of the batch.

use crate::batch_sum::{self, sum_over_batch};
use crate::conv_blocked::{LANES, pad_image, padded_image};
use crate::conv_geometry::ConvGeometry;
use crate::dims::checked_product;
use crate::error::KResult;
use crate::scratch::{self, Buffer};
use crate::simd_variants;
use crate::vec16::Vec16;

const CHANNELS: usize = 4;
const TAPS: usize = 4;

const PADDED_DY: &str = "padded dy";

/// Floats `pad_dy` allocates: outC·outH·(outW rounded up to 16); `None` when that overflows usize.
fn padded_dy_len(g: &ConvGeometry) -> Option<usize> {
    checked_product(&[g.out_channels, g.out_h, g.out_w.checked_next_multiple_of(LANES)?])
}

/// dy of one image copied with rows rounded up to whole 16-lane chunks (zeros beyond outW),
/// so lanes past the row end contribute nothing.
fn pad_dy(op: &str, dy: &[f32], g: &ConvGeometry, buf: &mut Vec<f32>) -> KResult<usize> {
    let width = g.out_w.next_multiple_of(LANES);
    buf.clear();
    scratch::resize(op, PADDED_DY, buf, scratch::size(op, PADDED_DY, padded_dy_len(g))?, 0.0)?;
    for (row, src) in dy.chunks_exact(g.out_w).enumerate() {
        buf[row * width..row * width + g.out_w].copy_from_slice(src);
    }
    Ok(width)
}

/// Where one block reads: padded input plane and kernel row, first output channel and first tap.
struct Block {
    x_base: usize,
    oc0: usize,
    kj0: usize,
}

#[derive(Clone, Copy)]
struct Layout {
    /// Padded input row length and padded dy row length.
    wp: usize,
    wd: usize,
}

#[inline(always)]
fn block<const B: usize, const T: usize, V: Vec16>(
    xp: &[f32],
    dyp: &[f32],
    g: &ConvGeometry,
    at: &Block,
    lay: Layout,
) -> [[f32; T]; B] {
    let mut acc = [[V::zero(); T]; B];
    let dil = g.cols.dilation;
    for oh in 0..g.out_h {
        let x_row = at.x_base + oh * g.rows.stride * lay.wp;
        for col in (0..g.out_w).step_by(LANES) {
            let d: [V; B] = std::array::from_fn(|o| {
                V::load(dyp[((at.oc0 + o) * g.out_h + oh) * lay.wd + col..][..LANES].try_into().expect("16 lanes"))
            });
            for t in 0..T {
                let xs = V::load(xp[x_row + col + (at.kj0 + t) * dil..][..LANES].try_into().expect("16 lanes"));
                for o in 0..B {
                    acc[o][t] = acc[o][t].mul_add(d[o], xs);
                }
            }
        }
    }
    // Plain loops: `map(V::sum)` would pass the reduction as a function pointer, compiled
    // outside the SIMD variant and called per element.
    let mut sums = [[0.0f32; T]; B];
    for o in 0..B {
        for t in 0..T {
            sums[o][t] = acc[o][t].sum();
        }
    }
    sums
}

/// Adds block sums into dw[(oc0+o), icg, ki, kj0+t].
fn scatter<const B: usize, const T: usize>(
    sums: [[f32; T]; B],
    dw: &mut [f32],
    g: &ConvGeometry,
    row: usize,
    at: &Block,
) {
    for (o, taps) in sums.iter().enumerate() {
        let base = (at.oc0 + o) * g.patch + row * g.cols.kernel + at.kj0;
        for (t, s) in taps.iter().enumerate() {
            dw[base + t] += s;
        }
    }
}

macro_rules! run_block {
    ($b:literal, $t:expr, $xp:expr, $dyp:expr, $g:expr, $at:expr, $lay:expr, $dw:expr, $row:expr, $v:ident) => {
        match $t {
            1 => scatter(block::<$b, 1, $v>($xp, $dyp, $g, $at, $lay), $dw, $g, $row, $at),
            2 => scatter(block::<$b, 2, $v>($xp, $dyp, $g, $at, $lay), $dw, $g, $row, $at),
            3 => scatter(block::<$b, 3, $v>($xp, $dyp, $g, $at, $lay), $dw, $g, $row, $at),
            _ => scatter(block::<$b, 4, $v>($xp, $dyp, $g, $at, $lay), $dw, $g, $row, $at),
        }
    };
}

#[inline(always)]
fn image<V: Vec16>(xp: &[f32], dyp: &[f32], dw: &mut [f32], g: &ConvGeometry, lay: Layout) {
    let hp = g.rows.input + g.rows.pad_before + g.rows.pad_after;
    for (grp, first) in (0..g.groups).flat_map(|grp| (0..g.out_per_group).step_by(CHANNELS).map(move |f| (grp, f))) {
        let width = CHANNELS.min(g.out_per_group - first);
        let oc0 = grp * g.out_per_group + first;
        for icg in 0..g.in_per_group {
            let plane = (grp * g.in_per_group + icg) * hp * lay.wp;
            for ki in 0..g.rows.kernel {
                for kj0 in (0..g.cols.kernel).step_by(TAPS) {
                    let taps = TAPS.min(g.cols.kernel - kj0);
                    let at = Block { x_base: plane + ki * g.rows.dilation * lay.wp, oc0, kj0 };
                    let row = icg * g.rows.kernel + ki;
                    match width {
                        1 => run_block!(1, taps, xp, dyp, g, &at, lay, dw, row, V),
                        2 => run_block!(2, taps, xp, dyp, g, &at, lay, dw, row, V),
                        3 => run_block!(3, taps, xp, dyp, g, &at, lay, dw, row, V),
                        _ => run_block!(4, taps, xp, dyp, g, &at, lay, dw, row, V),
                    }
                }
            }
        }
    }
}

simd_variants!(
    /// Adds one image's weight gradient into `dw` from its padded input and dy.
    fn image_variants(xp: &[f32], dyp: &[f32], dw: &mut [f32], g: &ConvGeometry, lay: Layout) => image
);

pub fn applies(g: &ConvGeometry) -> bool {
    g.cols.stride == 1
}

/// What `backward_weight` allocates: per-task partial gradients, padded images and padded dy.
pub fn scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    let copies = batch_sum::tasks(g.batch, threads);
    let width = g.out_w.checked_next_multiple_of(LANES).unwrap_or(usize::MAX);
    let formula = format!("outC·outH·(outW rounded up to {LANES}) = {}·{}·{width}", g.out_channels, g.out_h);
    vec![
        batch_sum::partials(g, threads),
        padded_image(g, LANES, copies),
        Buffer { what: PADDED_DY, formula, per_copy: padded_dy_len(g), copies },
    ]
}

pub fn backward_weight(
    op: &str,
    x: &[f32],
    dy: &[f32],
    dw: &mut [f32],
    g: &ConvGeometry,
    threads: usize,
) -> KResult<()> {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    sum_over_batch(op, dw, g.batch, threads, |n, acc, (xbuf, dybuf): &mut (Vec<f32>, Vec<f32>)| {
        let wp = pad_image(op, &x[n * xs..][..xs], g, LANES, xbuf)?;
        let wd = pad_dy(op, &dy[n * ys..][..ys], g, dybuf)?;
        image_variants(xbuf, dybuf, acc, g, Layout { wp, wd });
        Ok(())
    })
}
