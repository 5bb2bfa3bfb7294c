//! The contract's `matmul`: C (m x n) = op(A)·op(B), or += when accumulating.

use crate::dims;
use crate::error::KResult;
use crate::fail;
use crate::sgemm::{MatMut, MatRef, Threads, sgemm};

/// What JavaScript sends as 6 numbers: m, n, k, transA, transB, accumulate (flags are 0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatmulArgs {
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub trans_a: bool,
    pub trans_b: bool,
    pub accumulate: bool,
}

/// Below this many multiply-adds one thread, the calling one, beats splitting the product: handing
/// work to the pool costs ~10 us. Measured on 2 cores (AVX-512), MNIST MLP shapes at batch 64:
/// 64x100x784 (5.0M) 63-75 us on the calling thread vs 81-87 us on 2 pool threads, 64x200x100
/// 17 us vs 30 us, 64x10x200 5.6 us vs 18 us; 128x100x784 (10M) 124 us on 2 threads.
const PARALLEL_WORK: usize = 1 << 23;

impl MatmulArgs {
    pub fn parse(op: &str, v: &[f64]) -> KResult<Self> {
        if v.len() != 6 {
            return fail!(op, "args must have 6 numbers (m, n, k, transA, transB, accumulate), got {}", v.len());
        }
        let args = Self {
            m: dims::positive(op, "m", v, 0)?,
            n: dims::positive(op, "n", v, 1)?,
            k: dims::positive(op, "k", v, 2)?,
            trans_a: dims::flag(op, "transA", v, 3)?,
            trans_b: dims::flag(op, "transB", v, 4)?,
            accumulate: dims::flag(op, "accumulate", v, 5)?,
        };
        dims::product(op, "m*n*k", &[args.m, args.n, args.k])?;
        Ok(args)
    }

    pub fn check_lengths(&self, op: &str, a: usize, b: usize, c: usize) -> KResult<()> {
        let (m, n, k) = (self.m, self.n, self.k);
        let a_shape = if self.trans_a { format!("k x m = {k} x {m}, transA") } else { format!("m x k = {m} x {k}") };
        let b_shape = if self.trans_b { format!("n x k = {n} x {k}, transB") } else { format!("k x n = {k} x {n}") };
        dims::expect_len(op, "a", a, dims::product(op, "a size", &[m, k])?, &a_shape)?;
        dims::expect_len(op, "b", b, dims::product(op, "b size", &[k, n])?, &b_shape)?;
        dims::expect_len(op, "c", c, dims::product(op, "c size", &[m, n])?, &format!("m x n = {m} x {n}"))
    }
}

/// Whether the product is big enough for more than one thread.
pub fn worth_splitting(args: &MatmulArgs) -> bool {
    args.m * args.n * args.k >= PARALLEL_WORK
}

/// Runs on the calling thread's rayon pool; lengths must have passed `check_lengths`.
pub fn matmul(a: &[f32], b: &[f32], c: &mut [f32], args: MatmulArgs, threads: usize) {
    let MatmulArgs { m, n, k, trans_a, trans_b, accumulate } = args;
    let a = if trans_a { MatRef::transposed(a, m) } else { MatRef::row_major(a, k) };
    let b = if trans_b { MatRef::transposed(b, k) } else { MatRef::row_major(b, n) };
    let threads = if worth_splitting(&args) { Threads::Pool(threads) } else { Threads::One };
    sgemm((m, n, k), a, b, MatMut { data: c, ld: n }, accumulate, threads);
}
