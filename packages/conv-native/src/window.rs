//! Sliding-window arithmetic shared by convolution and pooling along one axis.

use crate::dims;
use crate::error::KResult;
use crate::fail;

/// One spatial axis of a sliding window: input length, kernel taps, stride, padding and dilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub input: usize,
    pub kernel: usize,
    pub stride: usize,
    pub pad_before: usize,
    pub pad_after: usize,
    pub dilation: usize,
}

impl Axis {
    /// floor((input + pads - dilation*(kernel-1) - 1) / stride) + 1, checked; fails when the window does not fit.
    pub fn output_len(&self, op: &str, axis: &str) -> KResult<usize> {
        let span = dims::product(op, "dilated kernel", &[self.dilation, self.kernel - 1])?;
        let span = dims::sum(op, "dilated kernel", &[span, 1])?;
        let padded = dims::sum(op, "padded input", &[self.input, self.pad_before, self.pad_after])?;
        if span > padded {
            return fail!(
                op,
                "kernel {axis} {} (dilation {}) spans {span}, larger than the padded input {axis} {padded}",
                self.kernel,
                self.dilation
            );
        }
        Ok((padded - span) / self.stride + 1)
    }

    /// The outputs `o` in [0, out_len) whose tap `t` reads an in-bounds input `o*stride + t*dilation - pad_before`.
    #[inline]
    pub fn valid_outputs(&self, tap: usize, out_len: usize) -> (usize, usize) {
        let offset = (tap * self.dilation) as isize - self.pad_before as isize;
        let s = self.stride as isize;
        let first = if offset >= 0 { 0 } else { (-offset + s - 1) / s };
        let last_in = self.input as isize - 1 - offset;
        let end = if last_in < 0 { 0 } else { (last_in / s + 1).min(out_len as isize) };
        let first = first.min(end);
        (first as usize, end as usize)
    }

    /// The in-bounds input range [start, end) of the window of output `out` (pooling; dilation 1).
    #[inline]
    pub fn window(&self, out: usize) -> (usize, usize) {
        let start = (out * self.stride) as isize - self.pad_before as isize;
        let end = (start + self.kernel as isize).min(self.input as isize);
        (start.max(0) as usize, end.max(0) as usize)
    }

    /// The input index read by output `o` at tap `t` (only call for `o` inside `valid_outputs`).
    #[inline]
    pub fn input_index(&self, out: usize, tap: usize) -> usize {
        out * self.stride + tap * self.dilation - self.pad_before
    }
}

/// Fails unless JavaScript sent exactly one number per geometry field.
pub fn expect_fields(op: &str, fields: &[&str], v: &[f64]) -> KResult<()> {
    if v.len() != fields.len() {
        return fail!(op, "geometry must have {} numbers ({}), got {}", fields.len(), fields.join(", "), v.len());
    }
    Ok(())
}

/// Fails unless the declared output size is the one the two axes give; returns (outH, outW).
pub fn expect_output(op: &str, rows: &Axis, cols: &Axis, out_h: usize, out_w: usize) -> KResult<(usize, usize)> {
    let expected = (rows.output_len(op, "height")?, cols.output_len(op, "width")?);
    if expected != (out_h, out_w) {
        return fail!(op, "outHeight x outWidth is {out_h}x{out_w}, the geometry gives {}x{}", expected.0, expected.1);
    }
    Ok(expected)
}

#[cfg(test)]
mod tests {
    use super::Axis;

    #[test]
    fn valid_outputs_match_a_brute_force_scan() {
        for input in 1..7 {
            for kernel in 1..4 {
                for stride in 1..4 {
                    for dilation in 1..3 {
                        for pad_before in 0..3 {
                            let axis = Axis { input, kernel, stride, pad_before, pad_after: 1, dilation };
                            let Ok(out) = axis.output_len("t", "width") else { continue };
                            for tap in 0..kernel {
                                let (a, b) = axis.valid_outputs(tap, out);
                                for o in 0..out {
                                    let i = (o * stride + tap * dilation) as isize - pad_before as isize;
                                    let inside = i >= 0 && (i as usize) < input;
                                    assert_eq!(inside, o >= a && o < b, "{axis:?} tap {tap} out {o}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_kernel_wider_than_the_padded_input_is_an_error() {
        let axis = Axis { input: 2, kernel: 3, stride: 1, pad_before: 0, pad_after: 0, dilation: 1 };
        let err = axis.output_len("conv2d", "width").unwrap_err();
        assert!(err.0.contains("larger than the padded input width 2"), "{err}");
    }
}
