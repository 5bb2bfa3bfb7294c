//! The convolution geometry as JavaScript sends it (18 numbers, in the order of the
//! TypeScript `Conv2dGeometry` interface), validated and with every size precomputed.

use crate::dims;
use crate::error::KResult;
use crate::fail;
use crate::window::{self, Axis};

pub const CONV_FIELDS: [&str; 18] = [
    "batch",
    "inChannels",
    "inHeight",
    "inWidth",
    "outChannels",
    "kernelHeight",
    "kernelWidth",
    "strideHeight",
    "strideWidth",
    "padTop",
    "padBottom",
    "padLeft",
    "padRight",
    "dilationHeight",
    "dilationWidth",
    "groups",
    "outHeight",
    "outWidth",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvGeometry {
    pub batch: usize,
    pub in_channels: usize,
    pub out_channels: usize,
    pub groups: usize,
    pub rows: Axis,
    pub cols: Axis,
    pub out_h: usize,
    pub out_w: usize,
    /// inChannels / groups and outChannels / groups.
    pub in_per_group: usize,
    pub out_per_group: usize,
    /// One input plane (H*W), one output plane (outH*outW), one weight row (inC/groups*kH*kW).
    pub in_plane: usize,
    pub out_plane: usize,
    pub patch: usize,
    pub x_len: usize,
    pub w_len: usize,
    pub y_len: usize,
}

impl ConvGeometry {
    pub fn parse(op: &str, v: &[f64]) -> KResult<Self> {
        window::expect_fields(op, &CONV_FIELDS, v)?;
        let pos = |i: usize| dims::positive(op, CONV_FIELDS[i], v, i);
        let pad = |i: usize| dims::non_negative(op, CONV_FIELDS[i], v, i);
        let (batch, in_channels, out_channels, groups) = (pos(0)?, pos(1)?, pos(4)?, pos(15)?);
        if in_channels % groups != 0 || out_channels % groups != 0 {
            return fail!(
                op,
                "groups={groups} must divide inChannels ({in_channels}) and outChannels ({out_channels})"
            );
        }
        let rows = Axis {
            input: pos(2)?,
            kernel: pos(5)?,
            stride: pos(7)?,
            pad_before: pad(9)?,
            pad_after: pad(10)?,
            dilation: pos(13)?,
        };
        let cols = Axis {
            input: pos(3)?,
            kernel: pos(6)?,
            stride: pos(8)?,
            pad_before: pad(11)?,
            pad_after: pad(12)?,
            dilation: pos(14)?,
        };
        let (out_h, out_w) = window::expect_output(op, &rows, &cols, pos(16)?, pos(17)?)?;
        let in_per_group = in_channels / groups;
        let in_plane = dims::product(op, "input plane", &[rows.input, cols.input])?;
        let out_plane = dims::product(op, "output plane", &[out_h, out_w])?;
        let patch = dims::product(op, "weight row", &[in_per_group, rows.kernel, cols.kernel])?;
        Ok(Self {
            batch,
            in_channels,
            out_channels,
            groups,
            rows,
            cols,
            out_h,
            out_w,
            in_per_group,
            out_per_group: out_channels / groups,
            in_plane,
            out_plane,
            patch,
            x_len: dims::product(op, "input size", &[batch, in_channels, in_plane])?,
            w_len: dims::product(op, "weight size", &[out_channels, patch])?,
            y_len: dims::product(op, "output size", &[batch, out_channels, out_plane])?,
        })
    }

    pub fn x_detail(&self) -> String {
        format!("N={}, C={}, H={}, W={}", self.batch, self.in_channels, self.rows.input, self.cols.input)
    }

    pub fn w_detail(&self) -> String {
        format!(
            "outC={}, inC/groups={}, kH={}, kW={}",
            self.out_channels, self.in_per_group, self.rows.kernel, self.cols.kernel
        )
    }

    pub fn y_detail(&self) -> String {
        format!("N={}, outC={}, outH={}, outW={}", self.batch, self.out_channels, self.out_h, self.out_w)
    }

    pub fn check_x(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.x_len, &self.x_detail())
    }

    pub fn check_w(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.w_len, &self.w_detail())
    }

    pub fn check_y(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.y_len, &self.y_detail())
    }

    pub fn check_bias(&self, op: &str, name: &str, len: usize) -> KResult<()> {
        dims::expect_len(op, name, len, self.out_channels, &format!("outC={}", self.out_channels))
    }

    /// True when im2col would copy the input unchanged (1x1 kernel, stride 1, no padding).
    pub fn is_pointwise(&self) -> bool {
        let plain = |a: &Axis| a.kernel == 1 && a.stride == 1 && a.pad_before == 0 && a.pad_after == 0;
        plain(&self.rows) && plain(&self.cols)
    }
}
