//! The host ABI's return codes as an error type.

use std::fmt;

/// Why a host call (or reading its answer) failed. The first seven variants are the negative
/// return codes of host ABI v1; see [`Error::code`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// -1: the host could not use the arguments (bad pointer, JSON, address, port ...).
    Invalid,
    /// -2: the operator's grants do not allow it (domain, network, port, capability).
    Denied,
    /// -3: over a cap, or the buffer is too small for the answer.
    TooLarge,
    /// -4: nothing there (no such DNS name, no records of that type).
    NotFound,
    /// -5: the host failed (connection refused, I/O error ...).
    Internal,
    /// -6: the call ran out of time.
    Timeout,
    /// -7: unknown or closed handle.
    BadHandle,
    /// A negative code this SDK does not know (a newer host).
    Code(i32),
    /// The host answered something this SDK cannot read (reported as -5).
    BadResponse(String),
}

impl Error {
    /// The error for a negative return code; any other value is [`Error::Code`].
    pub fn from_code(code: i32) -> Error {
        match code {
            -1 => Error::Invalid,
            -2 => Error::Denied,
            -3 => Error::TooLarge,
            -4 => Error::NotFound,
            -5 => Error::Internal,
            -6 => Error::Timeout,
            -7 => Error::BadHandle,
            other => Error::Code(other),
        }
    }

    /// The ABI return code this error stands for.
    pub fn code(&self) -> i32 {
        match self {
            Error::Invalid => -1,
            Error::Denied => -2,
            Error::TooLarge => -3,
            Error::NotFound => -4,
            Error::Internal | Error::BadResponse(_) => -5,
            Error::Timeout => -6,
            Error::BadHandle => -7,
            Error::Code(code) => *code,
        }
    }

    /// The upper-case name used in summaries and logs (`DENIED`, `TIMEOUT` ...).
    pub fn name(&self) -> &'static str {
        match self {
            Error::Invalid => "INVALID",
            Error::Denied => "DENIED",
            Error::TooLarge => "TOO_LARGE",
            Error::NotFound => "NOT_FOUND",
            Error::Internal => "INTERNAL",
            Error::Timeout => "TIMEOUT",
            Error::BadHandle => "BAD_HANDLE",
            Error::Code(_) => "ERROR",
            Error::BadResponse(_) => "BAD_RESPONSE",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadResponse(why) => write!(f, "BAD_RESPONSE: {}", why),
            other => write!(f, "{} ({})", other.name(), other.code()),
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        let kind = match e {
            Error::Denied => std::io::ErrorKind::PermissionDenied,
            Error::Timeout => std::io::ErrorKind::TimedOut,
            Error::NotFound => std::io::ErrorKind::NotFound,
            Error::Invalid => std::io::ErrorKind::InvalidInput,
            _ => std::io::ErrorKind::Other,
        };
        std::io::Error::new(kind, e)
    }
}

/// A host return value as a byte count (or handle), or the error its negative code means.
pub(crate) fn check(rc: i32) -> Result<usize, Error> {
    if rc < 0 {
        Err(Error::from_code(rc))
    } else {
        Ok(rc as usize)
    }
}
