use crate::conv_geometry::ConvGeometry;
use crate::dims;
use crate::matmul::MatmulArgs;
use crate::pool_geometry::PoolGeometry;

/// batch 2, 3->4 channels, 5x5, 3x3 kernel, stride 1, no padding, dilation 1, groups 1, 3x3 out.
fn conv_numbers() -> Vec<f64> {
    vec![2.0, 3.0, 5.0, 5.0, 4.0, 3.0, 3.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 3.0, 3.0]
}

fn conv_error(edit: impl FnOnce(&mut Vec<f64>)) -> String {
    let mut v = conv_numbers();
    edit(&mut v);
    ConvGeometry::parse("conv2dForward", &v).unwrap_err().0
}

#[test]
fn a_valid_geometry_gives_every_size() {
    let g = ConvGeometry::parse("t", &conv_numbers()).unwrap();
    assert_eq!((g.x_len, g.w_len, g.y_len, g.patch), (150, 108, 72, 27));
}

#[test]
fn zero_negative_fractional_and_huge_sizes_are_named() {
    assert_eq!(
        conv_error(|v| v[0] = 0.0),
        format!("conv2dForward: batch must be a positive integer of at most {}, got 0", u32::MAX)
    );
    assert!(conv_error(|v| v[1] = -3.0).contains("inChannels must be a positive integer"));
    assert!(conv_error(|v| v[5] = 2.5).contains("kernelHeight must be a positive integer"));
    assert!(conv_error(|v| v[9] = -1.0).contains("padTop must be a non-negative integer"));
    assert!(
        conv_error(|v| v[2] = 1e12)
            .contains("inHeight must be a positive integer of at most 4294967295, got 1000000000000")
    );
    assert!(conv_error(|v| v[3] = f64::NAN).contains("inWidth must be a positive integer"));
    assert!(conv_error(|v| v.truncate(17)).contains("geometry must have 18 numbers"));
}

#[test]
fn inconsistent_geometries_are_rejected() {
    assert_eq!(conv_error(|v| v[16] = 4.0), "conv2dForward: outHeight x outWidth is 4x3, the geometry gives 3x3");
    assert!(conv_error(|v| v[15] = 2.0).contains("groups=2 must divide inChannels (3) and outChannels (4)"));
    assert!(conv_error(|v| v[5] = 7.0).contains("larger than the padded input height 5"));
}

#[test]
fn overflowing_products_are_errors_not_wraparounds() {
    let huge = f64::from(u32::MAX);
    let err = conv_error(|v| {
        v[0] = huge;
        v[1] = huge;
        v[4] = huge;
        v[2] = huge;
        v[3] = huge;
        v[16] = huge - 2.0;
        v[17] = huge - 2.0;
    });
    assert!(err.contains("overflows"), "{err}");
    assert!(dims::product("t", "size", &[usize::MAX, 2]).unwrap_err().0.contains("size overflows"));
}

#[test]
fn array_lengths_are_checked_against_the_geometry_with_the_arithmetic_shown() {
    let g = ConvGeometry::parse("conv2dForward", &conv_numbers()).unwrap();
    assert_eq!(
        g.check_w("conv2dForward", "weight", 100).unwrap_err().0,
        "conv2dForward: weight has 100 elements, geometry needs 108 (outC=4, inC/groups=3, kH=3, kW=3)"
    );
    assert!(
        g.check_x("conv2dForward", "x", 149)
            .unwrap_err()
            .0
            .contains("x has 149 elements, geometry needs 150 (N=2, C=3, H=5, W=5)")
    );
    assert!(g.check_bias("conv2dForward", "bias", 3).is_err());
    assert!(g.check_y("conv2dForward", "y", 72).is_ok());
}

#[test]
fn matmul_and_pool_arguments_are_validated() {
    let err = MatmulArgs::parse("matmul", &[2.0, 3.0, 4.0, 0.0, 2.0, 0.0]).unwrap_err().0;
    assert_eq!(err, "matmul: transB must be 0 or 1, got 2");
    let args = MatmulArgs::parse("matmul", &[2.0, 3.0, 4.0, 1.0, 0.0, 0.0]).unwrap();
    assert_eq!(
        args.check_lengths("matmul", 8, 11, 6).unwrap_err().0,
        "matmul: b has 11 elements, geometry needs 12 (k x n = 4 x 3)"
    );
    let pool = [1.0, 1.0, 4.0, 4.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0, 0.0, 3.0, 2.0];
    assert!(
        PoolGeometry::parse("maxPool2dForward", &pool)
            .unwrap_err()
            .0
            .contains("must be at most half the kernel height 2")
    );
}
