//! The typed-array arguments of one N-API call, gathered one line per argument: each is borrowed,
//! type-checked and length-checked as it is added; `finish` then rejects any output that shares
//! memory with another argument, and only after that are outputs handed out as `&mut` slices.

use napi::Unknown;

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::fail;
use crate::js_values::{is_null, is_undefined};
use crate::pool_geometry::PoolGeometry;
use crate::typed_array::{Element, Span, View, disjoint, view, with_article};

/// Which size of the geometry an array must have.
#[derive(Clone, Copy)]
pub enum Size {
    /// N x C x H x W
    Input,
    /// outC x inC/groups x kH x kW
    Weight,
    /// N x outC x outH x outW (pooling: N x C x outH x outW)
    Output,
    /// outC
    Bias,
}

pub trait Sizes {
    fn check(&self, op: &str, name: &str, size: Size, len: usize) -> KResult<()>;
}

/// Flat element-wise calls: every array has the length of the first, named `what` in errors.
pub struct SameLength {
    pub len: usize,
    pub what: &'static str,
}

impl Sizes for SameLength {
    fn check(&self, op: &str, name: &str, _: Size, len: usize) -> KResult<()> {
        if len != self.len {
            return fail!(op, "{name} has {len} elements, {} has {}", self.what, self.len);
        }
        Ok(())
    }
}

impl Sizes for ConvGeometry {
    fn check(&self, op: &str, name: &str, size: Size, len: usize) -> KResult<()> {
        match size {
            Size::Input => self.check_x(op, name, len),
            Size::Weight => self.check_w(op, name, len),
            Size::Output => self.check_y(op, name, len),
            Size::Bias => self.check_bias(op, name, len),
        }
    }
}

impl Sizes for PoolGeometry {
    fn check(&self, op: &str, name: &str, size: Size, len: usize) -> KResult<()> {
        match size {
            Size::Input => self.check_x(op, name, len),
            _ => self.check_y(op, name, len),
        }
    }
}

pub struct Call<'g, G: Sizes> {
    op: &'static str,
    geometry: &'g G,
    inputs: Vec<Span>,
    outputs: Vec<Span>,
}

/// An output that has passed its checks; `slice` is only reachable through `Call::finish`.
pub struct Output<'c, T: Element>(View<'c, T>);

impl<'c, T: Element> Output<'c, T> {
    pub fn slice(mut self) -> &'c mut [T] {
        self.0.slice_mut()
    }
}

impl<'g, G: Sizes> Call<'g, G> {
    pub fn new(op: &'static str, geometry: &'g G) -> Self {
        Self { op, geometry, inputs: Vec::new(), outputs: Vec::new() }
    }

    fn checked<'c, T: Element>(&self, name: &'static str, value: &Unknown<'c>, size: Size) -> KResult<View<'c, T>> {
        let v = view::<T>(self.op, name, value)?;
        self.geometry.check(self.op, name, size, v.len)?;
        Ok(v)
    }

    pub fn input<'c, T: Element>(&mut self, name: &'static str, value: &Unknown<'c>, size: Size) -> KResult<&'c [T]> {
        let v = self.checked::<T>(name, value, size)?;
        self.inputs.push(v.span());
        Ok(v.slice())
    }

    /// `null` leaves an optional array out; `undefined` is an error. It is what a missing property
    /// or argument gives, and reading it as "none" would silently drop a bias or its gradient.
    fn left_out<T: Element>(&self, name: &str, value: &Unknown) -> KResult<bool> {
        if is_undefined(value) {
            return fail!(self.op, "{name} must be {} or null (none), got undefined", with_article(T::NAME));
        }
        Ok(is_null(value))
    }

    pub fn optional_input<'c>(
        &mut self,
        name: &'static str,
        value: &Unknown<'c>,
        size: Size,
    ) -> KResult<Option<&'c [f32]>> {
        if self.left_out::<f32>(name, value)? { Ok(None) } else { self.input(name, value, size).map(Some) }
    }

    pub fn output<'c, T: Element>(
        &mut self,
        name: &'static str,
        value: &Unknown<'c>,
        size: Size,
    ) -> KResult<Output<'c, T>> {
        let v = self.checked::<T>(name, value, size)?;
        self.outputs.push(v.span());
        Ok(Output(v))
    }

    pub fn optional_output<'c, T: Element>(
        &mut self,
        name: &'static str,
        value: &Unknown<'c>,
        size: Size,
    ) -> KResult<Option<Output<'c, T>>> {
        if self.left_out::<T>(name, value)? { Ok(None) } else { self.output(name, value, size).map(Some) }
    }

    /// Fails when an output overlaps any other argument.
    pub fn finish(self) -> KResult<()> {
        disjoint(self.op, &self.outputs, &self.inputs)
    }
}
