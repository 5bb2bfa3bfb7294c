//! The geometry field tables the parsers read, handed to JavaScript so that a test can compare
//! the compiled order with `CONV2D_GEOMETRY_FIELDS` / `POOL2D_GEOMETRY_FIELDS` of @scratchnet/tensor.

use napi_derive::napi;

use crate::conv_geometry::CONV_FIELDS;
use crate::pool_geometry::POOL_FIELDS;

#[napi(object)]
pub struct GeometryFields {
    pub conv: Vec<String>,
    pub pool: Vec<String>,
}

/// `CONV_FIELDS` and `POOL_FIELDS`, in the order `ConvGeometry::parse` and `PoolGeometry::parse` read numbers.
#[napi(js_name = "geometryFields")]
pub fn geometry_fields() -> GeometryFields {
    let owned = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect();
    GeometryFields { conv: owned(&CONV_FIELDS), pool: owned(&POOL_FIELDS) }
}
