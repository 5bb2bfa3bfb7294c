//! The weight gradient by Winograd's minimal filtering. Over one output tile, the gradient of an
//! r x r kernel is the correlation of the 6 x 6 input window with the m x m tile of dy: F(r, m) on
//! the same 6 points as the forward F(m, r), so the input's transform B^T d B is the forward's.
//! Summed over tiles and images in the transformed domain, that is
//! S[xi][k][c] = sum over (tile, image) of DY[k][xi] . V[xi][c], then dW[k][c] = A'^T S[k][c] A'.
//!
//! The sum runs block by block (4 tiles x 16 images = 64 columns with AVX-512, one tile with
//! fewer registers: `block_width`) so that both transforms of a block stay in L2: V with sixteen
//! input channels per vector (the input is copied channel-blocked,
//! [image][channel / 16][row][column][16 channels]), DY with sixteen images per vector, and the
//! sum as a register-blocked product that broadcasts DY and adds into sixteen channels at a time.
//! Each group of 16 images is summed on one thread, and the groups are added in order, so the
//! result does not depend on the thread count.

// Index loops over the small arrays of vectors on purpose: iterators over them (and core's array
// helpers) moved whole arrays through the stack, which measured several times slower.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::conv_winograd::block_width;
use crate::error::KResult;
use crate::scratch::Buffer;
use crate::scratch_cache::Recycled;
use crate::simd_variants;
use crate::vec16::Vec16;
use crate::winograd_tiles::{
    LANES, LaneSource, NN, Planes, Tiling, Window, copy_into_lanes, data_tile, lanes, store, transpose_planes,
};
use crate::winograd_transforms::{N, Transforms};

/// Tiles per block; with 16 images each, the block's columns.
const BLOCK: usize = 4;
const COLS: usize = BLOCK * LANES;

/// The forward's F(m, r) and the gradient's F(r, m).
fn transforms(g: &ConvGeometry) -> (Transforms, Transforms) {
    let forward = Transforms::for_kernel(g.rows.kernel).expect("conv_winograd::applies checked the kernel");
    let gradient = Transforms::new(forward.r, forward.m);
    (forward, gradient)
}

/// Input channels rounded up to whole vectors.
fn padded_channels(g: &ConvGeometry) -> usize {
    g.in_channels.div_ceil(LANES) * LANES
}

fn buffer(what: &'static str, formula: String, sizes: &[usize], copies: usize) -> Buffer {
    let per_copy = sizes.iter().try_fold(1usize, |p, &s| p.checked_mul(s));
    Buffer { what, formula, per_copy, copies }
}

/// What backward-weight allocates: x channel-blocked, dy in image lanes, per thread one block's
/// transforms, and one sum per image group.
pub fn scratch(g: &ConvGeometry, threads: usize) -> Vec<Buffer> {
    let t = Tiling::new(g, transforms(g).0.m);
    let (cp, k) = (padded_channels(g), g.out_channels);
    let tasks = threads.min(t.groups).max(1);
    vec![
        buffer(
            "Winograd input copy",
            format!("N·C16·tileH·tileW = {}·{cp}·{}·{}", g.batch, t.height, t.width),
            &[g.batch, cp, t.height, t.width],
            1,
        ),
        buffer(
            "Winograd dy copy",
            format!("groups·outC·tilesH·m·tilesW·m·16 = {}·{k}·{}·{}·16", t.groups, t.rows * t.m, t.cols * t.m),
            &[t.groups, k, t.rows * t.m, t.cols * t.m, LANES],
            1,
        ),
        buffer("Winograd block", format!("36·(C16 + outC)·64 = 36·({cp} + {k})·64"), &[NN, cp + k, COLS], tasks),
        buffer(
            "Winograd weight sums",
            format!("groups·36·outC·C16 = {}·36·{k}·{cp}", t.groups),
            &[t.groups, NN, k, cp],
            1,
        ),
    ]
}

