//! Turning the numbers JavaScript hands over into sizes: integers, in range, multiplied without overflow.

use crate::error::KResult;
use crate::fail;

/// Reads `values[index]` as an integer in [min, u32::MAX].
pub fn integer(op: &str, what: &str, values: &[f64], index: usize, min: u32) -> KResult<usize> {
    let Some(&v) = values.get(index) else {
        return fail!(op, "{what} is missing (the geometry array has {} numbers)", values.len());
    };
    if !v.is_finite() || v.fract() != 0.0 || v < f64::from(min) || v > f64::from(u32::MAX) {
        let range = if min == 0 { "a non-negative integer" } else { "a positive integer" };
        return fail!(op, "{what} must be {range} of at most {}, got {v}", u32::MAX);
    }
    Ok(v as usize)
}

pub fn positive(op: &str, what: &str, values: &[f64], index: usize) -> KResult<usize> {
    integer(op, what, values, index, 1)
}

pub fn non_negative(op: &str, what: &str, values: &[f64], index: usize) -> KResult<usize> {
    integer(op, what, values, index, 0)
}

/// 0 or 1 read as a flag.
pub fn flag(op: &str, what: &str, values: &[f64], index: usize) -> KResult<bool> {
    match values.get(index) {
        Some(&0.0) => Ok(false),
        Some(&1.0) => Ok(true),
        Some(v) => fail!(op, "{what} must be 0 or 1, got {v}"),
        None => fail!(op, "{what} is missing (the argument array has {} numbers)", values.len()),
    }
}

/// The product of `factors`, or `None` when it overflows usize.
pub fn checked_product(factors: &[usize]) -> Option<usize> {
    factors.iter().try_fold(1usize, |acc, &f| acc.checked_mul(f))
}

/// The sum of `terms`, or `None` when it overflows usize.
pub fn checked_sum(terms: &[usize]) -> Option<usize> {
    terms.iter().try_fold(0usize, |acc, &t| acc.checked_add(t))
}

/// The product of `factors`, or an error naming `what` when it overflows usize.
pub fn product(op: &str, what: &str, factors: &[usize]) -> KResult<usize> {
    match checked_product(factors) {
        Some(total) => Ok(total),
        None => fail!(op, "{what} overflows: {factors:?} multiply past {}", usize::MAX),
    }
}

pub fn sum(op: &str, what: &str, terms: &[usize]) -> KResult<usize> {
    match checked_sum(terms) {
        Some(total) => Ok(total),
        None => fail!(op, "{what} overflows: {terms:?} add past {}", usize::MAX),
    }
}

/// Fails unless an array named `name` has exactly `needed` elements; `detail` says where `needed` came from.
pub fn expect_len(op: &str, name: &str, actual: usize, needed: usize, detail: &str) -> KResult<()> {
    if actual != needed {
        return fail!(op, "{name} has {actual} elements, geometry needs {needed} ({detail})");
    }
    Ok(())
}
