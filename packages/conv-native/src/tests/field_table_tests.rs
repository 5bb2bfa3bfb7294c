//! The parsers read each geometry number where `CONV_FIELDS` / `POOL_FIELDS` name it, so the tables
//! that conv-native's vitest compares with @scratchnet/tensor's field lists are the order the addon obeys.

use crate::conv_geometry::{CONV_FIELDS, ConvGeometry};
use crate::pool_geometry::{POOL_FIELDS, PoolGeometry};

/// The values of `named` in the order of `table` (as JavaScript would send them).
fn in_table_order(table: &[&str], named: &[(&str, usize)]) -> Vec<f64> {
    assert_eq!(table.len(), named.len(), "the table and the test name different counts of fields");
    let value = |field: &&str| named.iter().find(|(n, _)| n == field).map(|&(_, v)| v as f64);
    table.iter().map(|field| value(field).unwrap_or_else(|| panic!("the test does not name {field}"))).collect()
}

#[test]
fn conv_parse_reads_each_field_where_the_table_names_it() {
    // Every value distinct (and the geometry valid), so a number read from the wrong place shows.
    let named = [
        ("batch", 5),
        ("inChannels", 14),
        ("inHeight", 39),
        ("inWidth", 29),
        ("outChannels", 21),
        ("kernelHeight", 3),
        ("kernelWidth", 4),
        ("strideHeight", 2),
        ("strideWidth", 1),
        ("padTop", 0),
        ("padBottom", 6),
        ("padLeft", 8),
        ("padRight", 10),
        ("dilationHeight", 11),
        ("dilationWidth", 9),
        ("groups", 7),
        ("outHeight", 12),
        ("outWidth", 20),
    ];
    let g = ConvGeometry::parse("t", &in_table_order(&CONV_FIELDS, &named)).unwrap();
    let (rows, cols) = (g.rows, g.cols);
    let read = [
        ("batch", g.batch),
        ("inChannels", g.in_channels),
        ("inHeight", rows.input),
        ("inWidth", cols.input),
        ("outChannels", g.out_channels),
        ("kernelHeight", rows.kernel),
        ("kernelWidth", cols.kernel),
        ("strideHeight", rows.stride),
        ("strideWidth", cols.stride),
        ("padTop", rows.pad_before),
        ("padBottom", rows.pad_after),
        ("padLeft", cols.pad_before),
        ("padRight", cols.pad_after),
        ("dilationHeight", rows.dilation),
        ("dilationWidth", cols.dilation),
        ("groups", g.groups),
        ("outHeight", g.out_h),
        ("outWidth", g.out_w),
    ];
    assert_eq!(read, named);
}

#[test]
fn pool_parse_reads_each_field_where_the_table_names_it() {
    let named = [
        ("batch", 2),
        ("channels", 9),
        ("inHeight", 55),
        ("inWidth", 64),
        ("kernelHeight", 6),
        ("kernelWidth", 8),
        ("strideHeight", 5),
        ("strideWidth", 7),
        ("padTop", 0),
        ("padBottom", 1),
        ("padLeft", 4),
        ("padRight", 3),
        ("outHeight", 11),
        ("outWidth", 10),
    ];
    let g = PoolGeometry::parse("t", &in_table_order(&POOL_FIELDS, &named)).unwrap();
    let (rows, cols) = (g.rows, g.cols);
    let read = [
        ("inHeight", rows.input),
        ("inWidth", cols.input),
        ("kernelHeight", rows.kernel),
        ("kernelWidth", cols.kernel),
        ("strideHeight", rows.stride),
        ("strideWidth", cols.stride),
        ("padTop", rows.pad_before),
        ("padBottom", rows.pad_after),
        ("padLeft", cols.pad_before),
        ("padRight", cols.pad_after),
        ("outHeight", g.out_h),
        ("outWidth", g.out_w),
    ];
    assert_eq!(read, named[2..]);
    // batch and channels are kept only as their product and in the size messages.
    let message = g.check_x("t", "x", 0).unwrap_err().0;
    assert!(message.contains("N=2, C=9, H=55, W=64"), "{message}");
}
