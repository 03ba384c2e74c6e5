//! The one error every use case returns. The web layer turns it into its HTTP envelope with a
//! single `From`; nothing above `app` needs to know the store's or the index's error types.

use bvctnb_core::case::Refusal;
use bvctnb_core::{FieldError, FieldErrors};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, naming the form fields (their paths; the page maps them to labels).
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The state machine does not allow the step now; the reason says what must come first.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// A rule of the procedure forbids it (carrier, routing, authority).
    #[error("{0}")]
    Forbidden(String),
    #[error("Không tìm thấy {0}")]
    NotFound(&'static str),
    /// A stale version, a duplicate, a tree change that does not fit.
    #[error("{0}")]
    Conflict(String),
    /// Stored data that does not read back (corrupt JSON, an unknown code): never a default.
    #[error("Dữ liệu lưu trong cơ sở dữ liệu bị hỏng: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Store(bvctnb_store::StoreError),
    #[error(transparent)]
    Search(#[from] bvctnb_search::SearchError),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Bad input in one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(FieldErrors(vec![FieldError { field: field.into(), message: message.into() }]))
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }

    /// The first field problem, for pages that show one message beside one field.
    pub fn field(&self) -> Option<&FieldError> {
        match self {
            Error::Invalid(f) => f.0.first(),
            _ => None,
        }
    }
}

impl From<bvctnb_store::StoreError> for Error {
    fn from(e: bvctnb_store::StoreError) -> Self {
        use bvctnb_store::StoreError as S;
        match e {
            S::NotFound { what, .. } => Error::NotFound(what),
            S::VersionConflict { .. } | S::Conflict(_) | S::OpenCase(_) => Error::Conflict(e.to_string()),
            S::Invalid(f) => Error::Invalid(f),
            S::Org(o) => Error::Conflict(o.to_string()),
            S::Corrupt(m) => Error::Corrupt(m),
            other => Error::Store(other),
        }
    }
}

impl From<bvctnb_core::org::OrgError> for Error {
    fn from(e: bvctnb_core::org::OrgError) -> Self {
        Error::Conflict(e.to_string())
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::Internal(format!("tác vụ nền bị lỗi: {e}"))
    }
}
