//! Unit tests: every kernel against the float64 direct loops of `reference`, on seeded random
//! geometries, and the validation errors.

mod adam_tests;
mod conv_tests;
mod field_table_tests;
mod matmul_tests;
mod pool_tests;
mod reference;
mod rng;
mod scratch_tests;
mod validation_tests;

/// float32 tolerance for a sum of `terms` products whose absolute values add up to `magnitude`:
/// rounding error grows like sqrt(terms) * eps32 relative to that magnitude for random signs;
/// the factor 8 covers the blocked summation orders of GEMM and a few ulps of the final rounding.
pub fn assert_close(what: &str, got: &[f32], want: &[f64], magnitude: &[f64], terms: usize) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    let scale = 8.0 * f64::from(f32::EPSILON) * (terms.max(1) as f64).sqrt();
    for (i, ((&g, &w), &m)) in got.iter().zip(want).zip(magnitude).enumerate() {
        let tol = scale * m + f64::from(f32::MIN_POSITIVE);
        assert!((f64::from(g) - w).abs() <= tol, "{what}[{i}]: got {g}, want {w} (tolerance {tol:e})");
    }
}

/// Runs `f` in a private pool of `threads` workers, so kernels see that thread count.
pub fn with_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("test pool").install(f)
}
