//! The contract's `adamStep`: one Adam / AdamW step (PyTorch's single-tensor rule) of one parameter,
//! in place. The arithmetic is in the arrays' element type, one rounding per operation in the js
//! kernel's order (no fused multiply-add: Rust never contracts a * b + c), so both backends give
//! bit-identical parameters and moments in float32 and float64.

use std::ops::{Add, Div, Mul, Neg, Sub};

use rayon::prelude::*;

use crate::dims;
use crate::error::KResult;
use crate::{fail, simd_variants};

/// An element type the step computes in.
pub trait Float:
    Copy
    + Send
    + Sync
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    /// A float64 scalar rounded once to this type.
    fn round(x: f64) -> Self;
    fn sqrt(self) -> Self;
    fn is_nan(self) -> bool;
    fn is_sign_positive(self) -> bool;
    /// The step compiled for the widest instruction set the CPU has.
    fn step(arrays: AdamArrays<Self>, s: &Scalars<Self>);
}

macro_rules! impl_float {
    ($t:ty, $step:ident) => {
        impl Float for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn round(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn is_sign_positive(self) -> bool {
                <$t>::is_sign_positive(self)
            }
            fn step(arrays: AdamArrays<Self>, s: &Scalars<Self>) {
                $step(arrays, s);
            }
        }
    };
}

impl_float!(f32, step_f32);
impl_float!(f64, step_f64);

/// What JavaScript sends as 10 numbers: lr, beta1, beta2, eps, weightDecay, 1 - beta1^t,
/// sqrt(1 - beta2^t) (both computed in JavaScript, so that they round as the js kernel's do),
/// then the flags decoupledWeightDecay, amsgrad, maximize (0 or 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamArgs {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub bias_correction1: f64,
    pub bias_correction2_sqrt: f64,
    pub decoupled: bool,
    pub amsgrad: bool,
    pub maximize: bool,
}

const NAMES: [&str; 7] = ["lr", "beta1", "beta2", "eps", "weightDecay", "biasCorrection1", "biasCorrection2Sqrt"];

impl AdamArgs {
    pub fn parse(op: &str, v: &[f64]) -> KResult<Self> {
        if v.len() != 10 {
            return fail!(
                op,
                "args must have 10 numbers (lr, beta1, beta2, eps, weightDecay, biasCorrection1, \
                 biasCorrection2Sqrt, decoupledWeightDecay, amsgrad, maximize), got {}",
                v.len()
            );
        }
        if let Some((name, x)) = NAMES.iter().zip(v).find(|(_, x)| !x.is_finite()) {
            return fail!(op, "{name} must be a finite number, got {x}");
        }
        for (name, x) in [("beta1", v[1]), ("beta2", v[2])] {
            if !(0.0..1.0).contains(&x) {
                return fail!(op, "{name} must be in [0, 1), got {x}");
            }
        }
        for (name, x) in [("biasCorrection1", v[5]), ("biasCorrection2Sqrt", v[6])] {
            if x <= 0.0 {
                return fail!(op, "{name} must be positive (a step count of at least 1), got {x}");
            }
        }
        Ok(Self {
            lr: v[0],
            beta1: v[1],
            beta2: v[2],
            eps: v[3],
            weight_decay: v[4],
            bias_correction1: v[5],
            bias_correction2_sqrt: v[6],
            decoupled: dims::flag(op, "decoupledWeightDecay", v, 7)?,
            amsgrad: dims::flag(op, "amsgrad", v, 8)?,
            maximize: dims::flag(op, "maximize", v, 9)?,
        })
    }
}

/// The per-call constants of the loop, each formed in f64 and rounded once, as the js kernel forms them.
pub struct Scalars<T> {
    shrink: T,
    decays: bool,
    decay: T,
    maximize: bool,
    lerp_low: bool,
    weight: T,
    one_minus_weight: T,
    beta2: T,
    one_minus_beta2: T,
    neg_step_size: T,
    bias2_sqrt: T,
    eps: T,
}

impl<T: Float> Scalars<T> {
    fn new(a: &AdamArgs) -> Self {
        let weight = T::round(1.0 - a.beta1);
        let decay = T::round(if a.decoupled { 0.0 } else { a.weight_decay });
        Self {
            shrink: if a.decoupled && a.weight_decay != 0.0 { T::round(1.0 - a.lr * a.weight_decay) } else { T::ONE },
            decays: decay != T::ZERO,
            decay,
            maximize: a.maximize,
            lerp_low: weight < T::round(0.5) && -weight < T::round(0.5),
            weight,
            one_minus_weight: T::ONE - weight,
            beta2: T::round(a.beta2),
            one_minus_beta2: T::round(1.0 - a.beta2),
            neg_step_size: -T::round(a.lr / a.bias_correction1),
            bias2_sqrt: T::round(a.bias_correction2_sqrt),
            eps: T::round(a.eps),
        }
    }
}

