//! The one rayon pool every kernel runs in: sized by SCRATCHNET_NUM_THREADS, `setNumThreads`,
//! or the number of available cores.

use std::sync::{Arc, RwLock};

use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::{KResult, KernelError};

static POOL: RwLock<Option<Arc<ThreadPool>>> = RwLock::new(None);

pub const MAX_THREADS: usize = 1024;

fn default_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    std::env::var("SCRATCHNET_NUM_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| (1..=MAX_THREADS).contains(&n))
        .unwrap_or(cores)
}

fn build(threads: usize) -> KResult<Arc<ThreadPool>> {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("scratchnet-conv-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| KernelError(format!("setNumThreads: could not start {threads} threads: {e}")))
}

fn pool() -> KResult<Arc<ThreadPool>> {
    if let Some(p) = POOL.read().map_err(poisoned)?.as_ref() {
        return Ok(Arc::clone(p));
    }
    let mut slot = POOL.write().map_err(poisoned)?;
    if slot.is_none() {
        *slot = Some(build(default_threads())?);
    }
    Ok(Arc::clone(slot.as_ref().expect("pool was just set")))
}

fn poisoned<T>(_: T) -> KernelError {
    KernelError("thread pool lock poisoned by an earlier panic".into())
}

/// Replaces the pool with one of `threads` workers (1..=1024).
pub fn set_num_threads(threads: usize) -> KResult<()> {
    if !(1..=MAX_THREADS).contains(&threads) {
        return Err(KernelError(format!(
            "setNumThreads: threads must be an integer in 1..={MAX_THREADS}, got {threads}"
        )));
    }
    let fresh = build(threads)?;
    *POOL.write().map_err(poisoned)? = Some(fresh);
    Ok(())
}

pub fn num_threads() -> KResult<usize> {
    Ok(pool()?.current_num_threads())
}

/// Runs `f` inside the pool, so rayon calls (and the GEMM crate's) use its workers.
pub fn run<R: Send>(f: impl FnOnce() -> R + Send) -> KResult<R> {
    Ok(pool()?.install(f))
}
