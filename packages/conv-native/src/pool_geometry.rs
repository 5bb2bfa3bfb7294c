//! The pooling geometry as JavaScript sends it (14 numbers, in the order of the TypeScript
//! `Pool2dGeometry` interface), validated and with every size precomputed.

use crate::dims;
use crate::error::KResult;
use crate::fail;
use crate::window::{self, Axis};

pub const POOL_FIELDS: [&str; 14] = [
    "batch",
    "channels",
    "inHeight",
    "inWidth",
    "kernelHeight",
    "kernelWidth",
    "strideHeight",
    "strideWidth",
    "padTop",
    "padBottom",
    "padLeft",
    "padRight",
    "outHeight",
    "outWidth",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolGeometry {
    /// The input's shape as the contract's messages name it: [N, C, H, W].
    pub input_shape: [usize; 4],
    pub planes: usize,
    pub rows: Axis,
    pub cols: Axis,
    pub out_h: usize,
    pub out_w: usize,
    pub in_plane: usize,
    pub out_plane: usize,
    pub x_len: usize,
    pub y_len: usize,
    detail: String,
}

impl PoolGeometry {
    pub fn parse(op: &str, v: &[f64]) -> KResult<Self> {
        window::expect_fields(op, &POOL_FIELDS, v)?;
        let pos = |i: usize| dims::positive(op, POOL_FIELDS[i], v, i);
        let pad = |i: usize| dims::non_negative(op, POOL_FIELDS[i], v, i);
        let (batch, channels) = (pos(0)?, pos(1)?);
        let rows = Axis {
            input: pos(2)?,
            kernel: pos(4)?,
            stride: pos(6)?,
            pad_before: pad(8)?,
            pad_after: pad(9)?,
            dilation: 1,
        };
        let cols = Axis {
            input: pos(3)?,
            kernel: pos(5)?,
            stride: pos(7)?,
            pad_before: pad(10)?,
            pad_after: pad(11)?,
            dilation: 1,
        };
        for (axis, name) in [(&rows, "height"), (&cols, "width")] {
            if 2 * axis.pad_before.max(axis.pad_after) > axis.kernel {
                return fail!(
                    op,
                    "padding {}/{} must be at most half the kernel {name} {} (so every window holds an input)",
                    axis.pad_before,
                    axis.pad_after,
                    axis.kernel
                );
            }
        }
        let (out_h, out_w) = window::expect_output(op, &rows, &cols, pos(12)?, pos(13)?)?;
        let planes = dims::product(op, "planes", &[batch, channels])?;
        let in_plane = dims::product(op, "input plane", &[rows.input, cols.input])?;
        let out_plane = dims::product(op, "output plane", &[out_h, out_w])?;
        Ok(Self {
            input_shape: [batch, channels, rows.input, cols.input],
            planes,
            rows,
            cols,
            out_h,
            out_w,
            in_plane,
            out_plane,
            x_len: dims::product(op, "input size", &[planes, in_plane])?,
            y_len: dims::product(op, "output size", &[planes, out_plane])?,
            detail: format!("N={batch}, C={channels}, H={}, W={}, outH={out_h}, outW={out_w}", rows.input, cols.input),
        })
    }

    pub fn check_x(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.x_len, &self.detail)
    }

    pub fn check_y(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.y_len, &self.detail)
    }
}
