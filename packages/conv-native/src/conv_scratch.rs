//! The scratch each convolution plan allocates besides the caller's arrays, pass by pass, listed for
//! `scratch::check` before the kernel starts. Each list comes from the module that allocates it.

use crate::conv::{self, Plan, Strategy};
use crate::conv_geometry::ConvGeometry;
use crate::scratch::Buffer;
use crate::{conv_adjoint, conv_blocked, conv_blocked_weight, conv_im2col, conv_winograd, conv_winograd_weight};

pub fn forward(g: &ConvGeometry, strategy: Strategy, threads: usize) -> Vec<Buffer> {
    match conv::plan_forward(g, strategy) {
        Plan::Blocked | Plan::AdjointBlocked => conv_blocked::forward_scratch(g, threads),
        Plan::Direct | Plan::AdjointDirect => vec![],
        Plan::Im2col => conv_im2col::forward_scratch(g, threads),
        Plan::Winograd | Plan::AdjointWinograd => conv_winograd::scratch(g, threads),
    }
}

pub fn backward_input(g: &ConvGeometry, strategy: Strategy, threads: usize) -> Vec<Buffer> {
    match (conv::plan_backward_input(g, strategy), conv_adjoint::geometry(g)) {
        (Plan::AdjointBlocked | Plan::AdjointDirect | Plan::AdjointWinograd, Some(ga)) => {
            let mut buffers = vec![conv_adjoint::weights_scratch(g)];
            buffers.extend(forward(&ga, strategy, threads));
            buffers
        }
        (Plan::Im2col, _) => conv_im2col::backward_input_scratch(g, threads),
        _ => vec![],
    }
}

pub fn backward_weight(g: &ConvGeometry, strategy: Strategy, threads: usize) -> Vec<Buffer> {
    match conv::plan_backward_weight(g, strategy) {
        Plan::Blocked | Plan::AdjointBlocked => conv_blocked_weight::scratch(g, threads),
        Plan::Direct | Plan::AdjointDirect => vec![],
        Plan::Winograd => conv_winograd_weight::scratch(g, threads),
        Plan::Im2col | Plan::AdjointWinograd => conv_im2col::backward_weight_scratch(g, threads),
    }
}
