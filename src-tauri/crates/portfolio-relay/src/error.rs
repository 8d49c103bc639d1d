//! The relay's errors.

use std::path::PathBuf;

/// What can stop the relay.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The listening address is taken or not allowed.
    #[error("The relay could not listen on {addr}: {reason}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        reason: String,
    },
    /// The data folder is not usable.
    #[error("The relay's data folder {path} is not usable: {reason}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A stored team manifest is damaged.
    #[error("The team file {path} is damaged: {reason}")]
    TeamFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
}
