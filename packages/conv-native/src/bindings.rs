//! The functions JavaScript calls. Each one validates the geometry, borrows its typed arrays,
//! checks every length and that outputs do not alias inputs, and only then runs a kernel in
//! the thread pool. Geometries are plain number arrays in the field order of the TypeScript
//! interfaces (see `CONV_FIELDS`, `POOL_FIELDS`, `MatmulArgs`).

use napi::Unknown;
use napi_derive::napi;

use crate::call_args::{Call, Output, Size};
use crate::conv::Run;
use crate::conv_geometry::ConvGeometry;
use crate::error::{KResult, KernelError};
use crate::js_values::{boolean, number, numbers};
use crate::matmul::MatmulArgs;
use crate::pool_geometry::PoolGeometry;
use crate::typed_array::{disjoint, view};
use crate::{avg_pool, conv, fail, matmul as mm, max_pool, simd, threads};

impl From<KernelError> for napi::Error {
    fn from(e: KernelError) -> Self {
        napi::Error::new(napi::Status::InvalidArg, e.0)
    }
}

/// Runs `f(pool size)` in the thread pool; an error it returns becomes a JavaScript Error.
pub(crate) fn run(f: impl FnOnce(usize) -> KResult<()> + Send) -> napi::Result<()> {
    threads::run(|| f(rayon::current_num_threads()))??;
    Ok(())
}

/// `args` = [m, n, k, transA, transB, accumulate] (flags 0 or 1).
#[napi]
pub fn matmul(a: Unknown, b: Unknown, c: Unknown, args: Unknown) -> napi::Result<()> {
    const OP: &str = "matmul";
    let args = MatmulArgs::parse(OP, &numbers(OP, "args", &args)?)?;
    let (a, b, mut c) = (view::<f32>(OP, "a", &a)?, view::<f32>(OP, "b", &b)?, view::<f32>(OP, "c", &c)?);
    args.check_lengths(OP, a.len, b.len, c.len)?;
    disjoint(OP, &[c.span()], &[a.span(), b.span()])?;
    let (a, b, c) = (a.slice(), b.slice(), c.slice_mut());
    if !mm::worth_splitting(&args) {
        // On the calling thread: handing a small product to the pool costs more than it does.
        mm::matmul(a, b, c, args, 1);
        return Ok(());
    }
    run(|t| {
        mm::matmul(a, b, c, args, t);
        Ok(())
    })
}

#[napi(js_name = "conv2dForward")]
pub fn conv2d_forward(x: Unknown, weight: Unknown, bias: Unknown, y: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "conv2dForward";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let mut call = Call::new(OP, &g);
    let x = call.input("x", &x, Size::Input)?;
    let w = call.input("weight", &weight, Size::Weight)?;
    let b = call.optional_input("bias", &bias, Size::Bias)?;
    let y = call.output("y", &y, Size::Output)?;
    call.finish()?;
    let (y, strategy) = (y.slice(), conv::choose(&g));
    run(|threads| conv::forward(x, w, b, y, &g, Run { op: OP, strategy, threads }))
}

#[napi(js_name = "conv2dBackwardInput")]
pub fn conv2d_backward_input(dy: Unknown, weight: Unknown, dx: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "conv2dBackwardInput";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let mut call = Call::new(OP, &g);
    let (dy, w) = (call.input("dy", &dy, Size::Output)?, call.input("weight", &weight, Size::Weight)?);
    let dx = call.output("dx", &dx, Size::Input)?;
    call.finish()?;
    let (dx, strategy) = (dx.slice(), conv::choose(&g));
    run(|threads| conv::backward_input(dy, w, dx, &g, Run { op: OP, strategy, threads }))
}

#[napi(js_name = "conv2dBackwardWeight")]
pub fn conv2d_backward_weight(
    x: Unknown,
    dy: Unknown,
    d_weight: Unknown,
    d_bias: Unknown,
    geometry: Unknown,
) -> napi::Result<()> {
    const OP: &str = "conv2dBackwardWeight";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let mut call = Call::new(OP, &g);
    let (x, dy) = (call.input("x", &x, Size::Input)?, call.input("dy", &dy, Size::Output)?);
    let dw = call.output("dWeight", &d_weight, Size::Weight)?;
    let db = call.optional_output("dBias", &d_bias, Size::Bias)?;
    call.finish()?;
    let (grads, strategy) = ((dw.slice(), db.map(Output::slice)), conv::choose(&g));
    run(|threads| conv::backward_weight(x, dy, grads, &g, Run { op: OP, strategy, threads }))
}

