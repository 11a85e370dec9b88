//! The one error that leaves the use cases; each adapter maps it once (problem+json, a page in
//! the reader's language, a CLI message).

use bayanihan_domain::{Conflict, Invalid};
use bayanihan_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nobody is signed in, and this needs someone.
    #[error("sign in required")]
    Unauthenticated,
    /// Signed in, but not allowed; the message says what was refused.
    #[error("{0}")]
    NotPermitted(String),
    /// Nothing has this id.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The input, field by field.
    #[error(transparent)]
    Invalid(Invalid),
    /// Clashes with what is recorded (the organization would be left without an admin, the
    /// cycle is closed, less is left than asked for …).
    #[error("{0}")]
    Conflict(Conflict),
    /// The e-mail address or the password is not right.
    #[error("wrong e-mail address or password")]
    WrongCredentials,
    /// Too many failed sign-ins: wait this many seconds.
    #[error("too many attempts")]
    TooManyAttempts(u64),
    /// A fault that is nobody's input (a hashing task that failed …).
    #[error("internal error: {0}")]
    Internal(String),
    /// The store failed (unavailable, corrupt data …).
    #[error(transparent)]
    Store(StoreError),
}

impl From<Conflict> for AppError {
    fn from(c: Conflict) -> Self {
        AppError::Conflict(c)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Invalid(i) => AppError::Invalid(i),
            StoreError::Forbidden(m) => AppError::NotPermitted(m),
            StoreError::Conflict(m) => AppError::Conflict(m),
            other => AppError::Store(other),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::Invalid(e)
    }
}
