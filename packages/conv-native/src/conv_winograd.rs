//! Forward convolution by Winograd's minimal filtering, F(4x4, 3x3) and F(2x2, 5x5) on 6x6 tiles:
//! 36 products per tile and channel pair instead of 144 or 100. Sixteen images travel together in
//! the lanes of one vector, so every transform is a handful of vector multiply-adds and the product
//! in the transformed domain is a register-blocked GEMM over (output channel, input channel).
//!
//! The input is copied once into [channel][row][column][image] order with the padding written as
//! zeros; the weights are transformed once per call (U = G w G^T). Then, per block of 4 tile
//! vectors (64 columns; one with fewer registers than AVX-512's, see `block_width`):
//! V = B^T d B for every channel, M = U V for each of the 36 positions, and y = A^T M A + bias,
//! scattered back to NCHW. Image groups are spread over threads; every output is computed by one
//! thread in one order, so the result does not depend on the thread count.
//!
//! Error: every stage is a short sum with small coefficients, so the float32 result is within
//! a few ulps times sum |w||x| per output, scaled by the transforms' norms (see the tests).

// Index loops over the small arrays of vectors on purpose: iterators over them (and core's array
// helpers) moved whole arrays through the stack, which measured several times slower.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::scratch::Buffer;
use crate::scratch_cache::Recycled;
use crate::simd_variants;
use crate::vec16::Vec16;
use crate::winograd_tiles::{LANES, MIN_CHANNELS, NN, Planes, Tiling, data_tile, lanes, store, transpose_planes};
use crate::winograd_transforms::{N, Transforms, output_axis};

/// Tile vectors per block: the width of the product's register block.
const BLOCK: usize = 4;
const COLS: usize = BLOCK * LANES;

/// Stride and dilation 1, one group, a square 3x3 or 5x5 kernel, at least 8 channels in and out,
/// a batch of at least 16 (the vector lanes) and an output at least one tile high and wide.
pub fn applies(g: &ConvGeometry) -> bool {
    let (r, c) = (&g.rows, &g.cols);
    let Some(t) = Transforms::for_kernel(r.kernel) else { return false };
    c.kernel == r.kernel
        && r.stride == 1
        && c.stride == 1
        && r.dilation == 1
        && c.dilation == 1
        && g.groups == 1
        && g.batch >= LANES
        && g.in_channels >= MIN_CHANNELS
        && g.out_channels >= MIN_CHANNELS
        && g.out_h >= t.m
        && g.out_w >= t.m
}

fn tiling(g: &ConvGeometry) -> Tiling {
    let t = Transforms::for_kernel(g.rows.kernel).expect("applies() checked the kernel");
    Tiling::new(g, t.m)
}

/// What forward allocates: the transposed input, the transformed weights, and per thread the
/// transformed input and product of one block.
pub fn scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    let t = tiling(g);
    let per_group = t.group_input(g.in_channels);
    let tasks = threads.min(t.groups).max(1);
    vec![
        Buffer {
            what: "Winograd input copy",
            formula: format!("groups·C·tileH·tileW·16 = {}·{}·{}·{}·16", t.groups, g.in_channels, t.height, t.width),
            per_copy: per_group.checked_mul(t.groups),
            copies: 1,
        },
        Buffer {
            what: "Winograd weights",
            formula: format!("outC·36·C = {}·36·{}", g.out_channels, g.in_channels),
            per_copy: NN.checked_mul(g.out_channels).and_then(|v| v.checked_mul(g.in_channels)),
            copies: 1,
        },
        Buffer {
            what: "Winograd block",
            formula: format!("36·(C + outC)·64 = 36·({} + {})·64", g.in_channels, g.out_channels),
            per_copy: (g.in_channels + g.out_channels).checked_mul(NN * COLS),
            copies: tasks,
        },
    ]
}

