use super::reference::each_window;
use super::rng::Rng;
use crate::pool_geometry::PoolGeometry;
use crate::{avg_pool, max_pool};

fn random_pool(rng: &mut Rng) -> PoolGeometry {
    loop {
        let (kh, kw) = (rng.int(1, 4), rng.int(1, 4));
        let (h, w) = (rng.int(1, 9), rng.int(1, 9));
        let (pt, pb, pl, pr) = (rng.int(0, kh / 2), rng.int(0, kh / 2), rng.int(0, kw / 2), rng.int(0, kw / 2));
        let (sh, sw) = (rng.int(1, 3), rng.int(1, 3));
        if kh > h + pt + pb || kw > w + pl + pr {
            continue;
        }
        let (oh, ow) = ((h + pt + pb - kh) / sh + 1, (w + pl + pr - kw) / sw + 1);
        let v = [rng.int(1, 3), rng.int(1, 3), h, w, kh, kw, sh, sw, pt, pb, pl, pr, oh, ow];
        return PoolGeometry::parse("test", &v.map(|d| d as f64)).expect("valid pool geometry");
    }
}

#[test]
fn max_pool_matches_a_window_scan_and_routes_gradients_through_argmax() {
    let mut rng = Rng::new(5);
    for _ in 0..100 {
        let g = random_pool(&mut rng);
        let (x, dy) = (rng.vec(g.x_len), rng.vec(g.y_len));
        let (mut y, mut am, mut dx) = (vec![f32::NAN; g.y_len], vec![-1; g.y_len], vec![f32::NAN; g.x_len]);
        max_pool::forward(&x, &mut y, &mut am, &g);
        let mut want = vec![f32::NEG_INFINITY; g.y_len];
        each_window(&g, |p, o, i| want[p * g.out_plane + o] = want[p * g.out_plane + o].max(x[p * g.in_plane + i]));
        assert_eq!(y, want, "{g:?}");
        let mut dx_want = vec![0.0f32; g.x_len];
        for (o, &a) in am.iter().enumerate() {
            let p = o / g.out_plane;
            assert_eq!(x[p * g.in_plane + a as usize], y[o], "argmax points at the maximum");
            dx_want[p * g.in_plane + a as usize] += dy[o];
        }
        max_pool::backward("t", &dy, &am, &mut dx, &g).expect("argmax in range");
        assert_eq!(dx, dx_want);
    }
}

#[test]
fn max_pool_lets_nan_win_and_rejects_argmax_outside_the_plane() {
    let g = PoolGeometry::parse("t", &[1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]).unwrap();
    let (mut y, mut am) = (vec![0.0], vec![0]);
    max_pool::forward(&[1.0, f32::NAN, 3.0, 2.0], &mut y, &mut am, &g);
    assert!(y[0].is_nan());
    assert_eq!(am, [1]);
    let err = max_pool::backward("maxPool2dBackward", &[1.0], &[4], &mut [0.0; 4], &g).unwrap_err();
    assert_eq!(err.0, "maxPool2dBackward: argmax[0] = 4 is outside the 2x2 plane of input [1, 1, 2, 2]");
}

#[test]
fn max_pool_ties_pick_the_first_element_in_row_major_order() {
    // 3x4 input, 2x2 windows with stride 2 on a 1-wide bottom pad: windows (0,0) (0,1) (1,0) (1,1).
    let g = PoolGeometry::parse("t", &[1.0, 1.0, 3.0, 4.0, 2.0, 2.0, 2.0, 2.0, 0.0, 1.0, 0.0, 0.0, 2.0, 2.0]).unwrap();
    let inf = f32::NEG_INFINITY;
    #[rustfmt::skip]
    let x = [
        5.0, 5.0, inf, inf,
        5.0, 1.0, inf, inf,
        2.0, 7.0, 7.0, 7.0,
    ];
    let (mut y, mut am) = (vec![0.0; 4], vec![0; 4]);
    max_pool::forward(&x, &mut y, &mut am, &g);
    assert_eq!(y, [5.0, inf, 7.0, 7.0]);
    // A tie keeps the first; an all -inf window points at its first element; padding never wins.
    assert_eq!(am, [0, 2, 9, 10]);
}

#[test]
fn avg_pool_matches_a_window_scan_with_and_without_padding_in_the_divisor() {
    let mut rng = Rng::new(9);
    for _ in 0..100 {
        let g = random_pool(&mut rng);
        let (x, dy) = (rng.vec(g.x_len), rng.vec(g.y_len));
        for include_pad in [false, true] {
            let (mut sum, mut count) = (vec![0.0f64; g.y_len], vec![0usize; g.y_len]);
            each_window(&g, |p, o, i| {
                sum[p * g.out_plane + o] += f64::from(x[p * g.in_plane + i]);
                count[p * g.out_plane + o] += 1;
            });
            let full = (g.rows.kernel * g.cols.kernel) as f64;
            let divisor = |o: usize| if include_pad { full } else { count[o] as f64 };
            let (mut y, mut dx) = (vec![f32::NAN; g.y_len], vec![f32::NAN; g.x_len]);
            avg_pool::forward(&x, &mut y, &g, include_pad);
            avg_pool::backward(&dy, &mut dx, &g, include_pad);
            let mut dx_want = vec![0.0f64; g.x_len];
            each_window(&g, |p, o, i| {
                dx_want[p * g.in_plane + i] += f64::from(dy[p * g.out_plane + o]) / divisor(p * g.out_plane + o)
            });
            // Sums of at most 16 values of magnitude <= 1: a few float32 ulps of 16.
            let tol = 16.0 * 4.0 * f64::from(f32::EPSILON);
            for (o, &v) in y.iter().enumerate() {
                assert!((f64::from(v) - sum[o] / divisor(o)).abs() <= tol, "avg forward {o} {g:?}");
            }
            for (i, &v) in dx.iter().enumerate() {
                assert!((f64::from(v) - dx_want[i]).abs() <= tol, "avg backward {i} {g:?}");
            }
        }
    }
}
