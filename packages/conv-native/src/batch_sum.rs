//! Reductions over the batch: each thread sums a contiguous slice of images into its own buffer,
//! then the buffers are added, so no two threads ever write the same gradient.

use rayon::prelude::*;

/// Overwrites `out` with the sum over images of what `image(n, acc, scratch)` adds into `acc`.
pub fn sum_over_batch<S: Default + Send>(
    out: &mut [f32],
    batch: usize,
    threads: usize,
    image: impl Fn(usize, &mut [f32], &mut S) + Sync,
) {
    out.fill(0.0);
    if threads <= 1 || batch < 2 {
        let mut scratch = S::default();
        (0..batch).for_each(|n| image(n, out, &mut scratch));
        return;
    }
    let per_task = batch.div_ceil(threads.min(batch));
    let partials: Vec<Vec<f32>> = (0..batch)
        .step_by(per_task)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let (mut acc, mut scratch) = (vec![0.0; out.len()], S::default());
            for n in start..(start + per_task).min(batch) {
                image(n, &mut acc, &mut scratch);
            }
            acc
        })
        .collect();
    for partial in partials {
        out.iter_mut().zip(&partial).for_each(|(o, p)| *o += p);
    }
}
