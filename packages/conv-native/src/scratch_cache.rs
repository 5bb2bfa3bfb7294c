//! Scratch that outlives its call: the large buffers of the Winograd plans (several MB per call)
//! are taken from a per-thread cache and given back when dropped, so a training loop does not pay
//! for fresh pages (the page faults of new memory cost as much as the transforms that fill it).
//! The cache holds at most `KEPT` buffers per thread; contents are whatever the last user left.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

use crate::error::KResult;
use crate::scratch;

const KEPT: usize = 8;

thread_local! {
    static CACHE: RefCell<Vec<Vec<f32>>> = const { RefCell::new(Vec::new()) };
}

/// A scratch buffer of `len` floats that returns to this thread's cache when dropped.
pub struct Recycled(Vec<f32>);

impl Recycled {
    /// `len` floats whose contents are unspecified: the caller overwrites every one it reads.
    pub fn any(op: &str, what: &str, len: usize) -> KResult<Self> {
        let cached = CACHE.with_borrow_mut(|cache| {
            // The smallest cached buffer that is large enough.
            let best = (0..cache.len()).filter(|&i| cache[i].capacity() >= len).min_by_key(|&i| cache[i].capacity());
            best.map(|i| cache.swap_remove(i))
        });
        let mut buf = cached.unwrap_or_default();
        if buf.len() > len {
            buf.truncate(len);
        } else {
            scratch::resize(op, what, &mut buf, len, 0.0)?;
        }
        Ok(Self(buf))
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
        &self.0
    }
}

impl DerefMut for Recycled {
    fn deref_mut(&mut self) -> &mut [f32] {
        &mut self.0
    }
}

impl Drop for Recycled {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.0);
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
        assert!(b.iter().all(|&v| v == 0.0));
        drop(b);
        // A larger request than any cached buffer grows one.
        let c = Recycled::any("t", "c", 5000).unwrap();
        assert_eq!(c.len(), 5000);
    }
}
