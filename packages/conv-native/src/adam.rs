//! The contract's `adamStep`: one Adam / AdamW step (PyTorch's single-tensor rule) of one parameter,
//! in place. The arithmetic is f64 in the js kernel's order, with one rounding per stored element,
//! so both backends give bit-identical parameters and moments in float32 and float64.

use rayon::prelude::*;

use crate::dims;
use crate::error::KResult;
use crate::{fail, simd_variants};

/// An element type the step reads into f64 and rounds back into.
pub trait Float: Copy + Send + Sync {
    fn widen(self) -> f64;
    fn narrow(x: f64) -> Self;
    /// The step compiled for the widest instruction set the CPU has.
    fn step(arrays: AdamArrays<Self>, s: &Scalars);
}

impl Float for f32 {
    #[inline(always)]
    fn widen(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn narrow(x: f64) -> Self {
        x as f32
    }
    fn step(arrays: AdamArrays<Self>, s: &Scalars) {
        step_f32(arrays, s);
    }
}

impl Float for f64 {
    #[inline(always)]
    fn widen(self) -> f64 {
        self
    }
    #[inline(always)]
    fn narrow(x: f64) -> Self {
        x
    }
    fn step(arrays: AdamArrays<Self>, s: &Scalars) {
        step_f64(arrays, s);
    }
}

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

/// The per-call constants of the loop, each computed as the js kernel computes it.
pub struct Scalars {
    shrink: f64,
    coupled_decay: f64,
    sign: f64,
    lerp_low: bool,
    weight: f64,
    one_minus_weight: f64,
    beta2: f64,
    one_minus_beta2: f64,
    step_size: f64,
    bias2_sqrt: f64,
    eps: f64,
}

impl Scalars {
    fn new(a: &AdamArgs) -> Self {
        let weight = 1.0 - a.beta1;
        Self {
            shrink: if a.decoupled && a.weight_decay != 0.0 { 1.0 - a.lr * a.weight_decay } else { 1.0 },
            coupled_decay: if a.decoupled { 0.0 } else { a.weight_decay },
            sign: if a.maximize { -1.0 } else { 1.0 },
            lerp_low: weight.abs() < 0.5,
            weight,
            one_minus_weight: 1.0 - weight,
            beta2: a.beta2,
            one_minus_beta2: 1.0 - a.beta2,
            step_size: a.lr / a.bias_correction1,
            bias2_sqrt: a.bias_correction2_sqrt,
            eps: a.eps,
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
fn js_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a > b || (a == b && a.is_sign_positive()) {
        a
    } else {
        b
    }
}

#[inline(always)]
fn update<T: Float, const AMSGRAD: bool>(arrays: AdamArrays<T>, s: &Scalars) {
    let n = arrays.param.len();
    let (p, g) = (arrays.param, &arrays.grad[..n]);
    let (m, v) = (&mut arrays.exp_avg[..n], &mut arrays.exp_avg_sq[..n]);
    let v_max = match arrays.max_exp_avg_sq {
        Some(a) if AMSGRAD => &mut a[..n],
        _ => &mut [][..],
    };
    for j in 0..n {
        // Rounded as the js kernel stores and rereads it (exact when shrink is 1).
        let pj = T::narrow(p[j].widen() * s.shrink).widen();
        let gj = s.sign * g[j].widen();
        let gj = if s.coupled_decay != 0.0 { gj + s.coupled_decay * pj } else { gj };
        let mj = m[j].widen();
        let mj = T::narrow(if s.lerp_low { mj + s.weight * (gj - mj) } else { gj - (gj - mj) * s.one_minus_weight });
        m[j] = mj;
        let vj = T::narrow(v[j].widen() * s.beta2 + s.one_minus_beta2 * gj * gj);
        v[j] = vj;
        let vj = if AMSGRAD {
            let top = T::narrow(js_max(v_max[j].widen(), vj.widen()));
            v_max[j] = top;
            top
        } else {
            vj
        };
        let denom = vj.widen().sqrt() / s.bias2_sqrt + s.eps;
        p[j] = T::narrow(pj + -s.step_size * (mj.widen() / denom));
    }
}

#[inline(always)]
fn update_any<T: Float>(arrays: AdamArrays<T>, s: &Scalars) {
    if arrays.max_exp_avg_sq.is_some() { update::<T, true>(arrays, s) } else { update::<T, false>(arrays, s) }
}

// `simd_variants!` compiles these once per instruction set; V (its lane type) goes unused, the
// compiler vectorises the loop. No fused multiply-add is formed (Rust never contracts a * b + c),
// so every variant rounds exactly as the js kernel does.
#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn update_f32<V>(arrays: AdamArrays<f32>, s: &Scalars) {
    update_any(arrays, s);
}

#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn update_f64<V>(arrays: AdamArrays<f64>, s: &Scalars) {
    update_any(arrays, s);
}

simd_variants!(fn step_f32(arrays: AdamArrays<f32>, s: &Scalars) => update_f32);
simd_variants!(fn step_f64(arrays: AdamArrays<f64>, s: &Scalars) => update_f64);

/// Elements per task when a step is split over the pool: each element's update is independent
/// and computed alike in every split, so the results do not depend on it.
pub const CHUNK: usize = 1 << 14;

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
/// is split over the current pool (sqrt and two f64 divisions per element outweigh the hand-off).
pub fn adam_step<T: Float>(mut arrays: AdamArrays<T>, args: &AdamArgs) {
    assert!(!args.amsgrad || arrays.max_exp_avg_sq.is_some(), "adam_step: amsgrad needs max_exp_avg_sq");
    if !args.amsgrad {
        arrays.max_exp_avg_sq = None;
    }
    let scalars = Scalars::new(args);
    if arrays.param.len() <= CHUNK {
        return T::step(arrays, &scalars);
    }
    arrays.chunks().into_par_iter().for_each(|part| T::step(part, &scalars));
}
