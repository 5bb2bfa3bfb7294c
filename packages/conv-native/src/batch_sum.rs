//! Reductions over the batch: each thread sums a contiguous slice of images into its own buffer,
//! then the buffers are added, so no two threads ever write the same gradient.

use rayon::prelude::*;

use crate::conv_geometry::ConvGeometry;
use crate::error::KResult;
use crate::scratch::{self, Buffer};

const PARTIALS: &str = "partial weight gradients";

/// Images per task, or `None` when the batch is summed on one thread straight into the output.
fn per_task(batch: usize, threads: usize) -> Option<usize> {
    (threads > 1 && batch >= 2).then(|| batch.div_ceil(threads.min(batch)))
}

/// How many tasks `sum_over_batch` runs at once (each with its own scratch).
pub fn tasks(batch: usize, threads: usize) -> usize {
    per_task(batch, threads).map_or(1, |p| batch.div_ceil(p))
}

/// The partial sums `sum_over_batch` keeps, one per task, for an output of `g`'s weight size.
pub fn partials(g: &ConvGeometry, threads: usize) -> Buffer {
    let copies = if per_task(g.batch, threads).is_some() { tasks(g.batch, threads) } else { 0 };
    let formula = format!("outC·C/groups·kH·kW = {}·{}", g.out_channels, g.patch);
    Buffer { what: PARTIALS, formula, per_copy: Some(g.w_len), copies }
}

/// Overwrites `out` with the sum over images of what `image(n, acc, scratch)` adds into `acc`.
pub fn sum_over_batch<S: Default + Send>(
    op: &str,
    out: &mut [f32],
    batch: usize,
    threads: usize,
    image: impl Fn(usize, &mut [f32], &mut S) -> KResult<()> + Sync,
) -> KResult<()> {
    out.fill(0.0);
    let Some(per_task) = per_task(batch, threads) else {
        let mut scratch = S::default();
        return (0..batch).try_for_each(|n| image(n, out, &mut scratch));
    };
    let partials: Vec<Vec<f32>> = (0..batch)
        .step_by(per_task)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let (mut acc, mut scratch) = (scratch::zeros(op, PARTIALS, out.len())?, S::default());
            for n in start..(start + per_task).min(batch) {
                image(n, &mut acc, &mut scratch)?;
            }
            Ok(acc)
        })
        .collect::<KResult<_>>()?;
    for partial in partials {
        out.iter_mut().zip(&partial).for_each(|(o, p)| *o += p);
    }
    Ok(())
}
