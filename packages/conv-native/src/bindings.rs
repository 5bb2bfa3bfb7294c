//! The functions JavaScript calls. Each one validates the geometry, borrows its typed arrays,
//! checks every length and that outputs do not alias inputs, and only then runs a kernel in
//! the thread pool. Geometries are plain number arrays in the field order of the TypeScript
//! interfaces (see `CONV_FIELDS`, `POOL_FIELDS`, `MatmulArgs`).

use napi::Unknown;
use napi_derive::napi;

use crate::conv_geometry::ConvGeometry;
use crate::error::KernelError;
use crate::js_values::{boolean, is_nullish, number, numbers};
use crate::matmul::MatmulArgs;
use crate::pool_geometry::PoolGeometry;
use crate::typed_array::{disjoint, view};
use crate::{avg_pool, conv, fail, matmul as mm, max_pool, simd, threads};

impl From<KernelError> for napi::Error {
    fn from(e: KernelError) -> Self {
        napi::Error::new(napi::Status::InvalidArg, e.0)
    }
}

fn run(f: impl FnOnce(usize) + Send) -> napi::Result<()> {
    threads::run(|| f(rayon::current_num_threads()))?;
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
    run(|t| mm::matmul(a, b, c, args, t))
}

#[napi(js_name = "conv2dForward")]
pub fn conv2d_forward(x: Unknown, weight: Unknown, bias: Unknown, y: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "conv2dForward";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let (x, w, mut y) = (view::<f32>(OP, "x", &x)?, view::<f32>(OP, "weight", &weight)?, view::<f32>(OP, "y", &y)?);
    let bias = if is_nullish(&bias) { None } else { Some(view::<f32>(OP, "bias", &bias)?) };
    g.check_x(OP, "x", x.len)?;
    g.check_w(OP, "weight", w.len)?;
    g.check_y(OP, "y", y.len)?;
    let mut inputs = vec![x.span(), w.span()];
    if let Some(b) = &bias {
        g.check_bias(OP, "bias", b.len)?;
        inputs.push(b.span());
    }
    disjoint(OP, &[y.span()], &inputs)?;
    let (x, w, b, y) = (x.slice(), w.slice(), bias.map(|b| b.slice()), y.slice_mut());
    let strategy = conv::choose(&g);
    run(|t| conv::forward(x, w, b, y, &g, strategy, t))
}

#[napi(js_name = "conv2dBackwardInput")]
pub fn conv2d_backward_input(dy: Unknown, weight: Unknown, dx: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "conv2dBackwardInput";
    let g = ConvGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let (dy, w, mut dx) =
        (view::<f32>(OP, "dy", &dy)?, view::<f32>(OP, "weight", &weight)?, view::<f32>(OP, "dx", &dx)?);
    g.check_y(OP, "dy", dy.len)?;
    g.check_w(OP, "weight", w.len)?;
    g.check_x(OP, "dx", dx.len)?;
    disjoint(OP, &[dx.span()], &[dy.span(), w.span()])?;
    let (dy, w, dx) = (dy.slice(), w.slice(), dx.slice_mut());
    let strategy = conv::choose(&g);
    run(|t| conv::backward_input(dy, w, dx, &g, strategy, t))
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
    let (x, dy) = (view::<f32>(OP, "x", &x)?, view::<f32>(OP, "dy", &dy)?);
    let mut dw = view::<f32>(OP, "dWeight", &d_weight)?;
    let mut db = if is_nullish(&d_bias) { None } else { Some(view::<f32>(OP, "dBias", &d_bias)?) };
    g.check_x(OP, "x", x.len)?;
    g.check_y(OP, "dy", dy.len)?;
    g.check_w(OP, "dWeight", dw.len)?;
    let mut outputs = vec![dw.span()];
    if let Some(b) = &db {
        g.check_bias(OP, "dBias", b.len)?;
        outputs.push(b.span());
    }
    disjoint(OP, &outputs, &[x.span(), dy.span()])?;
    let (x, dy, dw, db) = (x.slice(), dy.slice(), dw.slice_mut(), db.as_mut().map(|b| b.slice_mut()));
    let strategy = conv::choose(&g);
    run(|t| conv::backward_weight(x, dy, (dw, db), &g, strategy, t))
}

