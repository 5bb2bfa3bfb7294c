//! Convolution as direct loops, for tiny channel counts (e.g. 1->4, 4->2) where im2col + GEMM
//! spends its time copying. Forward and backward-input own one output plane per task;
//! backward-weight owns one weight element per task. Inner loops run along contiguous rows
//! when the column stride is 1.

use std::ops::Range;

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::lanes;

/// For tap (ki, kj), calls `rows(x0, ys)` for every output row the tap reads an in-bounds input
/// row for: `ys` is the range of that output row whose inputs are in bounds, and `x0` the input
/// index its first element reads (later ones follow at the column stride).
fn for_each_tap_row(g: &ConvGeometry, ki: usize, kj: usize, mut rows: impl FnMut(usize, Range<usize>)) {
    let (r0, r1) = g.rows.valid_outputs(ki, g.out_h);
    let (c0, c1) = g.cols.valid_outputs(kj, g.out_w);
    if c0 >= c1 {
        return;
    }
    for oh in r0..r1 {
        let x0 = g.rows.input_index(oh, ki) * g.cols.input + g.cols.input_index(c0, kj);
        rows(x0, oh * g.out_w + c0..oh * g.out_w + c1);
    }
}

/// `for_each_tap_row` over every tap of a weight row, with the tap's weight.
fn for_each_weighted_row(w: &[f32], g: &ConvGeometry, mut rows: impl FnMut(f32, usize, Range<usize>)) {
    let kw = g.cols.kernel;
    for (t, &wv) in w.iter().enumerate() {
        for_each_tap_row(g, t / kw, t % kw, |x0, ys| rows(wv, x0, ys));
    }
}

/// The weight row (inC/groups * kH * kW taps) of output channel `oc`, input channel `icg` of its group.
fn taps<'a>(w: &'a [f32], g: &ConvGeometry, oc: usize, icg: usize) -> &'a [f32] {
    let k = g.rows.kernel * g.cols.kernel;
    &w[(oc * g.in_per_group + icg) * k..][..k]
}

/// y_plane += w_tap * x_plane shifted by the tap, for every tap of one (oc, ic) pair.
fn correlate(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry) {
    let sw = g.cols.stride;
    for_each_weighted_row(w, g, |wv, x0, ys| {
        let y = &mut y[ys];
        if sw == 1 {
            lanes::axpy(wv, &x[x0..x0 + y.len()], y);
        } else {
            y.iter_mut().enumerate().for_each(|(j, yv)| *yv += wv * x[x0 + j * sw]);
        }
    });
}

/// x_plane += w_tap * y_plane shifted back by the tap: the adjoint of `correlate`.
fn scatter(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry) {
    let sw = g.cols.stride;
    for_each_weighted_row(w, g, |wv, x0, ys| {
        let dy = &dy[ys];
        if sw == 1 {
            lanes::axpy(wv, dy, &mut dx[x0..x0 + dy.len()]);
        } else {
            dy.iter().enumerate().for_each(|(j, &d)| dx[x0 + j * sw] += wv * d);
        }
    });
}

/// sum over the plane of dy * (x shifted by tap (ki, kj)).
fn tap_gradient(x: &[f32], dy: &[f32], g: &ConvGeometry, ki: usize, kj: usize) -> f32 {
    let sw = g.cols.stride;
    let mut total = 0.0f32;
    for_each_tap_row(g, ki, kj, |x0, ys| {
        let dy = &dy[ys];
        total += if sw == 1 {
            lanes::dot(&x[x0..x0 + dy.len()], dy)
        } else {
            dy.iter().enumerate().map(|(j, d)| d * x[x0 + j * sw]).sum()
        };
    });
    total
}

fn plane(data: &[f32], plane_len: usize, index: usize) -> &[f32] {
    &data[index * plane_len..][..plane_len]
}

pub fn forward(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry) {
    y.par_chunks_mut(g.out_plane).enumerate().for_each(|(i, y_plane)| {
        let (n, oc) = (i / g.out_channels, i % g.out_channels);
        let grp = oc / g.out_per_group;
        y_plane.fill(0.0);
        for icg in 0..g.in_per_group {
            let ic = n * g.in_channels + grp * g.in_per_group + icg;
            correlate(plane(x, g.in_plane, ic), taps(w, g, oc, icg), y_plane, g);
        }
    });
}

pub fn backward_input(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry) {
    dx.par_chunks_mut(g.in_plane).enumerate().for_each(|(i, dx_plane)| {
        let (n, ic) = (i / g.in_channels, i % g.in_channels);
        let (grp, icg) = (ic / g.in_per_group, ic % g.in_per_group);
        dx_plane.fill(0.0);
        for ocg in 0..g.out_per_group {
            let oc = grp * g.out_per_group + ocg;
            scatter(plane(dy, g.out_plane, n * g.out_channels + oc), taps(w, g, oc, icg), dx_plane, g);
        }
    });
}

pub fn backward_weight(x: &[f32], dy: &[f32], dw: &mut [f32], g: &ConvGeometry) {
    let k = g.rows.kernel * g.cols.kernel;
    dw.par_iter_mut().enumerate().for_each(|(i, d)| {
        let (row, t) = (i / k, i % k);
        let (oc, icg) = (row / g.in_per_group, row % g.in_per_group);
        let ic = (oc / g.out_per_group) * g.in_per_group + icg;
        let (ki, kj) = (t / g.cols.kernel, t % g.cols.kernel);
        *d = (0..g.batch)
            .map(|n| {
                let xp = plane(x, g.in_plane, n * g.in_channels + ic);
                tap_gradient(xp, plane(dy, g.out_plane, n * g.out_channels + oc), g, ki, kj)
            })
            .sum();
    });
}
