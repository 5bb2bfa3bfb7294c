use super::reference::{self, Expect};
use super::rng::Rng;
use super::{assert_close, with_threads};
use crate::conv::{self, Run, Strategy};
use crate::conv_geometry::ConvGeometry;
use crate::simd_dispatch::{Level, set_cap};
use crate::window::Axis;

/// A random valid geometry: groups, stride, asymmetric padding and dilation all vary.
fn random_geometry(rng: &mut Rng) -> ConvGeometry {
    loop {
        let groups = rng.int(1, 3);
        let (cg, ocg) = (rng.int(1, 5), rng.int(1, 10));
        let axis = |rng: &mut Rng| Axis {
            input: rng.int(1, 10),
            kernel: rng.int(1, 4),
            stride: rng.int(1, 3),
            pad_before: rng.int(0, 2),
            pad_after: rng.int(0, 2),
            dilation: rng.int(1, 2),
        };
        let (rows, cols) = (axis(rng), axis(rng));
        let (Ok(oh), Ok(ow)) = (rows.output_len("t", "h"), cols.output_len("t", "w")) else { continue };
        let n = rng.int(1, 4);
        return geometry(n, (cg * groups, ocg * groups, groups), rows, cols, (oh, ow));
    }
}

fn geometry(
    n: usize,
    (c, oc, groups): (usize, usize, usize),
    r: Axis,
    k: Axis,
    (oh, ow): (usize, usize),
) -> ConvGeometry {
    let v: Vec<f64> = [
        n,
        c,
        r.input,
        k.input,
        oc,
        r.kernel,
        k.kernel,
        r.stride,
        k.stride,
        r.pad_before,
        r.pad_after,
        k.pad_before,
        k.pad_after,
        r.dilation,
        k.dilation,
        groups,
        oh,
        ow,
    ]
    .iter()
    .map(|&d| d as f64)
    .collect();
    ConvGeometry::parse("test", &v).expect("valid geometry")
}

fn square(n: usize, channels: (usize, usize, usize), size: usize, kernel: usize, pad: usize) -> ConvGeometry {
    let a = Axis { input: size, kernel, stride: 1, pad_before: pad, pad_after: pad, dilation: 1 };
    let out = a.output_len("t", "h").expect("fits");
    geometry(n, channels, a, a, (out, out))
}

/// Runs all three passes with `strategy` on `threads` threads and checks them against the reference.
fn check_all_passes(g: &ConvGeometry, strategy: Strategy, threads: usize, rng: &mut Rng) {
    check_all_passes_within(g, strategy, threads, rng, (1, 1));
}

/// As `check_all_passes`, with each bound's term count scaled by growth² (the data passes', then
/// the weight gradient's): how far Winograd's transforms may scale the rounding errors.
fn check_all_passes_within(
    g: &ConvGeometry,
    strategy: Strategy,
    threads: usize,
    rng: &mut Rng,
    growth: (usize, usize),
) {
    let tag = format!("{strategy:?} threads={threads} {g:?}");
    let (x, w, b, dy) = (rng.vec(g.x_len), rng.vec(g.w_len), rng.vec(g.out_channels), rng.vec(g.y_len));
    let (mut y, mut dx, mut dw, mut db) =
        (vec![f32::NAN; g.y_len], vec![f32::NAN; g.x_len], vec![f32::NAN; g.w_len], vec![f32::NAN; g.out_channels]);
    with_threads(threads, || {
        let run = Run { op: "test", strategy, threads };
        conv::forward(&x, &w, Some(&b), &mut y, g, run).expect("forward");
        conv::backward_input(&dy, &w, &mut dx, g, run).expect("backward-input");
        conv::backward_weight(&x, &dy, (&mut dw, Some(&mut db)), g, run).expect("backward-weight");
    });
    let check = |what: &str, got: &[f32], e: &Expect, terms: usize| {
        assert_close(&format!("{what} {tag}"), got, &e.values, &e.magnitude, terms);
    };
    let (data, weight) = (growth.0 * growth.0, growth.1 * growth.1);
    check("forward", &y, &reference::conv_forward(&x, &w, Some(&b), g), (g.patch + 1) * data);
    check(
        "backward-input",
        &dx,
        &reference::conv_backward_input(&dy, &w, g),
        g.out_channels * g.rows.kernel * g.cols.kernel * data,
    );
    let (dw_ref, db_ref) = reference::conv_backward_weight(&x, &dy, g);
    check("backward-weight", &dw, &dw_ref, g.batch * g.out_plane * weight);
    check("bias-grad", &db, &db_ref, g.batch * g.out_plane);
}