/// y = conv(x, w) + bias. Runs in the current pool; the scratch must have passed `scratch::check`.
pub fn forward(op: &str, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32], g: &ConvGeometry) -> KResult<()> {
    let t = Transforms::for_kernel(g.rows.kernel).expect("applies() checked the kernel");
    let tiling = Tiling::new(g, t.m);
    let input = transpose_input(op, x, g, &tiling)?;
    let weights = transform_weights(op, w, g, &t)?;
    let group_out = LANES * g.out_channels * g.out_plane;
    let group_in = tiling.group_input(g.in_channels);
    // The last group's slice of y is shorter when the batch is not a multiple of 16.
    let buffers = || -> KResult<(Recycled, Recycled)> {
        Ok((
            Recycled::any(op, "Winograd block", NN * g.in_channels * COLS)?,
            Recycled::any(op, "Winograd block", NN * g.out_channels * COLS)?,
        ))
    };
    y.par_chunks_mut(group_out).zip(input.par_chunks(group_in)).try_for_each_init(buffers, |buffers, (yg, xg)| {
        let (v, prod) = buffers.as_mut().map_err(|e| e.clone())?;
        let run = Run { g, tiling: &tiling, weights: &weights, bias };
        group_forward(&run, (xg, yg, v, prod), 0..tiling.tiles());
        Ok(())
    })
}

/// x [N][C][H][W] as [group][C][height][width][16 images], padding and missing images zero.
fn transpose_input(op: &str, x: &[f32], g: &ConvGeometry, t: &Tiling) -> KResult<Recycled> {
    let source = Planes { batch: g.batch, channels: g.in_channels, height: g.rows.input, width: g.cols.input };
    let at = (g.rows.pad_before, g.cols.pad_before);
    transpose_planes(op, "Winograd input copy", x, &source, (t.height, t.width), at)
}

/// U[k][xi][c] = (G w[k][c] G^T)[xi], sixteen input channels at a time in the lanes.
fn transform_weights(op: &str, w: &[f32], g: &ConvGeometry, t: &Transforms) -> KResult<Recycled> {
    let (c_all, taps) = (g.in_channels, t.r * t.r);
    let mut u = Recycled::any(op, "Winograd weights", NN * g.out_channels * c_all)?;
    u.par_chunks_mut(NN * c_all).enumerate().for_each(|(k, uk)| {
        for c0 in (0..c_all).step_by(LANES) {
            let width = LANES.min(c_all - c0);
            let wk = &w[(k * c_all + c0) * taps..][..width * taps];
            weight_lanes(t, wk, (width, c_all), &mut uk[c0..]);
        }
    });
    Ok(u)
}

fn weight_lanes(t: &Transforms, wk: &[f32], widths: (usize, usize), uk: &mut [f32]) {
    weight_lanes_simd(t, wk, widths, uk);
}

simd_variants!(fn weight_lanes_simd(t: &Transforms, wk: &[f32], widths: (usize, usize), uk: &mut [f32]) => weight_lanes_generic);

/// `width` channels' r x r kernels (consecutive in `wk`) into uk[xi * c_all + lane].
#[inline(always)]
fn weight_lanes_generic<V: Vec16>(t: &Transforms, wk: &[f32], (width, c_all): (usize, usize), uk: &mut [f32]) {
    let r = t.r;
    let taps = r * r;
    let mut gathered = [0.0f32; LANES];
    let mut tap = [V::zero(); 25];
    for (q, value) in tap.iter_mut().enumerate().take(taps) {
        for l in 0..width {
            gathered[l] = wk[l * taps + q];
        }
        *value = V::load(&gathered);
    }
    // G w: N x r, then (G w) G^T: N x N.
    let mut gw = [[V::zero(); 5]; N];
    for (i, row) in gw.iter_mut().enumerate() {
        for (j, value) in row.iter_mut().enumerate().take(r) {
            for q in 0..r {
                *value = value.mul_add(V::splat(t.g[i * r + q]), tap[q * r + j]);
            }
        }
    }
    let mut values = [0.0f32; LANES];
    for (i, row) in gw.iter().enumerate() {
        for j in 0..N {
            let mut value = V::zero();
            for (q, &gwq) in row.iter().enumerate().take(r) {
                value = value.mul_add(gwq, V::splat(t.g[j * r + q]));
            }
            value.store(&mut values);
            uk[(i * N + j) * c_all..][..width].copy_from_slice(&values[..width]);
        }
    }
}

