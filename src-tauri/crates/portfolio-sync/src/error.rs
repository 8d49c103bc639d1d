//! The errors of the sync engine, in sentences a person understands.

use std::path::PathBuf;

/// Everything that can go wrong while syncing.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The device key file could not be read or written.
    #[error("The device key in {path} could not be {action}: {reason}")]
    KeyFile {
        /// Where the key lives.
        path: PathBuf,
        /// "read", "saved", ...
        action: &'static str,
        /// Why.
        reason: String,
    },
    /// No device key exists yet in the folder.
    #[error("This device has no key yet in {0}; create one first.")]
    NoKey(PathBuf),
    /// A `did:key` string is not an Ed25519 did:key.
    #[error("\u{201c}{0}\u{201d} is not an Ed25519 did:key identifier.")]
    BadDid(String),
    /// A signature did not verify.
    #[error("The signature is not valid: {0}")]
    BadSignature(String),
    /// A record may not go into this document (visibility rule).
    #[error("{0}")]
    NotShared(String),
    /// The document's contents are not what this app writes.
    #[error("The shared document is damaged or from a newer version: {0}")]
    Document(String),
    /// Automerge refused an operation.
    #[error("The shared document could not be changed: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    /// A relay address is not a `ws://` or `wss://` URL.
    #[error("\u{201c}{0}\u{201d} is not a relay address (ws://HOST:PORT or wss://HOST).")]
    BadUrl(String),
    /// The relay could not be reached or refused this device.
    #[error("The relay at {url} is unreachable or refused this device: {reason}")]
    Relay {
        /// The relay.
        url: String,
        /// Why.
        reason: String,
    },
    /// A document id is malformed.
    #[error("\u{201c}{0}\u{201d} is not a document id.")]
    BadDocumentId(String),
    /// The sync engine was stopped.
    #[error("The sync engine has stopped.")]
    Stopped,
    /// A sled error in the document storage tree.
    #[error("The local document storage failed: {0}")]
    Storage(#[from] sled::Error),
    /// A JSON error.
    #[error("A shared value could not be read as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<samod::Stopped> for SyncError {
    fn from(_: samod::Stopped) -> Self {
        SyncError::Stopped
    }
}

/// Result with [`SyncError`].
pub type Result<T, E = SyncError> = std::result::Result<T, E>;
