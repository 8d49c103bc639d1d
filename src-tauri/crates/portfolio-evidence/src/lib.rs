//! Evidence on records: files imported safely into the media folder
//! (`portfolio-media`: sniffed, size-capped, EXIF-oriented, metadata-free
//! derivatives, originals byte-exact by SHA-256) and attached to an
//! experience, a reflection, a goal, a plan goal or an exhibition item as an
//! [`Evidence`] entry (see [`Target`] for how a place is named).
//!
//! The media folder is opened by the caller (the application layer owns the
//! data folder's layout) and passed in as a `MediaStore`. A file is
//! stored once however often it is attached; removing evidence from a record
//! never deletes the file (another record may use it).
//!
//! A learner's own photo ([`set_learner_photo`]) lives in the same folder and
//! is kept, checked and cleaned up like evidence: `LearnerProfile::photo_sha256`
//! counts as a reference ([`referenced_files`], [`missing_files`]).
#![warn(missing_docs)]

mod attach;
mod files;
mod photo;
mod target;
mod viewing;

pub use attach::{attach_bytes, attach_bytes_to, attach_paths, AttachOutcome, FileResult};
pub use files::{collect_garbage, list, missing_files, referenced_files, EvidenceRow, EVIDENCE_KINDS};
pub use photo::{remove_learner_photo, set_learner_photo};
pub use portfolio_media::{SweepReport, Unreferenced, DEFAULT_GRACE};
pub use target::{Target, TARGET_KINDS};
pub use viewing::{derivative_path, is_inside, original_of, viewing_copy};

/// Why evidence could not be attached, listed or handed over. Each message
/// is one sentence a person understands.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] portfolio_store::StoreError),
    /// The media folder refused the file or failed.
    #[error(transparent)]
    Media(#[from] portfolio_media::MediaError),
    /// A file's name breaks a rule (control characters, too long).
    #[error(transparent)]
    Validation(#[from] portfolio_domain::ValidationErrors),
    /// The request cannot be done as asked (wrong place, not a picture, ...).
    #[error("{0}")]
    Refused(String),
    /// The evidence is not in this portfolio, or its file is gone.
    #[error("{0}")]
    NotFound(String),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Storage(String),
}

/// Result type of this crate.
pub type Result<T, E = EvidenceError> = std::result::Result<T, E>;

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

#[cfg(test)]
mod tests;
