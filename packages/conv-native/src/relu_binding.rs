//! The `relu` and `reluBackward` functions JavaScript calls: every array a Float32Array of one
//! length, outputs sharing memory with nothing; short arrays run on the calling thread.

use napi::Unknown;
use napi_derive::napi;

use crate::bindings::run;
use crate::call_args::{Call, SameLength, Size};
use crate::relu;
use crate::typed_array::view;

#[napi(js_name = "relu")]
pub fn relu_forward(x: Unknown, y: Unknown) -> napi::Result<()> {
    const OP: &str = "relu";
    let sizes = SameLength { len: view::<f32>(OP, "x", &x)?.len, what: "x" };
    let mut call = Call::new(OP, &sizes);
    let x = call.input("x", &x, Size::Input)?;
    let y = call.output::<f32>("y", &y, Size::Input)?;
    call.finish()?;
    let y = y.slice();
    if x.len() <= relu::CHUNK {
        relu::forward_chunk(x, y);
        return Ok(());
    }
    run(|_| {
        relu::forward(x, y);
        Ok(())
    })
}

#[napi(js_name = "reluBackward")]
pub fn relu_backward(y: Unknown, dy: Unknown, dx: Unknown) -> napi::Result<()> {
    const OP: &str = "reluBackward";
    let sizes = SameLength { len: view::<f32>(OP, "y", &y)?.len, what: "y" };
    let mut call = Call::new(OP, &sizes);
    let (y, dy) = (call.input("y", &y, Size::Input)?, call.input("dy", &dy, Size::Input)?);
    let dx = call.output::<f32>("dx", &dx, Size::Input)?;
    call.finish()?;
    let dx = dx.slice();
    if y.len() <= relu::CHUNK {
        relu::backward_chunk(y, dy, dx);
        return Ok(());
    }
    run(|_| {
        relu::backward(y, dy, dx);
        Ok(())
    })
}
