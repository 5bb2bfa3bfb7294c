//! Single-precision GEMM on strided views, through the `gemm` crate (runtime-dispatched
//! AVX-512 / AVX2+FMA / NEON micro-kernels with a portable fallback). It measured faster
//! than `matrixmultiply` on every shape we run (see README).

use gemm::Parallelism;

/// A read-only rows x cols matrix inside `data`: element (i, j) is `data[i*rs + j*cs]`.
#[derive(Clone, Copy)]
pub struct MatRef<'a> {
    pub data: &'a [f32],
    pub rs: usize,
    pub cs: usize,
}

impl<'a> MatRef<'a> {
    pub fn row_major(data: &'a [f32], cols: usize) -> Self {
        Self { data, rs: cols, cs: 1 }
    }

    /// The transpose of a row-major matrix with `cols` columns.
    pub fn transposed(data: &'a [f32], cols: usize) -> Self {
        Self { data, rs: 1, cs: cols }
    }

    fn assert_fits(&self, rows: usize, cols: usize) {
        let last = (rows - 1) * self.rs + (cols - 1) * self.cs;
        assert!(last < self.data.len(), "sgemm view {rows}x{cols} overruns {} elements", self.data.len());
    }
}

/// How the product is spread over threads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Threads {
    One,
    /// Split inside the GEMM over the current rayon pool.
    Pool(usize),
}

/// The output of a GEMM: row-major with row stride `ld` (columns are contiguous).
pub struct MatMut<'a> {
    pub data: &'a mut [f32],
    pub ld: usize,
}

/// c (m x n) = a (m x k) · b (k x n), or c += a·b when `accumulate`.
pub fn sgemm((m, n, k): (usize, usize, usize), a: MatRef, b: MatRef, c: MatMut, accumulate: bool, threads: Threads) {
    let MatMut { data: c, ld: ldc } = c;
    if m == 0 || n == 0 {
        return;
    }
    assert!(ldc >= n && (m - 1) * ldc + n <= c.len(), "sgemm output {m}x{n} (ld {ldc}) overruns {}", c.len());
    if k == 0 {
        if !accumulate {
            c.chunks_mut(ldc).take(m).for_each(|row| row[..n].fill(0.0));
        }
        return;
    }
    a.assert_fits(m, k);
    b.assert_fits(k, n);
    let parallelism = match threads {
        Threads::Pool(t) if t > 1 => Parallelism::Rayon(t),
        _ => Parallelism::None,
    };
    // SAFETY: the asserts above keep every index the views describe inside their slices, and
    // `c` is borrowed mutably so it cannot alias `a` or `b`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            ldc as isize,
            accumulate,
            a.data.as_ptr(),
            a.cs as isize,
            a.rs as isize,
            b.data.as_ptr(),
            b.cs as isize,
            b.rs as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
}
