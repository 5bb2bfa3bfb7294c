//! The convolution entry points: the whole choice of algorithm for a pass (`plan_*`, from the family
//! `choose` picks), the bound on the plan's scratch, the run of that plan, and the bias.

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::{
    conv_adjoint, conv_blocked, conv_blocked_weight, conv_direct, conv_im2col, conv_scratch, conv_winograd,
    conv_winograd_weight, lanes, scratch,
};

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

/// What a pass runs with besides its arrays: the op it serves (named in errors), the algorithm
/// family, and the size of the pool it runs in.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub op: &'static str,
    pub strategy: Strategy,
    pub threads: usize,
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
    /// Winograd's minimal filtering on 6x6 tiles, sixteen images per vector (`conv_winograd`).
    Winograd,
    /// Backward-input as the forward pass of the adjoint geometry, by Winograd.
    AdjointWinograd,
}

impl Plan {
    pub fn name(self) -> &'static str {
        match self {
            Plan::Blocked => "direct-blocked",
            Plan::Direct => "direct",
            Plan::AdjointBlocked => "adjoint-forward (direct-blocked)",
            Plan::AdjointDirect => "adjoint-forward (direct)",
            Plan::Im2col => "im2col-gemm",
            Plan::Winograd => "winograd",
            Plan::AdjointWinograd => "adjoint-forward (winograd)",
        }
    }
}

pub fn plan_forward(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match strategy {
        Strategy::Direct if conv_blocked::forward_applies(g) => Plan::Blocked,
        Strategy::Direct => Plan::Direct,
        Strategy::Im2col if conv_winograd::applies(g) => Plan::Winograd,
        Strategy::Im2col => Plan::Im2col,
    }
}

/// Few channels with stride 1 (padding within the kernel span): the forward pass of the adjoint
/// geometry. Im2col shapes keep GEMM + col2im, whose GEMM (patch x outH*outW x outC) is better shaped
/// than the adjoint's when inC is small (e.g. 1->32: the adjoint GEMM would have one row).
pub fn plan_backward_input(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match (strategy, conv_adjoint::geometry(g)) {
        (Strategy::Direct, Some(ga)) if plan_forward(&ga, strategy) == Plan::Blocked => Plan::AdjointBlocked,
        (Strategy::Direct, Some(_)) => Plan::AdjointDirect,
        (Strategy::Direct, None) => Plan::Direct,
        (Strategy::Im2col, Some(ga)) if conv_winograd::applies(&ga) => Plan::AdjointWinograd,
        (Strategy::Im2col, _) => Plan::Im2col,
    }
}

pub fn plan_backward_weight(g: &ConvGeometry, strategy: Strategy) -> Plan {
    match strategy {
        Strategy::Direct if conv_blocked_weight::applies(g) => Plan::Blocked,
        Strategy::Direct => Plan::Direct,
        Strategy::Im2col if conv_winograd::applies(g) => Plan::Winograd,
        Strategy::Im2col => Plan::Im2col,
    }
}

/// Runs inside the thread pool of `run.threads` workers. Lengths must have been checked; the
/// plan's scratch is checked here, before anything is allocated.
pub fn forward(x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32], g: &ConvGeometry, run: Run) -> KResult<()> {
    scratch::check(run.op, &conv_scratch::forward(g, run.strategy, run.threads))?;
    if plan_forward(g, run.strategy) == Plan::Winograd {
        // Its output transform adds the bias.
        return conv_winograd::forward(run.op, x, w, bias, y, g);
    }
    forward_plan(x, w, y, g, run)?;
    if let Some(b) = bias {
        y.par_chunks_mut(g.out_plane).enumerate().for_each(|(i, plane)| {
            let v = b[i % g.out_channels];
            plane.iter_mut().for_each(|y| *y += v);
        });
    }
    Ok(())
}

/// y = conv(x, w) by the forward plan, without bias and without the scratch check.
fn forward_plan(x: &[f32], w: &[f32], y: &mut [f32], g: &ConvGeometry, run: Run) -> KResult<()> {
    match plan_forward(g, run.strategy) {
        Plan::Blocked | Plan::AdjointBlocked => conv_blocked::forward(run.op, x, w, y, g),
        Plan::Direct | Plan::AdjointDirect => {
            conv_direct::forward(x, w, y, g);
            Ok(())
        }
        Plan::Im2col => conv_im2col::forward(run.op, x, w, y, g, run.threads),
        Plan::Winograd | Plan::AdjointWinograd => conv_winograd::forward(run.op, x, w, None, y, g),
    }
}

pub fn backward_input(dy: &[f32], w: &[f32], dx: &mut [f32], g: &ConvGeometry, run: Run) -> KResult<()> {
    scratch::check(run.op, &conv_scratch::backward_input(g, run.strategy, run.threads))?;
    match (plan_backward_input(g, run.strategy), conv_adjoint::geometry(g)) {
        (Plan::AdjointBlocked | Plan::AdjointDirect | Plan::AdjointWinograd, Some(ga)) => {
            forward_plan(dy, &conv_adjoint::weights(run.op, w, g)?, dx, &ga, run)
        }
        (Plan::Im2col, _) => conv_im2col::backward_input(run.op, dy, w, dx, g, run.threads),
        _ => {
            conv_direct::backward_input(dy, w, dx, g);
            Ok(())
        }
    }
}

pub fn backward_weight(
    x: &[f32],
    dy: &[f32],
    grads: (&mut [f32], Option<&mut [f32]>),
    g: &ConvGeometry,
    run: Run,
) -> KResult<()> {
    scratch::check(run.op, &conv_scratch::backward_weight(g, run.strategy, run.threads))?;
    let (dw, db) = grads;
    match plan_backward_weight(g, run.strategy) {
        Plan::Blocked | Plan::AdjointBlocked => {
            conv_blocked_weight::backward_weight(run.op, x, dy, dw, g, run.threads)?
        }
        Plan::Direct | Plan::AdjointDirect => conv_direct::backward_weight(x, dy, dw, g),
        Plan::Winograd => conv_winograd_weight::backward_weight(run.op, x, dy, dw, g)?,
        // plan_backward_weight picks no adjoint plan; the arm only keeps the match whole.
        Plan::Im2col | Plan::AdjointWinograd => conv_im2col::backward_weight(run.op, x, dy, dw, g, run.threads)?,
    }
    if let Some(db) = db {
        db.par_iter_mut().enumerate().for_each(|(oc, d)| {
            *d = (0..g.batch).map(|n| lanes::sum(&dy[(n * g.out_channels + oc) * g.out_plane..][..g.out_plane])).sum();
        });
    }
    Ok(())
}
