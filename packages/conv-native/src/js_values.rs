//! Plain JavaScript values the functions take besides typed arrays: geometry arrays of numbers,
//! numbers and booleans, converted here so that every wrong type is an error naming the op.

use napi::{JsValue, Unknown, sys};

use crate::error::KResult;
use crate::fail;

const VALUE_TYPE_NAMES: [&str; 10] =
    ["undefined", "null", "boolean", "number", "string", "symbol", "object", "function", "external", "bigint"];

fn type_of(value: &Unknown) -> Option<&'static str> {
    let v = value.value();
    let mut kind = 0;
    // SAFETY: `v` is a live handle of the current call; `kind` is a valid out-pointer.
    let ok = unsafe { sys::napi_typeof(v.env, v.value, &mut kind) } == sys::Status::napi_ok;
    if ok { VALUE_TYPE_NAMES.get(kind as usize).copied() } else { None }
}

pub fn describe_value(value: &Unknown) -> String {
    let v = value.value();
    let mut kind = 0;
    // SAFETY: `v` is a live handle of the current call.
    let ok = unsafe { sys::napi_typeof(v.env, v.value, &mut kind) } == sys::Status::napi_ok;
    let name =
        if ok { VALUE_TYPE_NAMES.get(kind as usize).copied().unwrap_or("unknown value") } else { "unknown value" };
    let mut is_array = false;
    // SAFETY: as above.
    if name == "object"
        && unsafe { sys::napi_is_array(v.env, v.value, &mut is_array) } == sys::Status::napi_ok
        && is_array
    {
        return "an Array".into();
    }
    format!("a value of type {name}")
}

pub fn is_null(value: &Unknown) -> bool {
    type_of(value) == Some("null")
}

pub fn is_undefined(value: &Unknown) -> bool {
    type_of(value) == Some("undefined")
}

fn raw_number(op: &str, what: &str, env: sys::napi_env, value: sys::napi_value) -> KResult<f64> {
    let mut kind = 0;
    let mut out = 0.0;
    // SAFETY: `value` is a live handle of the current call; the out-pointers are valid locals.
    let is_number = unsafe { sys::napi_typeof(env, value, &mut kind) } == sys::Status::napi_ok
        && kind == sys::ValueType::napi_number
        && unsafe { sys::napi_get_value_double(env, value, &mut out) } == sys::Status::napi_ok;
    if !is_number {
        let name = VALUE_TYPE_NAMES.get(kind as usize).copied().unwrap_or("unknown value");
        return fail!(op, "{what} must be a number, got a value of type {name}");
    }
    Ok(out)
}

pub fn number(op: &str, what: &str, value: &Unknown) -> KResult<f64> {
    let v = value.value();
    raw_number(op, what, v.env, v.value)
}

pub fn boolean(op: &str, what: &str, value: &Unknown) -> KResult<bool> {
    let v = value.value();
    let mut out = false;
    // SAFETY: as in `raw_number`.
    if type_of(value) != Some("boolean")
        || unsafe { sys::napi_get_value_bool(v.env, v.value, &mut out) } != sys::Status::napi_ok
    {
        return fail!(op, "{what} must be a boolean, got {}", describe_value(value));
    }
    Ok(out)
}

/// An Array of numbers (a geometry or matmul argument list); at most 64 entries are read.
pub fn numbers(op: &str, what: &str, value: &Unknown) -> KResult<Vec<f64>> {
    let v = value.value();
    let mut is_array = false;
    let mut len = 0u32;
    // SAFETY: as in `raw_number`.
    let ok = unsafe { sys::napi_is_array(v.env, v.value, &mut is_array) } == sys::Status::napi_ok
        && is_array
        && unsafe { sys::napi_get_array_length(v.env, v.value, &mut len) } == sys::Status::napi_ok;
    if !ok {
        return fail!(op, "{what} must be an Array of numbers, got {}", describe_value(value));
    }
    if len > 64 {
        return fail!(op, "{what} has {len} entries; expected a short list of numbers");
    }
    (0..len)
        .map(|i| {
            let mut element = std::ptr::null_mut();
            // SAFETY: as in `raw_number`; `i` is below the array length.
            if unsafe { sys::napi_get_element(v.env, v.value, i, &mut element) } != sys::Status::napi_ok {
                return fail!(op, "{what}[{i}] could not be read");
            }
            raw_number(op, &format!("{what}[{i}]"), v.env, element)
        })
        .collect()
}