struct Run<'a> {
    g: &'a ConvGeometry,
    tiling: &'a Tiling,
    weights: &'a [f32],
    bias: Option<&'a [f32]>,
}

/// One image group's input and output, and one block's transformed input and product.
type BlockArrays<'a> = (&'a [f32], &'a mut [f32], &'a mut [f32], &'a mut [f32]);

simd_variants!(fn group_forward(run: &Run, arrays: BlockArrays, tiles: std::ops::Range<usize>) => group_lanes);

/// The group's tiles, `block_width` tile vectors per block.
#[inline(always)]
fn group_lanes<V: Vec16>(run: &Run, arrays: BlockArrays, tiles: std::ops::Range<usize>) {
    if block_width::<V>() == BLOCK {
        blocks::<V, BLOCK>(run, arrays, tiles)
    } else {
        blocks::<V, 1>(run, arrays, tiles)
    }
}

/// Blocks of W tile vectors, each transform's row W * 16 floats long (no gaps between rows).
#[inline(always)]
fn blocks<V: Vec16, const W: usize>(run: &Run, (xg, yg, v, prod): BlockArrays, tiles: std::ops::Range<usize>) {
    for first in tiles.clone().step_by(W) {
        let block = first..(first + W).min(tiles.end);
        input_transform::<V, W>(run, xg, v, &block);
        for xi in 0..NN {
            product::<V, W>(run, xi, v, prod);
        }
        output_transform::<V, W>(run, prod, yg, &block);
    }
}

/// V[c][xi][slot lanes] = (B^T d B)[xi] for each channel and the block's W tile vectors (zero past
/// the end).
#[inline(always)]
fn input_transform<V: Vec16, const W: usize>(run: &Run, xg: &[f32], v: &mut [f32], block: &std::ops::Range<usize>) {
    let (t, c_all) = (run.tiling, run.g.in_channels);
    let plane = t.height * t.width * LANES;
    let cols = W * LANES;
    for c in 0..c_all {
        for slot in 0..W {
            let tile = block.start + slot;
            let at = |xi: usize| (c * NN + xi) * cols + slot * LANES;
            if tile >= block.end {
                (0..NN).for_each(|xi| store(V::zero(), &mut v[at(xi)..]));
                continue;
            }
            let (row0, col0) = ((tile / t.cols) * t.m, (tile % t.cols) * t.m);
            data_tile::<V>(&xg[c * plane..][..plane], t.width, (row0, col0), &mut v[at(0)..], cols);
        }
    }
}

/// Tile vectors per block, and vectors per register block of the products: four where the
/// registers hold the forward product's six by four accumulators (AVX-512), else one (AVX2: eight
/// registers). One also keeps a block's transforms, 36·(C + K)·16 floats, within a smaller L2 cache.
#[inline(always)]
pub fn block_width<V: Vec16>() -> usize {
    // Live at once: 6 x BLOCK accumulators, BLOCK loaded columns and one broadcast weight.
    let live = 6 * BLOCK + BLOCK + 1;
    if live <= V::REGISTERS { BLOCK } else { 1 }
}

/// prod[k][xi][W * 16 columns] = sum_c U[xi][k][c] V[c][xi][columns], six output channels at a time.
#[inline(always)]
fn product<V: Vec16, const W: usize>(run: &Run, xi: usize, v: &[f32], prod: &mut [f32]) {
    let (c_all, k_all) = (run.g.in_channels, run.g.out_channels);
    let u = &run.weights[xi * c_all..];
    assert!(
        v.len() >= c_all * NN * W * LANES && prod.len() >= k_all * NN * W * LANES,
        "Winograd block buffers too short"
    );
    let mut k0 = 0;
    while k0 < k_all {
        let (u, out) = (&u[k0 * NN * c_all..], &mut prod[k0 * NN * W * LANES..]);
        k0 += match k_all - k0 {
            6.. => rows::<V, 6, W>(u, c_all, v, xi, out),
            4 | 5 => rows::<V, 4, W>(u, c_all, v, xi, out),
            2 | 3 => rows::<V, 2, W>(u, c_all, v, xi, out),
            _ => rows::<V, 1, W>(u, c_all, v, xi, out),
        };
    }
}

