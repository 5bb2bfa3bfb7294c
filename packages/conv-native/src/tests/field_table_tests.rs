//! The parsers read each geometry number where `CONV_FIELDS` / `POOL_FIELDS` name it, so the tables
//! that conv-native's vitest compares with @scratchnet/tensor's field lists are the order the addon obeys.

use crate::conv_geometry::{CONV_FIELDS, ConvGeometry};
use crate::pool_geometry::{POOL_FIELDS, PoolGeometry};
use crate::window::Axis;

type Named = Vec<(&'static str, usize)>;

/// The values of `named` in the order of `table` (as JavaScript would send them).
fn in_table_order(table: &[&str], named: &Named) -> Vec<f64> {
    assert_eq!(table.len(), named.len(), "the table and the test name different counts of fields");
    let value = |field: &&str| named.iter().find(|(n, _)| n == field).map(|&(_, v)| v as f64);
    table.iter().map(|field| value(field).unwrap_or_else(|| panic!("the test does not name {field}"))).collect()
}

/// The sliding-window fields, named as in the tables: written from the test's axes, read back from a parsed geometry.
fn window_fields(rows: &Axis, cols: &Axis, (out_h, out_w): (usize, usize)) -> Named {
    vec![
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
        ("outHeight", out_h),
        ("outWidth", out_w),
    ]
}

const fn axis(input: usize, kernel: usize, stride: usize, pads: (usize, usize), dilation: usize) -> Axis {
    Axis { input, kernel, stride, pad_before: pads.0, pad_after: pads.1, dilation }
}

#[test]
fn conv_parse_reads_each_field_where_the_table_names_it() {
    // Every value distinct (and the geometry valid), so a number read from the wrong place shows.
    let (rows, cols) = (axis(39, 3, 2, (0, 6), 11), axis(29, 4, 1, (8, 10), 9));
    let mut named = vec![("batch", 5), ("inChannels", 14), ("outChannels", 21), ("groups", 7)];
    named.extend([("dilationHeight", rows.dilation), ("dilationWidth", cols.dilation)]);
    named.extend(window_fields(&rows, &cols, (12, 20)));
    let g = ConvGeometry::parse("t", &in_table_order(&CONV_FIELDS, &named)).unwrap();
    let mut read = vec![("batch", g.batch), ("inChannels", g.in_channels), ("outChannels", g.out_channels)];
    read.push(("groups", g.groups));
    read.extend([("dilationHeight", g.rows.dilation), ("dilationWidth", g.cols.dilation)]);
    read.extend(window_fields(&g.rows, &g.cols, (g.out_h, g.out_w)));
    assert_eq!(read, named);
}

#[test]
fn pool_parse_reads_each_field_where_the_table_names_it() {
    let (rows, cols) = (axis(55, 6, 5, (0, 1), 1), axis(64, 8, 7, (4, 3), 1));
    let mut named = vec![("batch", 2), ("channels", 9)];
    named.extend(window_fields(&rows, &cols, (11, 10)));
    let g = PoolGeometry::parse("t", &in_table_order(&POOL_FIELDS, &named)).unwrap();
    assert_eq!(window_fields(&g.rows, &g.cols, (g.out_h, g.out_w)), named[2..]);
    // batch and channels are kept only as their product and in the size messages.
    let message = g.check_x("t", "x", 0).unwrap_err().0;
    assert!(message.contains("N=2, C=9, H=55, W=64"), "{message}");
}
