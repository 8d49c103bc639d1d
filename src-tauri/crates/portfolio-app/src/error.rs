//! The one error contract every front end speaks, `{code, message, fields}`,
//! and the one place where each core crate's error becomes it.
//!
//! The desktop app sends [`ApiError`] across IPC and the CLI prints it with
//! `--json`. `code` is stable (the UI matches on it); `message` is a sentence
//! for a person; `fields` lists per-field problems for inline messages. Core
//! crates have their own `thiserror` errors and know nothing of this type.

use portfolio_archive::ArchiveError;
use portfolio_backpack::BackpackError;
use portfolio_documents::DocumentError;
use portfolio_domain::{FieldError, ValidationErrors};
use portfolio_evidence::EvidenceError;
use portfolio_interchange::InterchangeError;
use portfolio_media::MediaError;
use portfolio_showcase::ShowcaseError;
use portfolio_store::StoreError;
use portfolio_sync::SyncError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable error codes. New codes may be added; existing ones never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The input broke a rule; `fields` says which.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The input could not be understood (bad JSON, bad id, wrong kind).
    InvalidInput,
    /// The store is open in another program (the app or the CLI).
    StoreInUse,
    /// The folder is not a Learner Portfolio store, or the store is damaged.
    StoreUnreadable,
    /// The store was written by a newer version of the app.
    StoreTooNew,
    /// Reading or writing the disk failed.
    Storage,
    /// The store could not be opened when the app started.
    StoreUnavailable,
    /// The team's relay could not be reached, or it refused this device.
    RelayUnreachable,
    /// A showcase names something its audience may not see (a Private
    /// journal entry, a photo of other people not included on purpose);
    /// `fields` names the item.
    NotShowable,
    /// A bug: something that should not happen.
    Internal,
}

impl ErrorCode {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::InvalidInput => "invalid_input",
            Self::StoreInUse => "store_in_use",
            Self::StoreUnreadable => "store_unreadable",
            Self::StoreTooNew => "store_too_new",
            Self::Storage => "storage",
            Self::StoreUnavailable => "store_unavailable",
            Self::RelayUnreachable => "relay_unreachable",
            Self::NotShowable => "not_showable",
            Self::Internal => "internal",
        }
    }
}

/// An error as front ends see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct ApiError {
    /// Stable code to match on.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: String,
    /// Per-field problems (only for `validation`).
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// An error with no field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), fields: Vec::new() }
    }

    /// `invalid_input` with `message`.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, message)
    }

    /// `storage` with `message`.
    pub fn storage(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Storage, message)
    }

    /// `not_showable`: the showcase item at `field` may not be shown.
    pub fn not_showable(field: String, message: String) -> Self {
        ApiError { code: ErrorCode::NotShowable, message: message.clone(), fields: vec![FieldError { field, message }] }
    }

    /// `internal` with `message` (a bug).
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Internal, message)
    }
}

/// Result of every use case.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError { code: ErrorCode::Validation, message: e.to_string(), fields: e.0 }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::InUse { .. } => ErrorCode::StoreInUse,
            StoreError::NotAStore { .. } | StoreError::Unreadable { .. } => ErrorCode::StoreUnreadable,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::Validation(v) => return ApiError::from(v.clone()),
            StoreError::NotShowable { field, message } => {
                return ApiError::not_showable(field.clone(), message.clone())
            }
            StoreError::NotFound { .. } | StoreError::NoSuchFramework(_) => ErrorCode::NotFound,
            StoreError::Refused(_) => ErrorCode::InvalidInput,
            StoreError::Damaged { .. } | StoreError::Engine(_) | StoreError::Changed => ErrorCode::Storage,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> Self {
        let code = match e.code() {
            "write_failed" | "open_failed" | "read_failed" => ErrorCode::Storage,
            _ => ErrorCode::InvalidInput,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<ArchiveError> for ApiError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::Store(s) => ApiError::from(s),
            ArchiveError::Io { .. } | ArchiveError::MediaRefused { storage: true, .. } => {
                ApiError::storage(e.to_string())
            }
            other => ApiError::invalid(other.to_string()),
        }
    }
}

impl From<EvidenceError> for ApiError {
    fn from(e: EvidenceError) -> Self {
        match e {
            EvidenceError::Store(s) => s.into(),
            EvidenceError::Media(m) => m.into(),
            EvidenceError::Validation(v) => v.into(),
            EvidenceError::Refused(m) => ApiError::invalid(m),
            EvidenceError::NotFound(m) => ApiError::new(ErrorCode::NotFound, m),
            EvidenceError::Storage(m) => ApiError::storage(m),
        }
    }
}

impl From<BackpackError> for ApiError {
    fn from(e: BackpackError) -> Self {
        match e {
            BackpackError::Store(s) => s.into(),
            BackpackError::Validation(v) => v.into(),
            BackpackError::Refused(m) => ApiError::invalid(m),
            BackpackError::NotFound(m) => ApiError::new(ErrorCode::NotFound, m),
            BackpackError::Storage(m) => ApiError::storage(m),
            BackpackError::Internal(m) => ApiError::internal(m),
        }
    }
}

impl From<InterchangeError> for ApiError {
    fn from(e: InterchangeError) -> Self {
        match e {
            InterchangeError::Store(s) => s.into(),
            InterchangeError::Write(_) => ApiError::internal(e.to_string()),
            other => ApiError::invalid(other.to_string()),
        }
    }
}

impl From<DocumentError> for ApiError {
    fn from(e: DocumentError) -> Self {
        match e {
            DocumentError::Store(s) => s.into(),
            DocumentError::Missing(m) => ApiError::new(ErrorCode::NotFound, m),
        }
    }
}

impl From<ShowcaseError> for ApiError {
    fn from(e: ShowcaseError) -> Self {
        match e {
            ShowcaseError::Store(s) => s.into(),
            ShowcaseError::NotFound(m) => ApiError::new(ErrorCode::NotFound, m),
            ShowcaseError::NotShowable { field, message } => ApiError::not_showable(field, message),
            ShowcaseError::Refused(m) => ApiError::invalid(m),
            ShowcaseError::Media(_) | ShowcaseError::Write { .. } => ApiError::storage(e.to_string()),
        }
    }
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> Self {
        let code = match &e {
            SyncError::KeyFile { .. } | SyncError::Stopped => ErrorCode::Storage,
            SyncError::NoKey(_) | SyncError::BadDocumentId(_) => ErrorCode::NotFound,
            SyncError::Document(_) => ErrorCode::StoreUnreadable,
            SyncError::Relay { .. } => ErrorCode::RelayUnreachable,
            _ => ErrorCode::InvalidInput,
        };
        ApiError::new(code, e.to_string())
    }
}
