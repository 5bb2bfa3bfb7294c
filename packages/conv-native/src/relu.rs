//! The contract's `relu` and `reluBackward` over flat f32 arrays, bit for bit as the js kernels:
//! y = max(x, 0) with NaN kept and -0 giving +0; dx = dy where y > 0, else +0. Branch-free, so the
//! compiler vectorises them for each instruction set; long arrays are split over the pool.

use rayon::prelude::*;

use crate::simd_variants;

/// Elements per task: long enough that a task outweighs handing it to the pool.
pub const CHUNK: usize = 1 << 15;

// `simd_variants!` compiles these once per instruction set; V (its lane type) goes unused, the
// compiler vectorises the loops for the features of each variant.
#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn forward_lanes<V>(x: &[f32], y: &mut [f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        let b = x.to_bits() as i32;
        // All ones when b is a NaN (its magnitude above +inf's); the sign then clears nothing.
        let nan = (0x7f80_0000 - (b & 0x7fff_ffff)) >> 31;
        *y = f32::from_bits((b & !((b >> 31) & !nan)) as u32);
    }
}

#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn backward_lanes<V>(y: &[f32], dy: &[f32], dx: &mut [f32]) {
    for ((dx, &y), &dy) in dx.iter_mut().zip(y).zip(dy) {
        *dx = if y > 0.0 { dy } else { 0.0 };
    }
}

simd_variants!(pub fn forward_chunk(x: &[f32], y: &mut [f32]) => forward_lanes);
simd_variants!(pub fn backward_chunk(y: &[f32], dy: &[f32], dx: &mut [f32]) => backward_lanes);

/// Lengths must match (checked by the binding). Runs in the current pool.
pub fn forward(x: &[f32], y: &mut [f32]) {
    y.par_chunks_mut(CHUNK).zip(x.par_chunks(CHUNK)).for_each(|(y, x)| forward_chunk(x, y));
}

pub fn backward(y: &[f32], dy: &[f32], dx: &mut [f32]) {
    dx.par_chunks_mut(CHUNK).zip(y.par_chunks(CHUNK).zip(dy.par_chunks(CHUNK))).for_each(|(dx, (y, dy))| {
        backward_chunk(y, dy, dx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specials() -> Vec<f32> {
        let mut v = vec![0.0, -0.0, 1.0, -1.0, 1e-45, -1e-45, 3.4e38, -3.4e38, f32::INFINITY, f32::NEG_INFINITY];
        v.extend([0x7fc0_0000u32, 0xffc0_0000, 0xff80_0001].map(f32::from_bits));
        v.extend((0..(3 * CHUNK + 17)).map(|i| ((i as f32) * 0.37).sin() * 10.0));
        v
    }

    #[test]
    fn forward_is_max_with_zero_keeping_nans() {
        let x = specials();
        let mut y = vec![7.0; x.len()];
        forward(&x, &mut y);
        for (i, (&x, &y)) in x.iter().zip(&y).enumerate() {
            let want = if x > 0.0 || x.is_nan() { x } else { 0.0 };
            assert_eq!(y.to_bits(), want.to_bits(), "index {i}: x = {x}");
        }
    }

    #[test]
    fn backward_passes_dy_where_positive() {
        let y = specials();
        let dy: Vec<f32> = (0..y.len()).map(|i| i as f32 - 5.5).collect();
        let mut dx = vec![7.0; y.len()];
        backward(&y, &dy, &mut dx);
        for i in 0..y.len() {
            let want = if y[i] > 0.0 { dy[i] } else { 0.0 };
            assert_eq!(dx[i].to_bits(), want.to_bits(), "index {i}: y = {}", y[i]);
        }
    }
}
