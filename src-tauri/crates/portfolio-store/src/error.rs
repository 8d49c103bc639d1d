//! Errors of the store, written for the person who will read them.

use std::path::PathBuf;

use portfolio_domain::{Id, ValidationErrors};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (the app or the CLI) has the store open.
    #[error("The portfolio at {} is open in another program (the Learner Portfolio app or its command line). Close it and try again.", .path.display())]
    InUse {
        /// The store's folder.
        path: PathBuf,
    },
    /// The folder holds something that is not a Learner Portfolio store.
    #[error("{} is not a Learner Portfolio store: {reason}. Choose an empty folder or an existing portfolio.", .path.display())]
    NotAStore {
        /// The folder.
        path: PathBuf,
        /// Why it is not one.
        reason: String,
    },
    /// The store exists but could not be read.
    #[error("The portfolio at {} could not be read: {detail}. Your files have not been changed.", .path.display())]
    Unreadable {
        /// The store's folder.
        path: PathBuf,
        /// What the storage engine said.
        detail: String,
    },
    /// The store was written by a newer version of the app.
    #[error("The portfolio at {} was saved by a newer version of Learner Portfolio (format {found}; this version reads up to {supported}). Update the app to open it.", .path.display())]
    TooNew {
        /// The store's folder.
        path: PathBuf,
        /// Schema version found.
        found: u32,
        /// Newest schema version this build reads.
        supported: u32,
    },
    /// The input broke a validation rule.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// The record changed while it was being changed ([`crate::Store::modify`]
    /// retries; never reaches a user).
    #[error("The record was changed by someone else at the same moment. Try again.")]
    Changed,
    /// No record with that id.
    #[error("No {what} with id {id} exists (it may have been deleted).")]
    NotFound {
        /// What was looked for ("learner", "experience", ...).
        what: &'static str,
        /// The id asked for.
        id: Id,
    },
    /// No framework with that id.
    #[error("No learning-goal framework with id \u{201c}{0}\u{201d} exists.")]
    NoSuchFramework(String),
    /// A request that breaks a rule that is not about one field.
    #[error("{0}")]
    Refused(String),
    /// A showcase names something that may not be shown to its audience (a
    /// Private journal entry, a photo of other people not chosen on purpose).
    #[error("{message}")]
    NotShowable {
        /// Which item (`sections[0].items[2]`).
        field: String,
        /// One sentence saying why and what to do.
        message: String,
    },
    /// A stored record could not be decoded.
    #[error("A stored {what} ({key}) is damaged and could not be read: {detail}")]
    Damaged {
        /// The kind of record.
        what: String,
        /// Its key, printed.
        key: String,
        /// The decoder's message.
        detail: String,
    },
    /// The storage engine failed while reading or writing.
    #[error("Reading or writing the portfolio failed: {0}")]
    Engine(String),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Engine(e.to_string())
    }
}

/// Result type of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