fn check_argmax_plane(op: &str, g: &PoolGeometry) -> Result<(), KernelError> {
    if g.in_plane > i32::MAX as usize {
        return fail!(op, "an input plane of {} elements does not fit Int32Array argmax indices", g.in_plane);
    }
    Ok(())
}

#[napi(js_name = "maxPool2dForward")]
pub fn max_pool2d_forward(x: Unknown, y: Unknown, argmax: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "maxPool2dForward";
    let g = PoolGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    check_argmax_plane(OP, &g)?;
    let (x, mut y, mut am) =
        (view::<f32>(OP, "x", &x)?, view::<f32>(OP, "y", &y)?, view::<i32>(OP, "argmax", &argmax)?);
    g.check_x(OP, "x", x.len)?;
    g.check_y(OP, "y", y.len)?;
    g.check_y(OP, "argmax", am.len)?;
    disjoint(OP, &[y.span(), am.span()], &[x.span()])?;
    let (x, y, am) = (x.slice(), y.slice_mut(), am.slice_mut());
    run(|_| max_pool::forward(x, y, am, &g))
}

#[napi(js_name = "maxPool2dBackward")]
pub fn max_pool2d_backward(dy: Unknown, argmax: Unknown, dx: Unknown, geometry: Unknown) -> napi::Result<()> {
    const OP: &str = "maxPool2dBackward";
    let g = PoolGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    check_argmax_plane(OP, &g)?;
    let (dy, am, mut dx) =
        (view::<f32>(OP, "dy", &dy)?, view::<i32>(OP, "argmax", &argmax)?, view::<f32>(OP, "dx", &dx)?);
    g.check_y(OP, "dy", dy.len)?;
    g.check_y(OP, "argmax", am.len)?;
    g.check_x(OP, "dx", dx.len)?;
    disjoint(OP, &[dx.span()], &[dy.span(), am.span()])?;
    let (dy, am, dx) = (dy.slice(), am.slice(), dx.slice_mut());
    threads::run(|| max_pool::backward(OP, dy, am, dx, &g))??;
    Ok(())
}

#[napi(js_name = "avgPool2dForward")]
pub fn avg_pool2d_forward(x: Unknown, y: Unknown, geometry: Unknown, count_include_pad: Unknown) -> napi::Result<()> {
    const OP: &str = "avgPool2dForward";
    let g = PoolGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let count_include_pad = boolean(OP, "countIncludePad", &count_include_pad)?;
    let (x, mut y) = (view::<f32>(OP, "x", &x)?, view::<f32>(OP, "y", &y)?);
    g.check_x(OP, "x", x.len)?;
    g.check_y(OP, "y", y.len)?;
    disjoint(OP, &[y.span()], &[x.span()])?;
    let (x, y) = (x.slice(), y.slice_mut());
    run(|_| avg_pool::forward(x, y, &g, count_include_pad))
}

#[napi(js_name = "avgPool2dBackward")]
pub fn avg_pool2d_backward(
    dy: Unknown,
    dx: Unknown,
    geometry: Unknown,
    count_include_pad: Unknown,
) -> napi::Result<()> {
    const OP: &str = "avgPool2dBackward";
    let g = PoolGeometry::parse(OP, &numbers(OP, "geometry", &geometry)?)?;
    let count_include_pad = boolean(OP, "countIncludePad", &count_include_pad)?;
    let (dy, mut dx) = (view::<f32>(OP, "dy", &dy)?, view::<f32>(OP, "dx", &dx)?);
    g.check_y(OP, "dy", dy.len)?;
    g.check_x(OP, "dx", dx.len)?;
    disjoint(OP, &[dx.span()], &[dy.span()])?;
    let (dy, dx) = (dy.slice(), dx.slice_mut());
    run(|_| avg_pool::backward(dy, dx, &g, count_include_pad))
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
