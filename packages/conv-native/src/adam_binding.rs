//! The `adamStep` function JavaScript calls: the parameter's typed array picks float32 or float64,
//! every other array must match it in type and length, and no updated array may share memory
//! with another argument.

use napi::Unknown;
use napi_derive::napi;

use crate::adam::{self, AdamArgs, AdamArrays, Float};
use crate::call_args::{Call, SameLength, Size};
use crate::error::{KResult, KernelError};
use crate::js_values::numbers;
use crate::typed_array::{Element, view};
use crate::{fail, threads};

const OP: &str = "adamStep";

/// `args` = the 10 numbers of `AdamArgs`; `maxExpAvgSq` may be null unless amsgrad.
#[napi(js_name = "adamStep")]
pub fn adam_step(
    param: Unknown,
    grad: Unknown,
    exp_avg: Unknown,
    exp_avg_sq: Unknown,
    max_exp_avg_sq: Unknown,
    args: Unknown,
) -> napi::Result<()> {
    let args = AdamArgs::parse(OP, &numbers(OP, "args", &args)?)?;
    let arrays = [&param, &grad, &exp_avg, &exp_avg_sq, &max_exp_avg_sq];
    let Err(not_f32) = view::<f32>(OP, "param", &param) else { return Ok(step::<f32>(arrays, &args)?) };
    if view::<f64>(OP, "param", &param).is_ok() {
        return Ok(step::<f64>(arrays, &args)?);
    }
    Err(KernelError(not_f32.0.replace("a Float32Array", "a Float32Array or a Float64Array")).into())
}

fn step<T: Element + Float>([param, grad, m, v, v_max]: [&Unknown; 5], args: &AdamArgs) -> KResult<()> {
    let sizes = SameLength { len: view::<T>(OP, "param", param)?.len, what: "param" };
    let mut call = Call::new(OP, &sizes);
    let param = call.output::<T>("param", param, Size::Input)?;
    let grad = call.input::<T>("grad", grad, Size::Input)?;
    let m = call.output::<T>("expAvg", m, Size::Input)?;
    let v = call.output::<T>("expAvgSq", v, Size::Input)?;
    let v_max = call.optional_output::<T>("maxExpAvgSq", v_max, Size::Input)?;
    if args.amsgrad && v_max.is_none() {
        return fail!(OP, "maxExpAvgSq is required when amsgrad is set, got null");
    }
    call.finish()?;
    let arrays = AdamArrays {
        param: param.slice(),
        grad,
        exp_avg: m.slice(),
        exp_avg_sq: v.slice(),
        max_exp_avg_sq: v_max.map(|a| a.slice()),
    };
    // A short parameter runs on the calling thread: handing it to the pool costs more than it does.
    if arrays.param.len() <= adam::CHUNK {
        adam::adam_step(arrays, args);
        return Ok(());
    }
    threads::run(|| adam::adam_step(arrays, args))
}