#[test]
fn random_geometries_match_the_reference_with_both_strategies_and_thread_counts() {
    let mut rng = Rng::new(0x5eed);
    for _ in 0..150 {
        let g = random_geometry(&mut rng);
        for strategy in [Strategy::Direct, Strategy::Im2col] {
            for threads in [1, 3] {
                check_all_passes(&g, strategy, threads, &mut rng);
            }
        }
    }
}

#[test]
fn every_simd_variant_of_the_blocked_kernels_matches_the_reference() {
    // The cap is global; a test running alongside that sees it still checks correct results.
    for level in [Level::Portable, Level::Avx2, Level::Avx512] {
        set_cap(level);
        let mut rng = Rng::new(level as u64);
        for _ in 0..40 {
            check_all_passes(&random_geometry(&mut rng), Strategy::Direct, 2, &mut rng);
        }
    }
    set_cap(Level::Avx512);
}

#[test]
fn every_simd_variant_of_winograd_matches_the_reference() {
    // winograd.test.ts derives the growth: ‖Aᵀ‖∞·‖Bᵀ‖∞ for the data passes (19·10 for 3x3,
    // 7·10 for 5x5) and the weight gradient's Aᵀ times ‖Bᵀ‖∞ (11·10, 35·10). It runs the CPU's
    // widest variant; this covers each register blocking (the product's width differs per level).
    for level in [Level::Portable, Level::Avx2, Level::Avx512] {
        set_cap(level);
        let mut rng = Rng::new(11 + level as u64);
        // 40 channels: two full vectors and a partial one; 20 images: a partial lane group.
        for (n, (c, oc), size, kernel, pad, growth) in
            [(20, (40, 12), 7, 5, 2, (70, 350)), (17, (9, 14), 9, 3, 1, (190, 110))]
        {
            let g = square(n, (c, oc, 1), size, kernel, pad);
            assert_eq!(conv::plan_forward(&g, Strategy::Im2col).name(), "winograd", "{g:?}");
            check_all_passes_within(&g, Strategy::Im2col, 2, &mut rng, growth);
        }
    }
    set_cap(Level::Avx512);
}

#[test]
fn pointwise_and_multi_band_shapes_match_the_reference() {
    let mut rng = Rng::new(7);
    // 1x1: im2col is skipped and the input is the GEMM operand itself.
    check_all_passes(&square(3, (6, 20, 1), 5, 1, 0), Strategy::Im2col, 2, &mut rng);
    // 576-row patches over 32 columns: the output is cut into several L2-sized bands.
    check_all_passes(&square(2, (64, 4, 1), 32, 3, 1), Strategy::Im2col, 2, &mut rng);
    check_all_passes(&square(1, (64, 4, 1), 32, 3, 1), Strategy::Im2col, 2, &mut rng);
}

#[test]
fn the_forward_without_bias_leaves_no_bias() {
    let mut rng = Rng::new(11);
    let g = square(2, (3, 4, 1), 6, 3, 1);
    let (x, w) = (rng.vec(g.x_len), rng.vec(g.w_len));
    let mut y = vec![f32::NAN; g.y_len];
    conv::forward(&x, &w, None, &mut y, &g, Run { op: "test", strategy: conv::choose(&g), threads: 1 })
        .expect("forward");
    let e = reference::conv_forward(&x, &w, None, &g);
    assert_close("forward without bias", &y, &e.values, &e.magnitude, g.patch);
}

#[test]
fn tiny_channel_counts_pick_direct_loops_and_wide_ones_im2col() {
    assert_eq!(conv::choose(&square(50, (1, 4, 1), 28, 3, 0)), Strategy::Direct);
    assert_eq!(conv::choose(&square(50, (4, 2, 1), 26, 7, 0)), Strategy::Direct);
    assert_eq!(conv::choose(&square(8, (128, 128, 1), 28, 3, 1)), Strategy::Im2col);
}