/// A pooling geometry whose planes fit Int32Array argmax indices when `argmax` is true.
fn pool_geometry(op: &str, geometry: &Unknown, argmax: bool) -> Result<PoolGeometry, KernelError> {
    let g = PoolGeometry::parse(op, &numbers(op, "geometry", geometry)?)?;
    if argmax && g.in_plane > i32::MAX as usize {
        return fail!(op, "an input plane of {} elements does not fit Int32Array argmax indices", g.in_plane);
    }
    Ok(g)
}

#[napi(js_name = "maxPool2dForward")]
pub fn max_pool2d_forward(x: Unknown, y: Unknown, argmax: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "maxPool2dForward";
    let g = pool_geometry(OP, &geometry, true)?;
    let mut call = Call::new(OP, &g);
    let x = call.input("x", &x, Size::Input)?;
    let (y, am) = (call.output("y", &y, Size::Output)?, call.output::<i32>("argmax", &argmax, Size::Output)?);
    call.finish()?;
    let (y, am) = (y.slice(), am.slice());
    run(|_| {
        max_pool::forward(x, y, am, &g);
        Ok(())
    })
}

#[napi(js_name = "maxPool2dBackward")]
pub fn max_pool2d_backward(dy: Unknown, argmax: Unknown, dx: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "maxPool2dBackward";
    let g = pool_geometry(OP, &geometry, true)?;
    let mut call = Call::new(OP, &g);
    let (dy, am) = (call.input("dy", &dy, Size::Output)?, call.input::<i32>("argmax", &argmax, Size::Output)?);
    let dx = call.output("dx", &dx, Size::Input)?;
    call.finish()?;
    let dx = dx.slice();
    threads::run(|| max_pool::backward(OP, dy, am, dx, &g))??;
    Ok(())
}

/// Average pooling in either direction, told apart by `op`: x into y (forward) or dy into dx (backward).
fn avg_pool(
    op: &'static str,
    (from, to): (&Unknown, &Unknown),
    geometry: &Unknown,
    include_pad: &Unknown,
) -> napi::Result<()> {
    let g = pool_geometry(op, geometry, false)?;
    let include_pad = boolean(op, "countIncludePad", include_pad)?;
    let forward = op == "avgPool2dForward";
    let (names, sizes) =
        if forward { (("x", "y"), (Size::Input, Size::Output)) } else { (("dy", "dx"), (Size::Output, Size::Input)) };
    let mut call = Call::new(op, &g);
    let from = call.input(names.0, from, sizes.0)?;
    let to = call.output(names.1, to, sizes.1)?;
    call.finish()?;
    let to = to.slice();
    run(|_| {
        if forward {
            avg_pool::forward(from, to, &g, include_pad)
        } else {
            avg_pool::backward(from, to, &g, include_pad)
        }
        Ok(())
    })
}

#[napi(js_name = "avgPool2dForward")]
pub fn avg_pool2d_forward(x: Unknown, y: Unknown, geometry: Unknown, count_include_pad: Unknown) -> napi::Result<()> {
    avg_pool("avgPool2dForward", (&x, &y), &geometry, &count_include_pad)
}

#[napi(js_name = "avgPool2dBackward")]
pub fn avg_pool2d_backward(
    dy: Unknown,
    dx: Unknown,
    geometry: Unknown,
    count_include_pad: Unknown,
) -> napi::Result<()> {
    avg_pool("avgPool2dBackward", (&dy, &dx), &geometry, &count_include_pad)
}

/// Rebuilds the thread pool with `threads` workers (an integer in 1..=1024).
#[napi(js_name = "setNumThreads")]
pub fn set_num_threads(threads: Unknown) -> napi::Result<()> {
    let threads = number("setNumThreads", "threads", &threads)?;
    if !threads.is_finite() || threads.fract() != 0.0 || !(1.0..=threads::MAX_THREADS as f64).contains(&threads) {
        return Err(KernelError(format!(
            "setNumThreads: threads must be an integer in 1..={}, got {threads}",
            threads::MAX_THREADS
        ))
        .into());
    }
    threads::set_num_threads(threads as usize)?;
    Ok(())
}

#[napi(js_name = "getNumThreads")]
pub fn get_num_threads() -> napi::Result<u32> {
    Ok(threads::num_threads()? as u32)
}

#[napi(object)]
pub struct NativeInfo {
    pub threads: u32,
    pub simd: String,
    pub gemm: String,
    pub version: String,
}

/// Facts for `describe()`: pool size, SIMD level detected, GEMM crate.
#[napi(js_name = "nativeInfo")]
pub fn native_info() -> napi::Result<NativeInfo> {
    Ok(NativeInfo {
        threads: threads::num_threads()? as u32,
        simd: simd::simd_level().into(),
        gemm: "gemm 0.19.0".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
