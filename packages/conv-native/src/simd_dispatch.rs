//! Runtime selection of the widest instruction set for our own loops (the GEMM crate does its own).
//! `simd_variants!(pub fn name(args) => generic)` defines `name`, which calls `generic::<true>`
//! compiled for AVX-512 or for AVX2+FMA when the CPU has them, else `generic::<false>` for the
//! baseline target. The const flag says whether fused multiply-add is available: without it
//! `mul_add` would be a slow library call. `generic` and what it calls must be `#[inline(always)]`
//! so they are compiled inside each variant.

/// a * b + c, fused when the variant was compiled with FMA.
#[inline(always)]
pub fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

#[macro_export]
macro_rules! simd_variants {
    ($(#[$doc:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) => $generic:ident) => {
        $(#[$doc])*
        $vis fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx2,fma")]
                fn wide512($($arg: $ty),*) {
                    $generic::<true>($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                fn wide256($($arg: $ty),*) {
                    $generic::<true>($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has every feature `wide512` was compiled for.
                    return unsafe { wide512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                    // SAFETY: the CPU has every feature `wide256` was compiled for.
                    return unsafe { wide256($($arg),*) };
                }
            }
            $generic::<false>($($arg),*)
        }
    };
}