/// dw = the weight gradient of the convolution `g` from x and dy. Runs in the current pool; the
/// scratch must have passed `scratch::check`.
pub fn backward_weight(op: &str, x: &[f32], dy: &[f32], dw: &mut [f32], g: &ConvGeometry) -> KResult<()> {
    let (forward, gradient) = transforms(g);
    let t = Tiling::new(g, forward.m);
    let (cp, k_all) = (padded_channels(g), g.out_channels);
    let xs = channel_blocked_input(op, x, g, &t)?;
    let (dy_rows, dy_cols) = (t.rows * t.m, t.cols * t.m);
    let grads = Planes { batch: g.batch, channels: k_all, height: g.out_h, width: g.out_w };
    let dys = transpose_planes(op, "Winograd dy copy", dy, &grads, (dy_rows, dy_cols), (0, 0))?;
    let sum_len = NN * k_all * cp;
    let mut sums = Recycled::any(op, "Winograd weight sums", t.groups * sum_len)?;
    let buffers = || -> KResult<(Recycled, Recycled)> {
        Ok((
            Recycled::any(op, "Winograd block", NN * COLS * cp)?,
            Recycled::any(op, "Winograd block", k_all * NN * COLS)?,
        ))
    };
    let run = Run { g, t: &t, gradient: &gradient, cp };
    sums.par_chunks_mut(sum_len).enumerate().try_for_each_init(buffers, |buffers, (grp, s)| {
        let (v, d) = buffers.as_mut().map_err(|e| e.clone())?;
        s.fill(0.0);
        let dyg = &dys[grp * k_all * dy_rows * dy_cols * LANES..][..k_all * dy_rows * dy_cols * LANES];
        group_tiles(&run, ((&xs, grp), dyg, v, d, s), 0..t.tiles());
        Ok::<(), crate::error::KernelError>(())
    })?;
    let (total, rest) = sums.split_at_mut(sum_len);
    for partial in rest.chunks(sum_len) {
        total.iter_mut().zip(partial).for_each(|(a, b)| *a += b);
    }
    kernel_gradients(total, &gradient, g, dw);
    Ok(())
}

/// x [N][C][H][W] as [image][C / 16][height][width][16 channels], padding and missing channels zero.
fn channel_blocked_input(op: &str, x: &[f32], g: &ConvGeometry, t: &Tiling) -> KResult<Recycled> {
    let (groups, c_all) = (padded_channels(g) / LANES, g.in_channels);
    let window = Window {
        size: (t.height, t.width),
        at: (g.rows.pad_before, g.cols.pad_before),
        data: (g.rows.input, g.cols.input),
    };
    copy_into_lanes(op, "Winograd input copy", x, g.batch * groups, &window, |ncg| {
        let (n, cg) = (ncg / groups, ncg % groups);
        LaneSource { first: n * c_all + cg * LANES, stride: 1, filled: LANES.min(c_all - cg * LANES) }
    })
}

struct Run<'a> {
    g: &'a ConvGeometry,
    t: &'a Tiling,
    gradient: &'a Transforms,
    /// Input channels rounded up to whole vectors.
    cp: usize,
}

/// The inputs (x channel-blocked with the group's number, the group's dy), one block's two
/// transforms and the group's sums.
type GroupArrays<'a> = ((&'a [f32], usize), &'a [f32], &'a mut [f32], &'a mut [f32], &'a mut [f32]);

simd_variants!(fn group_tiles(run: &Run, arrays: GroupArrays, tiles: std::ops::Range<usize>) => group_lanes);

/// One image group's tiles, `block_width` tile vectors per block: both transforms, then
/// S += DY . V over the block's columns.
#[inline(always)]
fn group_lanes<V: Vec16>(run: &Run, ((xs, grp), dyg, v, d, s): GroupArrays, tiles: std::ops::Range<usize>) {
    let width = block_width::<V>();
    let k_all = run.g.out_channels;
    for first in tiles.clone().step_by(width) {
        let block = first..(first + width).min(tiles.end);
        data_block::<V>(run, xs, grp, v, &block, width);
        gradient_block::<V>(run, dyg, d, &block, width);
        for xi in 0..NN {
            let mut k0 = 0;
            while k0 < k_all {
                let at = (xi, k0, width * LANES);
                k0 += match k_all - k0 {
                    6.. => slab::<V, 6>(run, at, v, d, s),
                    4 | 5 => slab::<V, 4>(run, at, v, d, s),
                    2 | 3 => slab::<V, 2>(run, at, v, d, s),
                    _ => slab::<V, 1>(run, at, v, d, s),
                };
            }
        }
    }
}

