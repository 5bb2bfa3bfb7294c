//! Scratch bounds: geometries whose arrays are tiny but whose scratch would be absurd fail with an
//! error naming the op, the buffer, its size and the limit, before anything is allocated.

use super::reference;
use super::{assert_close, with_threads};
use crate::conv::{self, Plan, Run, Strategy};
use crate::conv_geometry::ConvGeometry;
use crate::conv_scratch;
use crate::scratch::{self, Buffer, LIMIT};

const U: f64 = u32::MAX as f64;

fn parse(v: [f64; 18]) -> ConvGeometry {
    ConvGeometry::parse("test", &v).expect("valid geometry")
}

/// 17 -> 1 channels, a 1x2048 kernel over a 1x1 input padded to 67583 columns: x has 17 floats,
/// the weight 34816, y 65536, and one im2col row band 34816 x 65536 (2.3e9) floats.
fn wide_im2col() -> ConvGeometry {
    parse([1., 17., 1., 1., 1., 1., 2048., 1., 1., 0., 0., 33791., 33791., 1., 1., 1., 1., 65536.])
}

/// 1 -> 1 channel, a 3x3 kernel dilated by u32::MAX over a 1x1 input padded by u32::MAX on every side:
/// one output, and a padded image of (2^33 - 1)^2 floats, past usize.
fn overflowing_padding() -> ConvGeometry {
    parse([1., 1., 1., 1., 1., 3., 3., 1., 1., U, U, U, U, U, U, 1., 1., 1.])
}

fn run(strategy: Strategy, threads: usize) -> Run {
    Run { op: "conv2dForward", strategy, threads }
}

#[test]
fn an_absurd_im2col_buffer_is_an_error_before_anything_is_allocated() {
    let g = wide_im2col();
    assert_eq!(conv::choose(&g), Strategy::Im2col);
    let (x, w, mut y) = (vec![0.0; g.x_len], vec![0.0; g.w_len], vec![f32::NAN; g.y_len]);
    let err = conv::forward(&x, &w, None, &mut y, &g, run(Strategy::Im2col, 1)).unwrap_err().0;
    assert_eq!(
        err,
        "conv2dForward: im2col buffer of 2.28e9 floats (C/groups·kH·kW × bandRows·outW + 16 = 34816·1·65536 + 16) \
         exceeds the scratch limit of 2^30 floats (4 GiB)"
    );
    assert!(y.iter().all(|v| v.is_nan()), "y was written");
}

#[test]
fn a_padded_image_past_usize_is_an_error_not_a_wraparound() {
    let g = overflowing_padding();
    let (x, w, mut y) = (vec![1.0; g.x_len], vec![1.0; g.w_len], vec![0.0; g.y_len]);
    // Both the blocked direct loops and im2col pad the image first (column stride 1).
    for strategy in [Strategy::Direct, Strategy::Im2col] {
        let err = conv::forward(&x, &w, None, &mut y, &g, run(strategy, 2)).unwrap_err().0;
        assert_eq!(
            err,
            "conv2dForward: padded image of more than 1.84e19 floats (C·(H+padTop+padBottom)·(W+padLeft+padRight+0) \
             + 16 + dilationWidth·kW = 1·(1+4294967295+4294967295)·(1+4294967295+4294967295+0) + 16 + 4294967295·3) \
             exceeds the scratch limit of 2^30 floats (4 GiB)"
        );
    }
}

#[test]
fn per_thread_partial_gradients_count_every_copy() {
    // 1 -> 1 channel, a 2048x1024 kernel over 1024 1x1 images padded to the kernel: 2^21 weights.
    let g = parse([1024., 1., 1., 1., 1., 2048., 1024., 1., 1., 1023., 1024., 511., 512., 1., 1., 1., 1., 1.]);
    assert_eq!(g.w_len, 1 << 21);
    assert!(scratch::check("conv2dBackwardWeight", &conv_scratch::backward_weight(&g, Strategy::Direct, 2)).is_ok());
    let err = scratch::check("conv2dBackwardWeight", &conv_scratch::backward_weight(&g, Strategy::Direct, 1024))
        .unwrap_err()
        .0;
    assert_eq!(
        err,
        "conv2dBackwardWeight: partial weight gradients of 2.15e9 floats (1024 copies × outC·C/groups·kH·kW \
         = 1·2097152) exceeds the scratch limit of 2^30 floats (4 GiB)"
    );
}

#[test]
fn buffers_that_fit_alone_but_not_together_are_an_error_naming_each() {
    let half = |what| Buffer { what, formula: String::new(), per_copy: Some(LIMIT / 2 + 1), copies: 1 };
    assert!(scratch::check("op", &[half("a")]).is_ok());
    let exact = Buffer { what: "a", formula: String::new(), per_copy: Some(LIMIT / 4), copies: 4 };
    assert!(scratch::check("op", &[exact]).is_ok());
    let err = scratch::check("op", &[half("a"), half("b")]).unwrap_err().0;
    assert_eq!(
        err,
        "op: scratch of 1.07e9 floats in all (a 5.37e8, b 5.37e8) exceeds the scratch limit of 2^30 floats (4 GiB)"
    );
}

#[test]
fn a_kernel_spanning_more_than_u32_max_runs_backward_input_without_the_adjoint() {
    // kH = 3 dilated by 2^31 spans 2^32 rows, so the adjoint would need a padding past u32::MAX.
    let g = parse([1., 1., 2., 1., 1., 3., 1., 1., 1., 0., U, 0., 0., 2147483648., 1., 1., 1., 1.]);
    assert_eq!(conv::plan_backward_input(&g, Strategy::Direct), Plan::Direct);
    let (dy, w) = (vec![0.5; g.y_len], vec![1.0, 2.0, 3.0]);
    let mut dx = vec![f32::NAN; g.x_len];
    with_threads(2, || conv::backward_input(&dy, &w, &mut dx, &g, run(Strategy::Direct, 2))).expect("runs");
    let e = reference::conv_backward_input(&dy, &w, &g);
    assert_close("backward-input", &dx, &e.values, &e.magnitude, 3);
}