/// The arrays of one step; every one has the parameter's length (checked by the binding).
pub struct AdamArrays<'a, T> {
    pub param: &'a mut [T],
    pub grad: &'a [T],
    pub exp_avg: &'a mut [T],
    pub exp_avg_sq: &'a mut [T],
    /// Required when amsgrad (the binding enforces it), ignored otherwise.
    pub max_exp_avg_sq: Option<&'a mut [T]>,
}

/// JavaScript's Math.max: NaN when either is NaN, and +0 over -0.
#[inline(always)]
fn js_max<T: Float>(a: T, b: T) -> T {
    if a.is_nan() {
        a
    } else if b.is_nan() || a < b || (a == b && b.is_sign_positive()) {
        b
    } else {
        a
    }
}

#[inline(always)]
fn update<T: Float, const AMSGRAD: bool>(arrays: AdamArrays<T>, s: &Scalars<T>) {
    let n = arrays.param.len();
    let (p, g) = (arrays.param, &arrays.grad[..n]);
    let (m, v) = (&mut arrays.exp_avg[..n], &mut arrays.exp_avg_sq[..n]);
    let v_max = match arrays.max_exp_avg_sq {
        Some(a) if AMSGRAD => &mut a[..n],
        _ => &mut [][..],
    };
    // The flags are loop-invariant: both sides are computed and one selected, so the loop vectorises.
    for j in 0..n {
        // Exact when shrink is 1.
        let pj = p[j] * s.shrink;
        let gj = if s.maximize { -g[j] } else { g[j] };
        let gj = if s.decays { gj + s.decay * pj } else { gj };
        let mj = m[j];
        let d = gj - mj;
        let mj = if s.lerp_low { mj + s.weight * d } else { gj - d * s.one_minus_weight };
        m[j] = mj;
        let vj = v[j] * s.beta2 + s.one_minus_beta2 * gj * gj;
        v[j] = vj;
        let top = if AMSGRAD {
            let top = js_max(v_max[j], vj);
            v_max[j] = top;
            top
        } else {
            vj
        };
        let denom = top.sqrt() / s.bias2_sqrt + s.eps;
        p[j] = pj + s.neg_step_size * (mj / denom);
    }
}

#[inline(always)]
fn update_any<T: Float>(arrays: AdamArrays<T>, s: &Scalars<T>) {
    if arrays.max_exp_avg_sq.is_some() { update::<T, true>(arrays, s) } else { update::<T, false>(arrays, s) }
}

// `simd_variants!` compiles these once per instruction set; V (its lane type) goes unused, the
// compiler vectorises the loop, and every variant rounds exactly as the js kernel does.
#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn update_f32<V>(arrays: AdamArrays<f32>, s: &Scalars<f32>) {
    update_any(arrays, s);
}

#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn update_f64<V>(arrays: AdamArrays<f64>, s: &Scalars<f64>) {
    update_any(arrays, s);
}

simd_variants!(fn step_f32(arrays: AdamArrays<f32>, s: &Scalars<f32>) => update_f32);
simd_variants!(fn step_f64(arrays: AdamArrays<f64>, s: &Scalars<f64>) => update_f64);

/// Elements per task when a step is split over the pool: each element's update is independent
/// and computed alike in every split, so the results do not depend on it. At about half a
/// nanosecond per float32 element, a chunk outweighs waking a pool thread (tens of microseconds
/// on a virtual machine), and parameters up to this size stay on the calling thread.
pub const CHUNK: usize = 1 << 17;

impl<'a, T> AdamArrays<'a, T> {
    /// The arrays as consecutive chunks of `CHUNK` elements.
    fn chunks(self) -> Vec<AdamArrays<'a, T>> {
        let mut v_max = self.max_exp_avg_sq.map(|a| a.chunks_mut(CHUNK));
        let parts = self.param.chunks_mut(CHUNK).zip(self.grad.chunks(CHUNK));
        let moments = self.exp_avg.chunks_mut(CHUNK).zip(self.exp_avg_sq.chunks_mut(CHUNK));
        parts
            .zip(moments)
            .map(|((param, grad), (exp_avg, exp_avg_sq))| AdamArrays {
                param,
                grad,
                exp_avg,
                exp_avg_sq,
                max_exp_avg_sq: v_max.as_mut().and_then(Iterator::next),
            })
            .collect()
    }
}

/// One step in place; the lengths must have passed the binding's checks. Past `CHUNK` elements it
/// is split over the current pool.
pub fn adam_step<T: Float>(mut arrays: AdamArrays<T>, args: &AdamArgs) {
    assert!(!args.amsgrad || arrays.max_exp_avg_sq.is_some(), "adam_step: amsgrad needs max_exp_avg_sq");
    if !args.amsgrad {
        arrays.max_exp_avg_sq = None;
    }
    let scalars = Scalars::<T>::new(args);
    if arrays.param.len() <= CHUNK {
        return T::step(arrays, &scalars);
    }
    arrays.chunks().into_par_iter().for_each(|part| T::step(part, &scalars));
}
