//! The one error contract every front end speaks: `{code, message, fields}`.
//!
//! The desktop app sends it across IPC and the CLI prints it with `--json`.
//! `code` is stable (the UI matches on it); `message` is a sentence for a person;
//! `fields` lists per-field problems for inline validation messages.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{FieldError, ValidationErrors};

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
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError { code: ErrorCode::Validation, message: e.to_string(), fields: e.0 }
    }
}

/// What the app tells its window at start: version, where the data is, and
/// whether the store opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The app's version.
    pub version: String,
    /// The data folder in use.
    pub data_dir: String,
    /// Why the store could not be opened, if it could not.
    pub store_error: Option<ApiError>,
}
