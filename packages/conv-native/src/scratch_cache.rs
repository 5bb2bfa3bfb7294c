//! Scratch that outlives its call: the large buffers of the Winograd plans (several MB per call)
//! are taken from a per-thread cache and given back when dropped, so a training loop does not pay
//! for fresh pages (the page faults of new memory cost as much as the transforms that fill it).
//! The cache holds at most `KEPT` buffers per thread; contents are whatever the last user left.
//! Each buffer starts on a 64-byte boundary, so a 16-float vector at a multiple of 16 is one cache
//! line (unaligned, every such load and store touched two).

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

use crate::error::KResult;
use crate::scratch;

const KEPT: usize = 8;

thread_local! {
    static CACHE: RefCell<Vec<Vec<f32>>> = const { RefCell::new(Vec::new()) };
}

/// Floats of slack for moving the start to a 64-byte boundary.
const ALIGN_SLACK: usize = 15;

/// A scratch buffer of `len` floats from `start` in its vector, which returns to this thread's
/// cache when dropped.
pub struct Recycled {
    buf: Vec<f32>,
    start: usize,
    len: usize,
}

impl Recycled {
    /// `len` floats whose contents are unspecified: the caller overwrites every one it reads.
    pub fn any(op: &str, what: &str, len: usize) -> KResult<Self> {
        let cached = CACHE.with_borrow_mut(|cache| {
            // The smallest cached buffer that is large enough.
            let best = (0..cache.len())
                .filter(|&i| cache[i].capacity() >= len + ALIGN_SLACK)
                .min_by_key(|&i| cache[i].capacity());
            best.map(|i| cache.swap_remove(i))
        });
        let mut buf = cached.unwrap_or_default();
        let room = len
            .checked_add(ALIGN_SLACK)
            .ok_or_else(|| crate::error::KernelError(format!("{op}: the {what} size overflows usize")))?;
        if buf.len() < room {
            scratch::resize(op, what, &mut buf, room, 0.0)?;
        }
        let start = (64 - buf.as_ptr() as usize % 64) % 64 / size_of::<f32>();
        Ok(Self { buf, start, len })
    }

    /// `len` floats, all zero.
    pub fn zeros(op: &str, what: &str, len: usize) -> KResult<Self> {
        let mut buf = Self::any(op, what, len)?;
        buf.fill(0.0);
        Ok(buf)
    }
}

impl Deref for Recycled {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        &self.buf[self.start..][..self.len]
    }
}

impl DerefMut for Recycled {
    fn deref_mut(&mut self) -> &mut [f32] {
        &mut self.buf[self.start..][..self.len]
    }
}

impl Drop for Recycled {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        CACHE.with_borrow_mut(|cache| {
            cache.push(buf);
            if cache.len() > KEPT {
                // Let go of the smallest: the large ones are the expensive ones to make again.
                let smallest = (0..cache.len()).min_by_key(|&i| cache[i].capacity()).expect("not empty");
                cache.swap_remove(smallest);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_a_large_enough_buffer_and_zeroes_on_request() {
        let ptr = {
            let mut a = Recycled::any("t", "a", 1000).unwrap();
            a.fill(3.0);
            a.as_ptr()
        };
        let b = Recycled::zeros("t", "b", 600).unwrap();
        assert_eq!(b.as_ptr(), ptr);
        assert_eq!(b.len(), 600);
        assert_eq!(b.as_ptr() as usize % 64, 0);
        assert!(b.iter().all(|&v| v == 0.0));
        drop(b);
        // A larger request than any cached buffer grows one.
        let c = Recycled::any("t", "c", 5000).unwrap();
        assert_eq!(c.len(), 5000);
    }
}
