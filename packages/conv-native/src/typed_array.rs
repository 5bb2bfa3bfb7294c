//! Borrowing the caller's typed arrays without copying: type-checked, with their memory
//! ranges kept so that an output sharing memory with another argument is rejected.

use std::marker::PhantomData;
use std::ptr;

use napi::sys;
use napi::{JsValue, Unknown};

use crate::error::{KResult, KernelError};
use crate::fail;
use crate::js_values::describe_value;

pub trait Element: Copy + Send + Sync {
    const CODE: sys::napi_typedarray_type;
    const NAME: &'static str;
}

impl Element for f32 {
    const CODE: sys::napi_typedarray_type = sys::TypedarrayType::float32_array;
    const NAME: &'static str = "Float32Array";
}

impl Element for f64 {
    const CODE: sys::napi_typedarray_type = sys::TypedarrayType::float64_array;
    const NAME: &'static str = "Float64Array";
}

impl Element for i32 {
    const CODE: sys::napi_typedarray_type = sys::TypedarrayType::int32_array;
    const NAME: &'static str = "Int32Array";
}

const TYPED_ARRAY_NAMES: [&str; 12] = [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
    "Float16Array",
];

/// A typed array argument: where its elements live and how many there are. Valid for the duration
/// of the N-API call that produced it (JavaScript cannot run, so the buffer cannot be detached or moved).
pub struct View<'call, T: Element> {
    pub name: &'static str,
    data: *mut T,
    pub len: usize,
    _call: PhantomData<&'call ()>,
}

/// A byte range some argument occupies, for the aliasing check.
#[derive(Clone, Copy)]
pub struct Span {
    pub name: &'static str,
    start: usize,
    end: usize,
}

impl<'call, T: Element> View<'call, T> {
    pub fn span(&self) -> Span {
        let start = self.data as usize;
        Span { name: self.name, start, end: start + self.len * size_of::<T>() }
    }

    pub fn slice(&self) -> &'call [T] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: N-API reported `len` elements of T at `data`, alive for the whole call.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }

    /// Only call after `disjoint` has shown that no other argument overlaps this one.
    pub fn slice_mut(&mut self) -> &'call mut [T] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: as in `slice`; exclusivity comes from the aliasing check and `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.len) }
    }
}

/// "a Float32Array", "an Int32Array".
pub fn with_article(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn status(op: &str, name: &str, s: sys::napi_status) -> KResult<()> {
    if s == sys::Status::napi_ok { Ok(()) } else { fail!(op, "{name}: N-API status {s} while reading the argument") }
}

/// Borrows `value` as a typed array of T, or fails naming the argument and what it was instead.
pub fn view<'call, T: Element>(op: &str, name: &'static str, value: &Unknown<'call>) -> KResult<View<'call, T>> {
    let v = value.value();
    let mut is_typed = false;
    // SAFETY: `v` is a live handle of the current call; the out-pointers are valid locals.
    status(op, name, unsafe { sys::napi_is_typedarray(v.env, v.value, &mut is_typed) })?;
    if !is_typed {
        return fail!(op, "{name} must be {}, got {}", with_article(T::NAME), describe_value(value));
    }
    let (mut kind, mut len, mut data, mut buffer, mut offset) = (0, 0usize, ptr::null_mut(), ptr::null_mut(), 0usize);
    // SAFETY: as above.
    status(op, name, unsafe {
        sys::napi_get_typedarray_info(v.env, v.value, &mut kind, &mut len, &mut data, &mut buffer, &mut offset)
    })?;
    if kind != T::CODE {
        let got = TYPED_ARRAY_NAMES.get(kind as usize).copied().unwrap_or("another typed array");
        return fail!(op, "{name} must be {}, got {}", with_article(T::NAME), with_article(got));
    }
    // Shared memory is refused, inputs and outputs alike: the kernels view arrays as `&[T]` and
    // `&mut [T]`, which promise that nothing else writes the memory while they run, and a Worker
    // holding the same SharedArrayBuffer could. That is a data race (undefined behaviour in Rust),
    // and checks made before the run (maxPool2dBackward's argmax range) would no longer hold.
    let mut plain = false;
    // SAFETY: `buffer` is the live handle `napi_get_typedarray_info` just wrote; `plain` is a valid local.
    status(op, name, unsafe { sys::napi_is_arraybuffer(v.env, buffer, &mut plain) })?;
    if !plain {
        return fail!(
            op,
            "{name} is backed by a SharedArrayBuffer, which another thread could change while the kernel runs; \
             pass a copy over a plain ArrayBuffer ({name}.slice())"
        );
    }
    if len > 0 && (data.is_null() || !(data as usize).is_multiple_of(align_of::<T>())) {
        return fail!(op, "{name} is not aligned to {} bytes", align_of::<T>());
    }
    Ok(View { name, data: data.cast(), len, _call: PhantomData })
}

/// Fails when any output overlaps any other argument (input or output).
pub fn disjoint(op: &str, outputs: &[Span], inputs: &[Span]) -> KResult<()> {
    for (i, out) in outputs.iter().enumerate() {
        let others = outputs.iter().skip(i + 1).chain(inputs);
        for other in others {
            if out.start < other.end && other.start < out.end {
                return Err(KernelError(format!(
                    "{op}: {} shares memory with {}; pass separate buffers",
                    out.name, other.name
                )));
            }
        }
    }
    Ok(())
}