/// R output channels from k0 on, all input channels, up to four vectors at a time (one where the
/// registers hold fewer, as in the forward product); returns R.
#[inline(always)]
fn slab<V: Vec16, const R: usize>(
    run: &Run,
    (xi, k0, columns): (usize, usize, usize),
    v: &[f32],
    d: &[f32],
    s: &mut [f32],
) -> usize {
    let step = block_width::<V>();
    for c0 in (0..run.cp).step_by(step * LANES) {
        let at = (xi, k0, c0, columns);
        match ((run.cp - c0) / LANES).min(step) {
            1 => accumulate::<V, R, 1>(run, at, v, d, s),
            2 => accumulate::<V, R, 2>(run, at, v, d, s),
            3 => accumulate::<V, R, 3>(run, at, v, d, s),
            _ => accumulate::<V, R, 4>(run, at, v, d, s),
        }
    }
    R
}

/// v[column][xi][channel] = (B^T x B)[xi] for each image and tile of the block (zero past the end
/// of the tiles or the batch), sixteen channels per vector.
#[inline(always)]
fn data_block<V: Vec16>(
    run: &Run,
    xs: &[f32],
    grp: usize,
    v: &mut [f32],
    block: &std::ops::Range<usize>,
    width: usize,
) {
    let (t, cp) = (run.t, run.cp);
    let plane = t.height * t.width * LANES;
    let images = LANES.min(run.g.batch - grp * LANES);
    for slot in 0..width {
        let tile = block.start + slot;
        for lane in 0..LANES {
            let column = slot * LANES + lane;
            for cg in 0..cp / LANES {
                let dst = &mut v[column * NN * cp + cg * LANES..];
                if tile >= block.end || lane >= images {
                    for xi in 0..NN {
                        store(V::zero(), &mut dst[xi * cp..]);
                    }
                    continue;
                }
                let n = grp * LANES + lane;
                let at = ((tile / t.cols) * t.m, (tile % t.cols) * t.m);
                data_tile::<V>(&xs[(n * (cp / LANES) + cg) * plane..][..plane], t.width, at, dst, cp);
            }
        }
    }
}

/// d[k][xi][column] = (G' dy G'^T)[xi] for each output channel and tile of the block, sixteen
/// images per vector (zero past the end of the tiles).
#[inline(always)]
fn gradient_block<V: Vec16>(run: &Run, dyg: &[f32], d: &mut [f32], block: &std::ops::Range<usize>, slots: usize) {
    // The tile size as a constant, so the small arrays below stay in registers.
    match run.t.m {
        2 => gradient_tiles::<V, 2>(run, dyg, d, block, slots),
        _ => gradient_tiles::<V, 4>(run, dyg, d, block, slots),
    }
}

#[inline(always)]
fn gradient_tiles<V: Vec16, const M: usize>(
    run: &Run,
    dyg: &[f32],
    d: &mut [f32],
    block: &std::ops::Range<usize>,
    slots: usize,
) {
    let t = run.t;
    let width = t.cols * M;
    let plane = t.rows * M * width * LANES;
    // The block's rows hold `slots` tile vectors each, with no gaps.
    let cols = slots * LANES;
    let mut coef = [[V::zero(); M]; N];
    for i in 0..N {
        for q in 0..M {
            coef[i][q] = V::splat(run.gradient.g[i * M + q]);
        }
    }
    for k in 0..run.g.out_channels {
        for slot in 0..slots {
            let tile = block.start + slot;
            let dst = &mut d[k * NN * cols + slot * LANES..];
            if tile >= block.end {
                for xi in 0..NN {
                    store(V::zero(), &mut dst[xi * cols..]);
                }
                continue;
            }
            assert!(dst.len() >= (NN - 1) * cols + LANES, "Winograd block too short");
            let base = k * plane + ((tile / t.cols) * M * width + (tile % t.cols) * M) * LANES;
            let mut dy = [[V::zero(); M]; M];
            for i in 0..M {
                for j in 0..M {
                    dy[i][j] = lanes(&dyg[base + (i * width + j) * LANES..]);
                }
            }
            // G' dy (6 x M), then each row of it times G'^T (6 x 6).
            for i in 0..N {
                let mut gd = [V::zero(); M];
                for j in 0..M {
                    for q in 0..M {
                        gd[j] = gd[j].mul_add(coef[i][q], dy[q][j]);
                    }
                }
                for j in 0..N {
                    let mut value = V::zero();
                    for q in 0..M {
                        value = value.mul_add(gd[q], coef[j][q]);
                    }
                    // SAFETY: (i * N + j) * cols + LANES <= (NN - 1) * cols + LANES <= dst.len().
                    value.store(unsafe { &mut *(dst.as_mut_ptr().add((i * N + j) * cols) as *mut [f32; LANES]) });
                }
            }
        }
    }
}

