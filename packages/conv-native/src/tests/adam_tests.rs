use crate::adam::{AdamArgs, AdamArrays, Float, adam_step};

fn args(step: i32, edit: impl FnOnce(&mut AdamArgs)) -> AdamArgs {
    let (beta1, beta2) = (0.9f64, 0.999f64);
    let mut a = AdamArgs {
        lr: 0.01,
        beta1,
        beta2,
        eps: 1e-8,
        weight_decay: 0.0,
        bias_correction1: 1.0 - beta1.powi(step),
        bias_correction2_sqrt: (1.0 - beta2.powi(step)).sqrt(),
        decoupled: false,
        amsgrad: false,
        maximize: false,
    };
    edit(&mut a);
    a
}

/// Runs `steps` steps with the same gradient and returns (param, expAvg, expAvgSq, maxExpAvgSq).
fn run<T: Float>(param: &[T], grad: &[T], steps: i32, edit: impl Fn(&mut AdamArgs)) -> [Vec<T>; 4] {
    let zeros = vec![T::ZERO; param.len()];
    let (mut p, mut m, mut v, mut v_max) = (param.to_vec(), zeros.clone(), zeros.clone(), zeros);
    for t in 1..=steps {
        let a = args(t, &edit);
        let max_exp_avg_sq = if a.amsgrad { Some(&mut v_max[..]) } else { None };
        let arrays = AdamArrays { param: &mut p, grad, exp_avg: &mut m, exp_avg_sq: &mut v, max_exp_avg_sq };
        adam_step(arrays, &a);
    }
    [p, m, v, v_max]
}

#[test]
fn the_first_step_moves_each_parameter_by_lr_against_its_gradient() {
    // After one step the bias-corrected moments are g and g*g, so the update is lr * g / (|g| + eps).
    let [p, m, v, _] = run(&[1.0f64, -2.0, 0.5], &[0.3, -4.0, 0.0], 1, |_| {});
    let want = [1.0 - 0.01 * 0.3 / (0.3 + 1e-8), -2.0 + 0.01 * 4.0 / (4.0 + 1e-8), 0.5];
    for (got, want) in p.iter().zip(want) {
        assert!((got - want).abs() <= 1e-15, "param {got} vs {want}");
    }
    // m = lerp(0, g, 1 - beta1) = (1 - beta1) * g exactly as the kernel forms it.
    assert_eq!(m, [0.3, -4.0, 0.0].map(|g: f64| (1.0 - 0.9) * g));
    assert_eq!(v[1], (1.0 - 0.999) * -4.0 * -4.0);
}

#[test]
fn float32_arrays_round_every_operation() {
    let (p0, g) = ([0.25f32, -1.5, 3.0, 0.1], [0.125f32, 2.0, -0.5, 0.3]);
    let edit = |a: &mut AdamArgs| a.weight_decay = 0.01;
    let [p, m, v, _] = run(&p0, &g, 1, edit);
    let a = args(1, edit);
    // The rule written out in f32, one operation at a time, from zero moments.
    let (w, b2, one_minus_b2) = ((1.0 - a.beta1) as f32, a.beta2 as f32, (1.0 - a.beta2) as f32);
    let (step_size, b2_sqrt, eps, decay) =
        ((a.lr / a.bias_correction1) as f32, a.bias_correction2_sqrt as f32, a.eps as f32, a.weight_decay as f32);
    for j in 0..p0.len() {
        let gj = g[j] + decay * p0[j];
        let mj = 0.0 + w * (gj - 0.0);
        let vj = 0.0 * b2 + one_minus_b2 * gj * gj;
        let want = p0[j] + -step_size * (mj / (vj.sqrt() / b2_sqrt + eps));
        assert_eq!((p[j].to_bits(), m[j].to_bits(), v[j].to_bits()), (want.to_bits(), mj.to_bits(), vj.to_bits()));
    }
}

#[test]
fn maximize_and_amsgrad_and_decoupled_decay_follow_their_definitions() {
    let [up, ..] = run(&[1.0f64], &[0.5], 1, |a| a.maximize = true);
    assert!(up[0] > 1.0, "maximize climbs the gradient: {}", up[0]);
    // A large gradient then small ones: amsgrad keeps the largest second moment.
    let [_, _, v, v_max] = run(&[1.0f64], &[2.0], 3, |a| a.amsgrad = true);
    assert_eq!(v_max, v, "with a constant gradient v only grows, so vMax equals it");
    let [p_w, ..] = run(&[2.0f64], &[0.0], 1, |a| {
        a.decoupled = true;
        a.weight_decay = 0.1;
    });
    assert_eq!(p_w[0], 2.0 * (1.0 - 0.01 * 0.1), "a zero gradient leaves only the decay");
    let [p_l2, ..] = run(&[2.0f64], &[0.0], 1, |a| a.weight_decay = 0.1);
    assert!((p_l2[0] - (2.0 - 0.01 * 0.2 / (0.2 + 1e-8))).abs() < 1e-15, "L2 decay acts as a gradient of 0.2");
}

#[test]
fn amsgrad_keeps_the_running_maximum() {
    let mut p = vec![1.0f64];
    let (mut m, mut v, mut v_max) = (vec![0.0], vec![0.0], vec![0.0]);
    for (t, g) in [(1, 3.0f64), (2, 0.0), (3, 0.0)] {
        let a = args(t, |a| a.amsgrad = true);
        let arrays = AdamArrays {
            param: &mut p,
            grad: &[g],
            exp_avg: &mut m,
            exp_avg_sq: &mut v,
            max_exp_avg_sq: Some(&mut v_max),
        };
        adam_step(arrays, &a);
    }
    assert_eq!(v_max[0], (1.0 - 0.999) * 3.0 * 3.0, "the first step's v stays the maximum");
    assert!(v[0] < v_max[0]);
}

#[test]
fn bad_args_are_named() {
    let good = [0.001, 0.9, 0.999, 1e-8, 0.0, 0.1, 0.0316, 0.0, 0.0, 0.0];
    let error = |i: usize, x: f64| {
        let mut v = good.to_vec();
        v[i] = x;
        AdamArgs::parse("adamStep", &v).unwrap_err().0
    };
    assert!(AdamArgs::parse("adamStep", &good).is_ok());
    assert_eq!(error(0, f64::NAN), "adamStep: lr must be a finite number, got NaN");
    assert_eq!(error(2, 1.0), "adamStep: beta2 must be in [0, 1), got 1");
    assert_eq!(error(5, 0.0), "adamStep: biasCorrection1 must be positive (a step count of at least 1), got 0");
    assert_eq!(error(8, 2.0), "adamStep: amsgrad must be 0 or 1, got 2");
    assert!(AdamArgs::parse("adamStep", &good[..9]).unwrap_err().0.starts_with("adamStep: args must have 10 numbers"));
}
