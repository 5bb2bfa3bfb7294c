//! Convolution as GEMM over im2col bands: forward, backward-input and backward-weight side by side.
//! Images are spread over threads when there are enough of them, otherwise each GEMM is split.
//! The output rows are cut into bands so that a band's column buffer stays in L2.

use std::ops::Range;

use rayon::prelude::*;

use crate::batch_sum::{self, sum_over_batch};
use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::im2col::{Columns, col2im};
use crate::scratch::Buffer;
use crate::sgemm::{MatMut, MatRef, Threads, sgemm};

/// Column-buffer floats per band (1 MiB): large enough for efficient GEMM panels, small enough for L2.
const BAND_FLOATS: usize = 1 << 18;

/// Output rows per band: as many as fit BAND_FLOATS, at least one.
fn band_rows(g: &ConvGeometry) -> usize {
    (BAND_FLOATS / g.patch.saturating_mul(g.out_w).max(1)).clamp(1, g.out_h)
}

fn bands(g: &ConvGeometry) -> impl Iterator<Item = Range<usize>> {
    let rows = band_rows(g);
    (0..g.out_h).step_by(rows).map(move |start| start..(start + rows).min(g.out_h))
}

/// Scratch copies alive at once in `each_image`: one per thread when images are spread over threads.
fn image_tasks(batch: usize, threads: usize) -> usize {
    if threads > 1 && batch >= threads { threads } else { 1 }
}

/// What forward allocates: per task, the padded image and the column buffer (none when 1x1).
pub fn forward_scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    if g.is_pointwise() { vec![] } else { Columns::scratch(g, band_rows(g), true, image_tasks(g.batch, threads)) }
}

/// What backward-input allocates: per task, the column buffer (none when 1x1).
pub fn backward_input_scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    if g.is_pointwise() { vec![] } else { Columns::scratch(g, band_rows(g), false, image_tasks(g.batch, threads)) }
}

/// What backward-weight allocates: per-task partial gradients, and per task the forward's buffers.
pub fn backward_weight_scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    let task_threads = if image_tasks(g.batch, threads) > 1 { threads } else { 1 };
    let mut buffers = vec![batch_sum::partials(g, task_threads)];
    if !g.is_pointwise() {
        buffers.extend(Columns::scratch(g, band_rows(g), true, batch_sum::tasks(g.batch, task_threads)));
    }
    buffers
}

fn band_cols(g: &ConvGeometry, band: &Range<usize>) -> (usize, usize) {
    (band.start * g.out_w, band.len() * g.out_w)
}

fn group_weight<'a>(w: &'a [f32], g: &ConvGeometry, grp: usize) -> &'a [f32] {
    &w[grp * g.out_per_group * g.patch..][..g.out_per_group * g.patch]
}

fn forward_image(
    op: &str,
    x: &[f32],
    w: &[f32],
    y: &mut [f32],
    g: &ConvGeometry,
    cols: &mut Columns,
    threads: Threads,
) -> KResult<()> {
    let (ocg, xs, ys) = (g.out_per_group, g.in_per_group * g.in_plane, g.out_per_group * g.out_plane);
    if !g.is_pointwise() {
        cols.set_image(op, x, g)?;
    }
    for grp in 0..g.groups {
        let (xg, yg) = (&x[grp * xs..][..xs], &mut y[grp * ys..][..ys]);
        let wg = MatRef::row_major(group_weight(w, g, grp), g.patch);
        if g.is_pointwise() {
            let out = MatMut { data: yg, ld: g.out_plane };
            sgemm((ocg, g.out_plane, g.patch), wg, MatRef::row_major(xg, g.out_plane), out, false, threads);
            continue;
        }
        for band in bands(g) {
            let (p0, len) = band_cols(g, &band);
            let col = cols.fill(op, x, g, grp, band)?;
            let out = MatMut { data: &mut yg[p0..], ld: g.out_plane };
            sgemm((ocg, len, g.patch), wg, MatRef::row_major(col, len), out, false, threads);
        }
    }
    Ok(())
}

