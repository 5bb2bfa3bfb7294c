//! What both Winograd passes share: the cut of the output into m x m tiles and of the batch into
//! groups of sixteen images (one image per vector lane), the copy of NCHW planes into that lane
//! order, and the data transform B^T d B of one 6 x 6 window.

// Index loops over the small arrays of vectors on purpose: iterators over them (and core's array
// helpers) moved whole arrays through the stack, which measured several times slower.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::scratch_cache::Recycled;
use crate::vec16::Vec16;
use crate::winograd_transforms::{N, data_axis};

pub const LANES: usize = 16;
pub const NN: usize = N * N;
/// Below this many channels on either side the transforms cost more than they save.
pub const MIN_CHANNELS: usize = 8;

/// How the output is cut into tiles and the images into lane groups.
pub struct Tiling {
    pub m: usize,
    pub rows: usize,
    pub cols: usize,
    pub groups: usize,
    /// The transposed input's padded height and width: every tile's 6x6 window lies inside.
    pub height: usize,
    pub width: usize,
}

impl Tiling {
    pub fn new(g: &ConvGeometry, m: usize) -> Self {
        let (rows, cols) = (g.out_h.div_ceil(m), g.out_w.div_ceil(m));
        let groups = g.batch.div_ceil(LANES);
        Self { m, rows, cols, groups, height: rows * m + N - m, width: cols * m + N - m }
    }

    pub fn tiles(&self) -> usize {
        self.rows * self.cols
    }

    /// Floats of one image group's slice of the transposed input.
    pub fn group_input(&self, channels: usize) -> usize {
        channels * self.height * self.width * LANES
    }
}

/// The NCHW array a copy reads.
pub struct Planes {
    pub batch: usize,
    pub channels: usize,
    pub height: usize,
    pub width: usize,
}

/// src [batch][channels][height][width] as [group][channel][rows][cols][16 images], each plane
/// placed at (top, left) of its rows x cols; everything else (padding, missing images) zero.
pub fn transpose_planes(
    op: &str,
    what: &str,
    src: &[f32],
    p: &Planes,
    (rows, cols): (usize, usize),
    (top, left): (usize, usize),
) -> KResult<Recycled> {
    let window = Window { size: (rows, cols), at: (top, left), data: (p.height, p.width) };
    let planes = p.batch.div_ceil(LANES) * p.channels;
    copy_into_lanes(op, what, src, planes, &window, |gc| {
        let (grp, c) = (gc / p.channels, gc % p.channels);
        LaneSource { first: grp * LANES * p.channels + c, stride: p.channels, filled: LANES.min(p.batch - grp * LANES) }
    })
}

/// Which source planes feed an output plane's lanes: lane l reads plane first + l * stride, for
/// the first `filled` lanes (the rest stay zero).
pub struct LaneSource {
    pub first: usize,
    pub stride: usize,
    pub filled: usize,
}

/// `planes` output planes of [rows][cols][16], each lane a whole source plane of the window's data
/// size placed at its corner, chosen by `source`; everything the copy does not write is zero.
pub fn copy_into_lanes(
    op: &str,
    what: &str,
    src: &[f32],
    planes: usize,
    window: &Window,
    source: impl Fn(usize) -> LaneSource + Sync,
) -> KResult<Recycled> {
    let ((rows, cols), (top, left), (h, w)) = (window.size, window.at, window.data);
    let mut out = Recycled::any(op, what, planes * rows * cols * LANES)?;
    out.par_chunks_mut(rows * cols * LANES).enumerate().for_each(|(index, dst_plane)| {
        let from = source(index);
        zero_outside_data(dst_plane, window, from.filled);
        for lane in 0..from.filled {
            let plane = &src[(from.first + lane * from.stride) * h * w..][..h * w];
            for (row, values) in plane.chunks_exact(w).enumerate() {
                let dst = &mut dst_plane[((row + top) * cols + left) * LANES..][..w * LANES];
                for (cell, &v) in dst.chunks_exact_mut(LANES).zip(values) {
                    cell[lane] = v;
                }
            }
        }
    });
    Ok(out)
}

/// Where the data sits in a [rows][cols][16] plane: the plane's size, the data's corner and size.
pub struct Window {
    pub size: (usize, usize),
    pub at: (usize, usize),
    pub data: (usize, usize),
}

/// Zeroes what the copy into `plane` will not write: the rows and columns around the data, and
/// the whole data too when fewer than 16 lanes are filled. (Zeroing all of a reused buffer first
/// cost as much again as the copy.)
fn zero_outside_data(plane: &mut [f32], w: &Window, filled_lanes: usize) {
    let ((rows, cols), (top, left), (h, width)) = (w.size, w.at, w.data);
    let row_len = cols * LANES;
    plane[..top * row_len].fill(0.0);
    plane[(top + h) * row_len..rows * row_len].fill(0.0);
    for row in plane[top * row_len..(top + h) * row_len].chunks_exact_mut(row_len) {
        row[..left * LANES].fill(0.0);
        row[(left + width) * LANES..].fill(0.0);
        if filled_lanes < LANES {
            row[left * LANES..(left + width) * LANES].fill(0.0);
        }
    }
}

#[inline(always)]
pub fn lanes<V: Vec16>(s: &[f32]) -> V {
    V::load(s[..LANES].try_into().expect("16 lanes"))
}

#[inline(always)]
pub fn store<V: Vec16>(value: V, d: &mut [f32]) {
    value.store((&mut d[..LANES]).try_into().expect("16 lanes"));
}

/// B^T d B for the 6 x 6 window at (row0, col0) of one [rows][width][16] plane: a column at a
/// time through B^T, then each row of that through B, stored at dst[(i * 6 + j) * stride].
/// Plain index loops throughout: arrays of vectors moved by value or through iterators were
/// copied through the stack, and core's array helpers are compiled without the caller's target
/// features (their vector intrinsics become calls).
#[inline(always)]
pub fn data_tile<V: Vec16>(plane: &[f32], width: usize, (row0, col0): (usize, usize), dst: &mut [f32], stride: usize) {
    let base = (row0 * width + col0) * LANES;
    assert!(plane.len() >= base + ((N - 1) * width + N) * LANES, "Winograd window outside its plane");
    assert!(dst.len() >= (NN - 1) * stride + LANES, "Winograd tile destination too short");
    let mut bd = [[V::zero(); N]; N];
    for j in 0..N {
        let mut column = [V::zero(); N];
        for q in 0..N {
            // SAFETY: q, j < N, so the 16 floats at base + (q * width + j) * LANES lie in the plane
            // (asserted above); here the bounds checks cost as much as the transform.
            column[q] =
                V::load(unsafe { &*(plane.as_ptr().add(base + (q * width + j) * LANES) as *const [f32; LANES]) });
        }
        let column = data_axis(column);
        for i in 0..N {
            bd[i][j] = column[i];
        }
    }
    for i in 0..N {
        let row = data_axis(bd[i]);
        for p in 0..N {
            // SAFETY: (i * N + p) * stride + LANES <= (NN - 1) * stride + LANES <= dst.len().
            row[p].store(unsafe { &mut *(dst.as_mut_ptr().add((i * N + p) * stride) as *mut [f32; LANES]) });
        }
    }
}
