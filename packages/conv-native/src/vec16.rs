//! Sixteen f32 lanes as one value, so the blocked kernels say what they mean: one AVX-512
//! register, two AVX2 registers, or a plain array. The x86 versions are only ever used inside
//! functions compiled with those features (see `simd_variants!`), where the intrinsics inline.

pub trait Vec16: Copy {
    /// How many of these the vector register file holds: what a register-blocked kernel may keep
    /// live without spilling.
    const REGISTERS: usize;
    fn zero() -> Self;
    fn splat(v: f32) -> Self;
    fn load(src: &[f32; 16]) -> Self;
    fn store(self, dst: &mut [f32; 16]);
    /// self + a * b
    fn mul_add(self, a: Self, b: Self) -> Self;
    fn add(self, a: Self) -> Self;
    fn sub(self, a: Self) -> Self;
    fn mul(self, a: Self) -> Self;
    fn sum(self) -> f32;
}

/// The portable version: the compiler vectorises what the baseline target allows.
#[derive(Clone, Copy)]
pub struct Portable([f32; 16]);

impl Vec16 for Portable {
    // The baseline target's 16 SSE registers of four lanes (NEON's 32 would hold eight).
    const REGISTERS: usize = 4;
    #[inline(always)]
    fn zero() -> Self {
        Self([0.0; 16])
    }
    #[inline(always)]
    fn splat(v: f32) -> Self {
        Self([v; 16])
    }
    #[inline(always)]
    fn load(src: &[f32; 16]) -> Self {
        Self(*src)
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32; 16]) {
        *dst = self.0;
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] + a.0[i] * b.0[i]))
    }
    #[inline(always)]
    fn add(self, a: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] + a.0[i]))
    }
    #[inline(always)]
    fn sub(self, a: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] - a.0[i]))
    }
    #[inline(always)]
    fn mul(self, a: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] * a.0[i]))
    }
    #[inline(always)]
    fn sum(self) -> f32 {
        self.0.iter().sum()
    }
}

#[cfg(target_arch = "x86_64")]
pub use x86::{Avx2, Avx512};

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::Vec16;

    /// One zmm register; only constructed inside AVX-512 code.
    #[derive(Clone, Copy)]
    pub struct Avx512(__m512);

    /// Two ymm registers; only constructed inside AVX2+FMA code.
    #[derive(Clone, Copy)]
    pub struct Avx2(__m256, __m256);

    // SAFETY (all blocks below): these types are only used by functions that `simd_variants!`
    // compiles with the matching target features and calls after checking the CPU has them;
    // loads and stores go through references to exactly 16 floats.
    impl Vec16 for Avx512 {
        const REGISTERS: usize = 32;
        #[inline(always)]
        fn zero() -> Self {
            Self(unsafe { _mm512_setzero_ps() })
        }
        #[inline(always)]
        fn splat(v: f32) -> Self {
            Self(unsafe { _mm512_set1_ps(v) })
        }
        #[inline(always)]
        fn load(src: &[f32; 16]) -> Self {
            Self(unsafe { _mm512_loadu_ps(src.as_ptr()) })
        }
        #[inline(always)]
        fn store(self, dst: &mut [f32; 16]) {
            unsafe { _mm512_storeu_ps(dst.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        fn mul_add(self, a: Self, b: Self) -> Self {
            Self(unsafe { _mm512_fmadd_ps(a.0, b.0, self.0) })
        }
        #[inline(always)]
        fn add(self, a: Self) -> Self {
            Self(unsafe { _mm512_add_ps(self.0, a.0) })
        }
        #[inline(always)]
        fn sub(self, a: Self) -> Self {
            Self(unsafe { _mm512_sub_ps(self.0, a.0) })
        }
        #[inline(always)]
        fn mul(self, a: Self) -> Self {
            Self(unsafe { _mm512_mul_ps(self.0, a.0) })
        }
        #[inline(always)]
        fn sum(self) -> f32 {
            unsafe { _mm512_reduce_add_ps(self.0) }
        }
    }

    impl Vec16 for Avx2 {
        const REGISTERS: usize = 8;
        #[inline(always)]
        fn zero() -> Self {
            unsafe { Self(_mm256_setzero_ps(), _mm256_setzero_ps()) }
        }
        #[inline(always)]
        fn splat(v: f32) -> Self {
            unsafe { Self(_mm256_set1_ps(v), _mm256_set1_ps(v)) }
        }
        #[inline(always)]
        fn load(src: &[f32; 16]) -> Self {
            unsafe { Self(_mm256_loadu_ps(src.as_ptr()), _mm256_loadu_ps(src.as_ptr().add(8))) }
        }
        #[inline(always)]
        fn store(self, dst: &mut [f32; 16]) {
            unsafe {
                _mm256_storeu_ps(dst.as_mut_ptr(), self.0);
                _mm256_storeu_ps(dst.as_mut_ptr().add(8), self.1);
            }
        }
        #[inline(always)]
        fn mul_add(self, a: Self, b: Self) -> Self {
            unsafe { Self(_mm256_fmadd_ps(a.0, b.0, self.0), _mm256_fmadd_ps(a.1, b.1, self.1)) }
        }
        #[inline(always)]
        fn add(self, a: Self) -> Self {
            unsafe { Self(_mm256_add_ps(self.0, a.0), _mm256_add_ps(self.1, a.1)) }
        }
        #[inline(always)]
        fn sub(self, a: Self) -> Self {
            unsafe { Self(_mm256_sub_ps(self.0, a.0), _mm256_sub_ps(self.1, a.1)) }
        }
        #[inline(always)]
        fn mul(self, a: Self) -> Self {
            unsafe { Self(_mm256_mul_ps(self.0, a.0), _mm256_mul_ps(self.1, a.1)) }
        }
        #[inline(always)]
        fn sum(self) -> f32 {
            let mut lanes = [0.0f32; 16];
            self.store(&mut lanes);
            lanes.iter().sum()
        }
    }
}
