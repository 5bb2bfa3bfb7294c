//! The convolution entry points: the whole choice of algorithm for a pass (`plan_*`, from the family
//! `choose` picks), the run of that plan, and the bias.

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::{conv_adjoint, conv_blocked, conv_blocked_weight, conv_direct, conv_im2col, lanes};

/// At or below this many (input, output) channel pairs per group, direct loops beat im2col + GEMM.
const DIRECT_MAX_CHANNEL_PAIRS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Direct,
    Im2col,
}

pub fn choose(g: &ConvGeometry) -> Strategy {
    if g.in_per_group * g.out_per_group <= DIRECT_MAX_CHANNEL_PAIRS { Strategy::Direct } else { Strategy::Im2col }
}

/// How one pass runs: the algorithm, named as `backendInfo()` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Direct loops over register-blocked rows (forward, and the weight gradient's own blocked kernel).
    Blocked,
    /// Plain direct loops.
    Direct,
    /// Backward-input as the forward pass of the adjoint geometry (stride 1), blocked or plain.
    AdjointBlocked,
    AdjointDirect,
    /// im2col + GEMM per image and group (col2im after it for backward-input).
    Im2col,
}

impl Plan {
    pub fn name(self) -> &'static str {
        match self {
            Plan::Blocked => "direct-blocked",
            Plan::Direct => "direct",
            Plan::AdjointBlocked => "adjoint-forward (direct-blocked)",
            Plan::AdjointDirect => "adjoint-forward (direct)",
            Plan::Im2col => "im2col-gemm",
        }
    }
}

pub fn plan_forward(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match strategy {
        Strategy::Direct if conv_blocked::forward_applies(g) => Plan::Blocked,
        Strategy::Direct => Plan::Direct,
        Strategy::Im2col => Plan::Im2col,
    }
}

/// Few channels with stride 1 (padding within the kernel span): the forward pass of the adjoint
/// geometry. Im2col shapes keep GEMM + col2im, whose GEMM (patch x outH*outW x outC) is better shaped
/// than the adjoint's when inC is small (e.g. 1->32: the adjoint GEMM would have one row).
pub fn plan_backward_input(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match strategy {
        Strategy::Direct if conv_adjoint::applies(g) => match plan_forward(&conv_adjoint::adjoint_geometry(g), strategy) {
            Plan::Blocked => Plan::AdjointBlocked,
            _ => Plan::AdjointDirect,
        },
        Strategy::Direct => Plan::Direct,
        Strategy::Im2col => Plan::Im2col,
    }
}

pub fn plan_backward_weight(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match strategy {
        Strategy::Direct if conv_blocked_weight::applies(g) => Plan::Blocked,
        Strategy::Direct => Plan::Direct,
        Strategy::Im2col => Plan::Im2col,
    }
}

/// Runs inside the thread pool; `threads` is its size. Lengths must have been checked.
pub fn forward(
    x: &[f32],
    w: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
    g: &ConvGeometry,
    strategy: Strategy,
    threads: usize,
) {
    match plan_forward(g, strategy) {
        Plan::Blocked | Plan::AdjointBlocked => conv_blocked::forward(x, w, y, g),
        Plan::Direct | Plan::AdjointDirect => conv_direct::forward(x, w, y, g),
        Plan::Im2col => conv_im2col::forward(x, w, y, g, threads),
    }
    if let Some(b) = bias {
        y.par_chunks_mut(g.out_plane).enumerate().for_each(|(i, plane)| {
            let v = b[i % g.out_channels];
            plane.iter_mut().for_each(|y| *y += v);
        });
    }
}

pub fn backward_input(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry, strategy: Strategy, threads: usize) {
    match plan_backward_input(g, strategy) {
        Plan::AdjointBlocked | Plan::AdjointDirect => {
            let (ga, wa) = conv_adjoint::adjoint(w, g);
            forward(dy, &wa, None, dx, &ga, strategy, threads)
        }
        Plan::Blocked | Plan::Direct => conv_direct::backward_input(dy, w, dx, g),
        Plan::Im2col => conv_im2col::backward_input(dy, w, dx, g, threads),
    }
}

pub fn backward_weight(
    x: &[f32],
    dy: &[f32],
    grads: (&mut [f32], Option<&mut [f32]>),
    g: &ConvGeometry,
    strategy: Strategy,
    threads: usize,
) {
    let (dw, db) = grads;
    match plan_backward_weight(g, strategy) {
        Plan::Blocked | Plan::AdjointBlocked => conv_blocked_weight::backward_weight(x, dy, dw, g, threads),
        Plan::Direct | Plan::AdjointDirect => conv_direct::backward_weight(x, dy, dw, g),
        Plan::Im2col => conv_im2col::backward_weight(x, dy, dw, g, threads),
    }
    if let Some(db) = db {
        db.par_iter_mut().enumerate().for_each(|(oc, d)| {
            *d = (0..g.batch).map(|n| lanes::sum(&dy[(n * g.out_channels + oc) * g.out_plane..][..g.out_plane])).sum();
        });
    }
}
