//! Runtime selection of the widest instruction set for our own loops (the GEMM crate does its own).
//! `simd_variants!(fn name(args) => generic)` defines `name`, which calls `generic::<Avx512>` in a
//! function compiled for AVX-512, or `generic::<Avx2>` compiled for AVX2+FMA, when the CPU has them,
//! else `generic::<Portable>` for the baseline target. `generic` and what it calls must be
//! `#[inline(always)]` so they are compiled inside each variant.

use std::sync::atomic::{AtomicU8, Ordering};

/// The widest variant `simd_variants!` may pick: the CPU's best unless capped (by tests, or by
/// SCRATCHNET_SIMD=portable|avx2 in the environment, to compare or work around a variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Portable = 1,
    Avx2 = 2,
    Avx512 = 3,
}

static CAP: AtomicU8 = AtomicU8::new(0);

pub fn set_cap(level: Level) {
    CAP.store(level as u8, Ordering::Relaxed);
}

/// Whether variants up to `level` may run.
pub fn allows(level: Level) -> bool {
    let mut cap = CAP.load(Ordering::Relaxed);
    if cap == 0 {
        cap = match std::env::var("SCRATCHNET_SIMD").as_deref() {
            Ok("portable") => Level::Portable,
            Ok("avx2") => Level::Avx2,
            _ => Level::Avx512,
        } as u8;
        CAP.store(cap, Ordering::Relaxed);
    }
    level as u8 <= cap
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
                    $generic::<$crate::vec16::Avx512>($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                fn wide256($($arg: $ty),*) {
                    $generic::<$crate::vec16::Avx2>($($arg),*)
                }
                use $crate::simd_dispatch::{allows, Level};
                if allows(Level::Avx512) && std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has every feature `wide512` was compiled for.
                    return unsafe { wide512($($arg),*) };
                }
                if allows(Level::Avx2)
                    && std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the CPU has every feature `wide256` was compiled for.
                    return unsafe { wide256($($arg),*) };
                }
            }
            $generic::<$crate::vec16::Portable>($($arg),*)
        }
    };
}
