//! Evidence media for Learner Portfolio: photos and files imported safely and
//! fast into a content-addressed folder.
//!
//! A [`MediaStore`] owns one folder (the app uses `<data folder>/media/`):
//!
//! ```text
//! media/
//!   originals/<sha256[0..2]>/<sha256>        the bytes exactly as imported
//!   items/<sha256[0..2]>/<sha256>.json       the MediaItem (first import wins)
//!   derived/<sha256>/{thumb,screen,print}.jpg   (.png when the picture is see-through)
//! ```
//!
//! - **Content, never names**: JPEG, PNG, WebP and GIF (first frame) are
//!   recognised by their first bytes and decoded with `image` under
//!   [`image::Limits`]; the declared size, and the memory the decode would
//!   really take ([`decode_cost`]: bit depth and channels counted, against
//!   [`MAX_ALLOC`]), are checked *before* decoding.
//!   HEIC/HEIF is recognised by its `ftyp` brand and refused with a way out.
//!   Everything else (PDF, text, ...) is kept as a file attachment.
//! - **Safe**: a per-file size cap, decoder panics caught, originals written to
//!   a temporary file (`.tmp-*`, locked while written), fsync'd, then renamed
//!   into place; a refused file leaves nothing behind; what a killed import
//!   left is removed by [`MediaStore::sweep_leftovers`] (every sweep); the
//!   same bytes are stored once.
//! - **Private**: derivatives are re-encoded pixels with the EXIF orientation
//!   applied and no metadata at all (no GPS, no camera serial).
//! - **Fast**: one decode per picture, SIMD resizing (`fast_image_resize`),
//!   each smaller size made from the one before, [`MediaStore::import_many`]
//!   on several threads.
#![warn(missing_docs)]

mod error;
mod gc;
#[cfg(feature = "test-support")]
pub mod hostile;
mod render;
mod sniff;
mod store;

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use error::MediaError;
pub use gc::{SweepReport, Unreferenced, DEFAULT_GRACE, MARKS_FILE};
pub use render::{decode_cost, JPEG_QUALITY, MAX_ALLOC, MAX_SIDE};
pub use store::MediaStore;

/// The default per-file cap: 200 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 200 * 1000 * 1000;

/// Whether a stored item is a picture (with derivatives) or an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A decoded picture: width, height and three derivatives.
    Image,
    /// Any other file, kept byte-exact with no derivatives.
    File,
}

/// One stored file: what the lead keeps as a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    /// Lowercase hex SHA-256 of the original bytes (its address in the store).
    pub sha256: String,
    /// Picture or attachment.
    pub kind: MediaKind,
    /// MIME type from the content ("image/jpeg", "application/pdf", ...).
    pub mime: String,
    /// The file name as the learner had it (first import of these bytes).
    pub original_name: String,
    /// Size of the original in bytes.
    pub size: u64,
    /// Width in pixels as shown (EXIF orientation applied); `None` for files.
    pub width: Option<u32>,
    /// Height in pixels as shown (EXIF orientation applied); `None` for files.
    pub height: Option<u32>,
}

/// The three derivative sizes of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// 320 px on the long edge (lists, grids).
    Thumb,
    /// 1600 px on the long edge (viewing).
    Screen,
    /// 2400 px on the long edge (printing, exhibitions).
    Print,
}

impl Variant {
    /// Every variant, smallest first.
    pub const ALL: [Variant; 3] = [Variant::Thumb, Variant::Screen, Variant::Print];

    /// The long edge in pixels (pictures are never upscaled).
    pub fn long_edge(self) -> u32 {
        match self {
            Variant::Thumb => 320,
            Variant::Screen => 1600,
            Variant::Print => 2400,
        }
    }

    /// The file stem: "thumb", "screen" or "print".
    pub fn stem(self) -> &'static str {
        match self {
            Variant::Thumb => "thumb",
            Variant::Screen => "screen",
            Variant::Print => "print",
        }
    }
}

/// Options of one import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Largest file accepted, in bytes ([`DEFAULT_MAX_FILE_BYTES`] by default).
    pub max_file_bytes: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// Whether an import stored something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Newly stored.
    Added,
    /// These exact bytes were already stored: nothing was written.
    Duplicate,
}

/// The result of importing one file that was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The stored item (for a duplicate: as first stored, name included).
    pub item: MediaItem,
    /// New or already stored.
    pub status: ImportStatus,
    /// Something the learner should know although the file was accepted
    /// (e.g. a text file named `.jpg` was kept as an attachment, not a picture).
    pub notice: Option<String>,
}

/// Per-file outcome of [`MediaStore::import_many`].
#[derive(Debug)]
pub enum Outcome {
    /// Newly stored.
    Added {
        /// The stored item.
        item: MediaItem,
        /// See [`Imported::notice`].
        notice: Option<String>,
    },
    /// Already stored ("already stored"): nothing was written.
    Duplicate(MediaItem),
    /// Refused, with the reason for the learner; nothing was left behind.
    Refused {
        /// The path as given.
        path: PathBuf,
        /// Why.
        reason: MediaError,
    },
}

impl Outcome {
    /// The item, unless refused.
    pub fn item(&self) -> Option<&MediaItem> {
        match self {
            Outcome::Added { item, .. } | Outcome::Duplicate(item) => Some(item),
            Outcome::Refused { .. } => None,
        }
    }
}

/// Progress of [`MediaStore::import_many`], reported once per finished file
/// (from the worker threads).
#[derive(Debug, Clone)]
pub struct Progress {
    /// Files finished so far, this one included.
    pub done: usize,
    /// Files in the batch.
    pub total: usize,
    /// The file just finished.
    pub path: PathBuf,
    /// How long this file took.
    pub elapsed: Duration,
    /// Whether it was refused.
    pub refused: bool,
}
