use super::reference;
use super::rng::Rng;
use super::{assert_close, with_threads};
use crate::matmul::{MatmulArgs, matmul};

#[test]
fn every_transpose_and_accumulate_combination_matches_the_reference() {
    let mut rng = Rng::new(3);
    // The last shape is above the size at which the product is split across threads.
    for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 9, 33), (64, 80, 72)] {
        for bits in 0..8 {
            let (trans_a, trans_b, accumulate) = (bits & 1 == 1, bits & 2 == 2, bits & 4 == 4);
            let (a, b, c0) = (rng.vec(m * k), rng.vec(k * n), rng.vec(m * n));
            let mut c = if accumulate { c0.clone() } else { vec![f32::NAN; m * n] };
            let args = MatmulArgs { m, n, k, trans_a, trans_b, accumulate };
            with_threads(2, || matmul(&a, &b, &mut c, args, 2));
            let e = reference::matmul(&a, &b, accumulate.then_some(&c0[..]), (m, n, k), (trans_a, trans_b));
            assert_close(&format!("{args:?}"), &c, &e.values, &e.magnitude, k + 1);
        }
    }
}
