//! The one error type of the kernels: a message that names the op and the argument.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelError(pub String);

pub type KResult<T> = Result<T, KernelError>;

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KernelError {}

/// `fail!(op, "x has {} elements", n)` builds an `Err(KernelError("op: x has … elements"))`.
#[macro_export]
macro_rules! fail {
    ($op:expr, $($arg:tt)*) => {
        Err($crate::error::KernelError(format!("{}: {}", $op, format!($($arg)*))))
    };
}
