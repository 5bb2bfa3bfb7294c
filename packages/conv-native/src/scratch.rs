//! Scratch memory: what a kernel call allocates besides the caller's arrays (padded images, im2col
//! buffers, partial gradients, adjoint weights). A plan lists its buffers as `Buffer`s, sized with
//! checked arithmetic; `check` bounds them by `LIMIT` before the kernel starts, and the kernel then
//! allocates through `resize`, which reserves fallibly. So a geometry whose arrays are tiny but whose
//! scratch is absurd throws a JavaScript error; `Vec::resize` alone would abort the whole process on
//! a capacity overflow or a failed allocation.
//!
//! The GEMM crate's packing buffers are not listed: they hold at most one cache block of each operand
//! (kc x nc and kc x mc panels, kc at most k), so they never exceed the operands the caller passed.

use crate::error::{KResult, KernelError};
use crate::fail;

/// The most scratch one call may hold at once, over all its buffers and their per-thread copies:
/// 2^30 four-byte elements (4 GiB). Real layers need far less: an im2col band is capped near
/// 2^18 floats, a padded image is about one input image, partial gradients are a weight per thread.
pub const LIMIT: usize = 1 << 30;
const LIMIT_TEXT: &str = "2^30 floats (4 GiB)";

/// One scratch buffer of a plan: what it holds, how one copy's size is formed (with the numbers),
/// that size (`None` when it overflows usize) and how many copies live at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buffer {
    pub what: &'static str,
    pub formula: String,
    pub per_copy: Option<usize>,
    pub copies: usize,
}

impl Buffer {
    /// Four-byte elements of all copies together, or `None` when that overflows usize.
    pub fn elements(&self) -> Option<usize> {
        self.per_copy?.checked_mul(self.copies)
    }

    fn size_text(&self) -> String {
        match self.elements() {
            Some(n) => format!("{:.2e}", n as f64),
            None => format!("more than {:.2e}", usize::MAX as f64),
        }
    }

    fn describe(&self) -> String {
        let copies = if self.copies == 1 { String::new() } else { format!("{} copies × ", self.copies) };
        format!("{} of {} floats ({copies}{})", self.what, self.size_text(), self.formula)
    }
}

/// Fails, naming the op, the buffer, its size and the limit, unless every buffer and their sum fit `LIMIT`.
pub fn check(op: &str, buffers: &[Buffer]) -> KResult<()> {
    let mut total: usize = 0;
    for b in buffers {
        let Some(n) = b.elements().filter(|&n| n <= LIMIT) else {
            return fail!(op, "{} exceeds the scratch limit of {LIMIT_TEXT}", b.describe());
        };
        total = total.saturating_add(n);
    }
    if total > LIMIT {
        let parts: Vec<String> = buffers.iter().map(|b| format!("{} {}", b.what, b.size_text())).collect();
        return fail!(
            op,
            "scratch of {:.2e} floats in all ({}) exceeds the scratch limit of {LIMIT_TEXT}",
            total as f64,
            parts.join(", ")
        );
    }
    Ok(())
}

/// A size formed with checked arithmetic, or an error naming the buffer when it overflowed
/// (never, for a plan that passed `check`).
pub fn size(op: &str, what: &str, len: Option<usize>) -> KResult<usize> {
    len.ok_or_else(|| KernelError(format!("{op}: the {what} size overflows usize")))
}

/// `Vec::resize` that reserves fallibly first: an allocation failure is an error naming the buffer.
pub fn resize<T: Clone>(op: &str, what: &str, buf: &mut Vec<T>, len: usize, fill: T) -> KResult<()> {
    reserve(op, what, buf, len)?;
    buf.resize(len, fill);
    Ok(())
}

/// Makes room for `len` elements in all, fallibly.
pub fn reserve<T>(op: &str, what: &str, buf: &mut Vec<T>, len: usize) -> KResult<()> {
    let more = len.saturating_sub(buf.len());
    if buf.try_reserve_exact(more).is_err() {
        let bytes = len as f64 * size_of::<T>() as f64;
        return fail!(op, "could not allocate the {what} ({len} elements, {bytes:.2e} bytes): out of memory");
    }
    Ok(())
}

/// A zero-filled scratch vector of `len` floats, allocated fallibly.
pub fn zeros(op: &str, what: &str, len: usize) -> KResult<Vec<f32>> {
    let mut v = Vec::new();
    resize(op, what, &mut v, len, 0.0)?;
    Ok(v)
}
