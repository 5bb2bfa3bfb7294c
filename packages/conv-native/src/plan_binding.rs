//! The plans the native kernels would follow, named for `backendInfo()` and `scratchnet doctor --explain`.

use napi::Unknown;
use napi_derive::napi;

use crate::conv::{self, Plan};
use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::fail;
use crate::js_values::numbers;
use crate::matmul::{self as mm, MatmulArgs};

#[napi(object)]
pub struct KernelPlan {
    pub algorithm: String,
    /// The pool's size, or 1 where the call stays on the calling thread.
    pub threads: u32,
}

fn conv_plan(pass: &str, g: &ConvGeometry) -> KResult<Plan> {
    let strategy = conv::choose(g);
    match pass {
        "conv2dForward" => Ok(conv::plan_forward(g, strategy)),
        "conv2dBackwardInput" => Ok(conv::plan_backward_input(g, strategy)),
        "conv2dBackwardWeight" => Ok(conv::plan_backward_weight(g, strategy)),
        other => {
            fail!("conv2dPlan", "unknown pass '{other}' (conv2dForward, conv2dBackwardInput or conv2dBackwardWeight)")
        }
    }
}

/// The plan of one convolution pass (`pass` is the kernel's name) for a geometry in `CONV_FIELDS` order.
#[napi(js_name = "conv2dPlan")]
pub fn conv2d_plan(pass: String, geometry: Unknown) -> napi::Result<KernelPlan> {
    const OP: &str = "conv2dPlan";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let plan = conv_plan(&pass, &g)?;
    Ok(KernelPlan { algorithm: plan.name().to_string(), threads: crate::threads::num_threads()? as u32 })
}

/// The plan of a matmul with `args` = [m, n, k, transA, transB, accumulate].
#[napi(js_name = "matmulPlan")]
pub fn matmul_plan(args: Unknown) -> napi::Result<KernelPlan> {
    const OP: &str = "matmulPlan";
    let args = MatmulArgs::parse(OP, &numbers(OP, "args", &args)?)?;
    let threads = if mm::worth_splitting(&args) { crate::threads::num_threads()? as u32 } else { 1 };
    Ok(KernelPlan { algorithm: "sgemm".to_string(), threads })
}
