//! Convolution as GEMM over im2col bands: forward, backward-input and backward-weight side by side.
//! Images are spread over threads when there are enough of them, otherwise each GEMM is split.
//! The output rows are cut into bands so that a band's column buffer stays in L2.

use std::ops::Range;

use rayon::prelude::*;

use crate::batch_sum::sum_over_batch;
use crate::conv_geometry::ConvGeometry;
use crate::im2col::{Columns, col2im};
use crate::sgemm::{MatMut, MatRef, Threads, sgemm};

/// Column-buffer floats per band (1 MiB): large enough for efficient GEMM panels, small enough for L2.
const BAND_FLOATS: usize = 1 << 18;

fn bands(g: &ConvGeometry) -> impl Iterator<Item = Range<usize>> {
    let rows = (BAND_FLOATS / (g.patch * g.out_w).max(1)).clamp(1, g.out_h);
    (0..g.out_h).step_by(rows).map(move |start| start..(start + rows).min(g.out_h))
}

fn band_cols(g: &ConvGeometry, band: &Range<usize>) -> (usize, usize) {
    (band.start * g.out_w, band.len() * g.out_w)
}

fn group_weight<'a>(w: &'a [f32], g: &ConvGeometry, grp: usize) -> &'a [f32] {
    &w[grp * g.out_per_group * g.patch..][..g.out_per_group * g.patch]
}

fn forward_image(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, cols: &mut Columns, threads: Threads) {
    let (ocg, xs, ys) = (g.out_per_group, g.in_per_group * g.in_plane, g.out_per_group * g.out_plane);
    if !g.is_pointwise() {
        cols.set_image(x, g);
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
            let col = cols.fill(x, g, grp, band);
            let out = MatMut { data: &mut yg[p0..], ld: g.out_plane };
            sgemm((ocg, len, g.patch), wg, MatRef::row_major(col, len), out, false, threads);
        }
    }
}

fn backward_input_image(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry, cols: &mut Columns, threads: Threads) {
    let col = &mut cols.col;
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
            col.resize(g.patch * len, 0.0);
            let dy_band = MatRef { data: &dyg[p0..], rs: g.out_plane, cs: 1 };
            sgemm((g.patch, len, ocg), wt, dy_band, MatMut { data: col, ld: len }, false, threads);
            col2im(col, g, band, dxg);
        }
    }
}

/// Adds this image's weight gradient into `dw`.
fn backward_weight_image(
    x: &[f32],
    dy: &[f32],
    dw: &mut [f32],
    g: &ConvGeometry,
    cols: &mut Columns,
    threads: Threads,
) {
    let (ocg, xs, ys) = (g.out_per_group, g.in_per_group * g.in_plane, g.out_per_group * g.out_plane);
    if !g.is_pointwise() {
        cols.set_image(x, g);
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
            let col = cols.fill(x, g, grp, band);
            let dy_band = MatRef { data: &dyg[p0..], rs: g.out_plane, cs: 1 };
            let out = MatMut { data: &mut *dwg, ld: g.patch };
            sgemm((ocg, g.patch, len), dy_band, MatRef::transposed(col, len), out, true, threads);
        }
    }
}

/// Runs `f(image, out_slice, scratch, gemm_threads)` for every image, one image per task when
/// there are at least as many images as threads, else sequentially with multithreaded GEMMs.
fn each_image<F>(out: &mut [f32], per_image: usize, batch: usize, threads: usize, f: F)
where
    F: Fn(usize, &mut [f32], &mut Columns, Threads) + Sync,
{
    if threads > 1 && batch >= threads {
        out.par_chunks_mut(per_image)
            .enumerate()
            .for_each_init(Columns::default, |cols, (i, o)| f(i, o, cols, Threads::One));
    } else {
        let mut cols = Columns::default();
        for (i, o) in out.chunks_mut(per_image).enumerate() {
            f(i, o, &mut cols, Threads::Pool(threads));
        }
    }
}

pub fn forward(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, threads: usize) {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    each_image(y, ys, g.batch, threads, |i, y_img, col, t| {
        forward_image(&x[i * xs..][..xs], w, y_img, g, col, t);
    });
}

pub fn backward_input(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry, threads: usize) {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    each_image(dx, xs, g.batch, threads, |i, dx_img, col, t| {
        backward_input_image(&dy[i * ys..][..ys], w, dx_img, g, col, t);
    });
}

/// Overwrites `dw`. With enough images each thread sums a slice of the batch with one-thread GEMMs;
/// otherwise images run in turn with GEMMs split over the pool.
pub fn backward_weight(x: &[f32], dy: &[f32], dw: &mut [f32], g: &ConvGeometry, threads: usize) {
    let (xs, ys) = (g.in_channels * g.in_plane, g.out_channels * g.out_plane);
    let split_batch = threads > 1 && g.batch >= threads;
    let gemm_threads = if split_batch { Threads::One } else { Threads::Pool(threads) };
    let task_threads = if split_batch { threads } else { 1 };
    sum_over_batch(dw, g.batch, task_threads, |n, acc, col: &mut Columns| {
        backward_weight_image(&x[n * xs..][..xs], &dy[n * ys..][..ys], acc, g, col, gemm_threads);
    });
}