fn backward_input_image(
    op: &str,
    dy: &[f32],
    w: &[f32],
    dx: &mut [f32],
    g: &ConvGeometry,
    cols: &mut Columns,
    threads: Threads,
) -> KResult<()> {
    let (ocg, xs, ys) = (g.out_per_group, g.in_per_group * g.in_plane, g.out_per_group * g.out_plane);
    for grp in 0..g.groups {
        let (dyg, dxg) = (&dy[grp * ys..][..ys], &mut dx[grp * xs..][..xs]);
        let wt = MatRef::transposed(group_weight(w, g, grp), g.patch);
        if g.is_pointwise() {
            let out = MatMut { data: dxg, ld: g.in_plane };
            sgemm((g.patch, g.out_plane, ocg), wt, MatRef::row_major(dyg, g.out_plane), out, false, threads);
            continue;
        }
        dxg.fill(0.0);
        for band in bands(g) {
            let (p0, len) = band_cols(g, &band);
            let col = cols.buffer(op, g, &band)?;
            let dy_band = MatRef { data: &dyg[p0..], rs: g.out_plane, cs: 1 };
            sgemm((g.patch, len, ocg), wt, dy_band, MatMut { data: &mut *col, ld: len }, false, threads);
            col2im(col, g, band, dxg);
        }
    }
    Ok(())
}

/// Adds this image's weight gradient into `dw`.
fn backward_weight_image(
    op: &str,
    x: &[f32],
    dy: &[f32],
    dw: &mut [f32],
    g: &ConvGeometry,
    cols: &mut Columns,
    threads: Threads,
) -> KResult<()> {
    let (ocg, xs, ys) = (g.out_per_group, g.in_per_group * g.in_plane, g.out_per_group * g.out_plane);
    if !g.is_pointwise() {
        cols.set_image(op, x, g)?;
    }
    for grp in 0..g.groups {
        let (xg, dyg) = (&x[grp * xs..][..xs], &dy[grp * ys..][..ys]);
        let dwg = &mut dw[grp * ocg * g.patch..][..ocg * g.patch];
        if g.is_pointwise() {
            let out = MatMut { data: dwg, ld: g.patch };
            let xt = MatRef::transposed(xg, g.out_plane);
            sgemm((ocg, g.patch, g.out_plane), MatRef::row_major(dyg, g.out_plane), xt, out, true, threads);
            continue;
        }
        for band in bands(g) {
            let (p0, len) = band_cols(g, &band);
            let col = cols.fill(op, x, g, grp, band)?;
            let dy_band = MatRef { data: &dyg[p0..], rs: g.out_plane, cs: 1 };
            let out = MatMut { data: &mut *dwg, ld: g.patch };
            sgemm((ocg, g.patch, len), dy_band, MatRef::transposed(col, len), out, true, threads);
        }
    }
    Ok(())
}

/// Runs `f(image, out_slice, scratch, gemm_threads)` for every image, one image per task when
/// there are at least as many images as threads, else sequentially with multithreaded GEMMs.
fn each_image<F>(out: &mut [f32], per_image: usize, batch: usize, threads: usize, f: F) -> KResult<()>
where
    F: Fn(usize, &mut [f32], &mut Columns, Threads) -> KResult<()> + Sync,
{
    if image_tasks(batch, threads) > 1 {
        out.par_chunks_mut(per_image)
            .enumerate()
            .try_for_each_init(Columns::default, |cols, (i, o)| f(i, o, cols, Threads::One))
    } else {
        let mut cols = Columns::default();
        out.chunks_mut(per_image).enumerate().try_for_each(|(i, o)| f(i, o, &mut cols, Threads::Pool(threads)))
    }
}

pub fn forward(op: &str, x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, threads: usize) -> KResult<()> {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    each_image(y, ys, g.batch, threads, |i, y_img, cols, t| forward_image(op, &x[i * xs..][..xs], w, y_img, g, cols, t))
}

pub fn backward_input(
    op: &str,
    dy: &[f32],
    w: &[f32],
    dx: &mut [f32],
    g: &ConvGeometry,
    threads: usize,
) -> KResult<()> {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    each_image(dx, xs, g.batch, threads, |i, dx_img, cols, t| {
        backward_input_image(op, &dy[i * ys..][..ys], w, dx_img, g, cols, t)
    })
}

/// Overwrites `dw`. With enough images each thread sums a slice of the batch with one-thread GEMMs;
/// otherwise images run in turn with GEMMs split over the pool.
pub fn backward_weight(
    op: &str,
    x: &[f32],
    dy: &[f32],
    dw: &mut [f32],
    g: &ConvGeometry,
    threads: usize,
) -> KResult<()> {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    let split_batch = image_tasks(g.batch, threads) > 1;
    let gemm_threads = if split_batch { Threads::One } else { Threads::Pool(threads) };
    let task_threads = if split_batch { threads } else { 1 };
    sum_over_batch(op, dw, g.batch, task_threads, |n, acc, cols: &mut Columns| {
        backward_weight_image(op, &x[n * xs..][..xs], &dy[n * ys..][..ys], acc, g, cols, gemm_threads)
    })
}