/// s[xi][k0 + kk][c0 + 16 cv ..] += sum over the block's columns of
/// d[k0 + kk][xi][col] * v[xi][col][c0 + 16 cv ..]: R output channels by CV vectors of input
/// channels, held in registers across the columns.
#[inline(always)]
fn accumulate<V: Vec16, const R: usize, const CV: usize>(
    run: &Run,
    (xi, k0, c0, columns): (usize, usize, usize, usize),
    v: &[f32],
    d: &[f32],
    s: &mut [f32],
) {
    let (cp, k_all) = (run.cp, run.g.out_channels);
    let row = |kk: usize| (xi * k_all + k0 + kk) * cp + c0;
    let mut acc = [[V::zero(); CV]; R];
    for kk in 0..R {
        for cv in 0..CV {
            acc[kk][cv] = lanes(&s[row(kk) + cv * LANES..]);
        }
    }
    // The columns' rows of d as slices of exactly `columns`, so indexing them needs no check.
    let mut d_rows = [&d[..0]; R];
    for kk in 0..R {
        d_rows[kk] = &d[((k0 + kk) * NN + xi) * columns..][..columns];
    }
    assert!(columns == 0 || v.len() >= ((columns - 1) * NN + xi) * cp + c0 + CV * LANES, "Winograd block too short");
    for col in 0..columns {
        // SAFETY: col < columns, so (col * NN + xi) * cp + c0 + cv * LANES + 0..LANES lies in v
        // (asserted above for the last column).
        let at = unsafe { v.as_ptr().add((col * NN + xi) * cp + c0) };
        let mut vv = [V::zero(); CV];
        for cv in 0..CV {
            vv[cv] = V::load(unsafe { &*(at.add(cv * LANES) as *const [f32; LANES]) });
        }
        for kk in 0..R {
            let dk = V::splat(d_rows[kk][col]);
            for cv in 0..CV {
                acc[kk][cv] = acc[kk][cv].mul_add(dk, vv[cv]);
            }
        }
    }
    for kk in 0..R {
        for cv in 0..CV {
            store(acc[kk][cv], &mut s[row(kk) + cv * LANES..]);
        }
    }
}

/// dw[k][c] = A'^T S[k][c] A' (r x r from 6 x 6), summed in f64 from the f32 sums: first
/// T = S A' (6 x r), then A'^T T, skipping A'^T's zero coefficients.
fn kernel_gradients(sums: &[f32], gradient: &Transforms, g: &ConvGeometry, dw: &mut [f32]) {
    let (c_all, k_all, r, cp) = (g.in_channels, g.out_channels, gradient.m, padded_channels(g));
    let at: Vec<f64> = gradient.at.iter().map(|&a| f64::from(a)).collect();
    dw.par_chunks_mut(c_all * r * r).enumerate().for_each(|(k, dwk)| {
        let mut t = [0.0f64; N * N];
        for c in 0..c_all {
            for i in 0..N {
                let row: [f64; N] = std::array::from_fn(|j| f64::from(sums[((i * N + j) * k_all + k) * cp + c]));
                for q in 0..r {
                    t[i * N + q] = (0..N).map(|j| at[q * N + j] * row[j]).sum::<f64>();
                }
            }
            for p in 0..r {
                for q in 0..r {
                    let mut total = 0.0;
                    for i in (0..N).filter(|&i| at[p * N + i] != 0.0) {
                        total += at[p * N + i] * t[i * N + q];
                    }
                    dwk[(c * r + p) * r + q] = total as f32;
                }
            }
        }
    });
}