/// R output channels (rows of `u` at stride NN * c_all, each of c_all weights) for the block's W
/// tile vectors; returns R.
#[inline(always)]
fn rows<V: Vec16, const R: usize, const W: usize>(
    u: &[f32],
    c_all: usize,
    v: &[f32],
    xi: usize,
    out: &mut [f32],
) -> usize {
    let cols = W * LANES;
    assert!(u.len() >= (R - 1) * NN * c_all + c_all, "Winograd weights too short");
    assert!(v.len() >= c_all * NN * cols && out.len() >= (R - 1) * NN * cols + (xi + 1) * cols);
    let mut acc = [[V::zero(); W]; R];
    for c in 0..c_all {
        // SAFETY: c < c_all, so the columns (c*NN + xi)*cols + j*LANES + 0..LANES (j < W) lie in v
        // and kk*NN*c_all + c lies in u (both asserted above).
        let col = unsafe { v.as_ptr().add((c * NN + xi) * cols) };
        let mut vv = [V::zero(); W];
        for (j, value) in vv.iter_mut().enumerate() {
            *value = V::load(unsafe { &*(col.add(j * LANES) as *const [f32; LANES]) });
        }
        for (kk, acc_k) in acc.iter_mut().enumerate() {
            let s = V::splat(unsafe { *u.get_unchecked(kk * NN * c_all + c) });
            for j in 0..W {
                acc_k[j] = acc_k[j].mul_add(s, vv[j]);
            }
        }
    }
    for (kk, acc_k) in acc.iter().enumerate() {
        for j in 0..W {
            store(acc_k[j], &mut out[(kk * NN + xi) * cols + j * LANES..]);
        }
    }
    R
}

/// y tile = A^T M A + bias for each output channel and tile vector, scattered to NCHW.
#[inline(always)]
fn output_transform<V: Vec16, const W: usize>(run: &Run, prod: &[f32], yg: &mut [f32], block: &std::ops::Range<usize>) {
    let (g, t) = (run.g, run.tiling);
    let (k_all, m) = (g.out_channels, t.m);
    let plane_len = k_all * g.out_plane;
    let images = (yg.len() / plane_len).min(LANES);
    let mut values = [0.0f32; LANES];
    for k in 0..k_all {
        for slot in 0..block.len() {
            let tile = block.start + slot;
            let (row0, col0) = ((tile / t.cols) * m, (tile % t.cols) * m);
            let (rows, cols) = (m.min(g.out_h - row0), m.min(g.out_w - col0));
            let at = |xi: usize| (k * NN + xi) * W * LANES + slot * LANES;
            let mut am = [[V::zero(); N]; 4];
            for j in 0..N {
                let mut column = [V::zero(); N];
                for q in 0..N {
                    column[q] = lanes(&prod[at(q * N + j)..]);
                }
                let column = output_axis(m, column);
                for i in 0..m {
                    am[i][j] = column[i];
                }
            }
            let b = V::splat(run.bias.map_or(0.0, |b| b[k]));
            for i in 0..rows {
                let row = output_axis(m, am[i]);
                for j in 0..cols {
                    row[j].add(b).store(&mut values);
                    let at = (k * g.out_h + row0 + i) * g.out_w + col0 + j;
                    debug_assert!(at < plane_len && images * plane_len <= yg.len());
                    for lane in 0..images {
                        // SAFETY: k < k_all, row0 + i < out_h and col0 + j < out_w, so at < plane_len,
                        // and lane < images <= yg.len() / plane_len.
                        unsafe { *yg.get_unchecked_mut(lane * plane_len + at) = values[lane] };
                    }
                }
            }
        }
    }
}
