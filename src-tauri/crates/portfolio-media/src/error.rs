//! Errors of the media store, each one sentence a learner understands.

use std::path::PathBuf;

/// Why a file was refused, or why the media folder could not be used.
///
/// Every message names the file (as the learner called it) and says what to
/// do next where there is something to do.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The file has no content at all.
    #[error("“{name}” is empty (0 bytes), so there is nothing to import.")]
    Empty {
        /// The file's name.
        name: String,
    },
    /// The file is bigger than the per-file cap.
    #[error("“{name}” is {size_text}, more than the {limit_text} a single file can be: try a smaller copy (for a video, a shorter clip).")]
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size in bytes (at least; reading stops past the cap).
        size: u64,
        /// The cap in bytes.
        limit: u64,
        /// `size` for people ("250 MB").
        size_text: String,
        /// `limit` for people ("200 MB").
        limit_text: String,
    },
    /// The path is a folder.
    #[error("“{name}” is a folder, not a file: choose the files inside it instead.")]
    IsDirectory {
        /// The folder's name.
        name: String,
    },
    /// The file was not there (any more) when it was read.
    #[error("“{name}” could not be found: it may have been moved, renamed or deleted while it was being imported.")]
    Disappeared {
        /// The file's name.
        name: String,
    },
    /// The file could not be read (permissions, disk error, ...).
    #[error("“{name}” could not be read ({source}).")]
    Read {
        /// The file's name.
        name: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A HEIC/HEIF photo (iPhone's default), which cannot be decoded yet.
    #[error("“{name}”: HEIC photos can't be read yet: export it as JPEG (on iPhone: Settings → Camera → Formats → Most Compatible).")]
    Heic {
        /// The file's name.
        name: String,
    },
    /// The picture declares more pixels than allowed (checked before decoding).
    #[error("“{name}” says it is {width} × {height} pixels, bigger than the {max} × {max} pixels a picture can be here: make a smaller copy and import that.")]
    TooManyPixels {
        /// The file's name.
        name: String,
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// The largest side allowed.
        max: u32,
    },
    /// Reading the picture would take more memory than one picture may
    /// (bit depth and channels counted; checked before decoding).
    #[error("“{name}” is a {width} × {height} picture that would need about {needed_mb} MB of memory to read, more than the {limit_mb} MB one picture may use: make a smaller copy and import that.")]
    TooMuchMemory {
        /// The file's name.
        name: String,
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// What reading it would take, in MB.
        needed_mb: u64,
        /// The budget, in MB.
        limit_mb: u64,
    },
    /// The picture ends early (an unfinished download or copy).
    #[error("“{name}” is cut off: the picture is incomplete (perhaps an unfinished download or copy), so copy it again from where it came from.")]
    Truncated {
        /// The file's name.
        name: String,
    },
    /// The decoder failed (or panicked) on a damaged or unusual picture.
    #[error("“{name}”: this image could not be read; it may be damaged, so try opening it and saving it again in another program.")]
    Unreadable {
        /// The file's name.
        name: String,
        /// What the decoder said (for logs, not for the learner).
        detail: String,
    },
    /// Writing into the media folder failed.
    #[error("Learner Portfolio could not save “{name}” in its media folder {folder} ({source}).")]
    Write {
        /// The file's name.
        name: String,
        /// The media folder.
        folder: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The media folder could not be opened or created.
    #[error("The media folder {folder} could not be opened ({source}).")]
    Open {
        /// The media folder.
        folder: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// No stored file has this fingerprint.
    #[error("There is no stored file with the fingerprint {sha256}.")]
    NotStored {
        /// The SHA-256 asked for.
        sha256: String,
    },
    /// A derivative was asked for a stored file that is not a picture.
    #[error("“{name}” is kept as a file attachment, not a picture, so it has no preview sizes.")]
    NotAnImage {
        /// The stored file's name.
        name: String,
    },
}

impl MediaError {
    /// A stable snake_case code (for `ApiError` codes and tests).
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Empty { .. } => "empty_file",
            MediaError::TooLarge { .. } => "file_too_large",
            MediaError::IsDirectory { .. } => "is_directory",
            MediaError::Disappeared { .. } => "file_disappeared",
            MediaError::Read { .. } => "read_failed",
            MediaError::Heic { .. } => "heic_unsupported",
            MediaError::TooManyPixels { .. } | MediaError::TooMuchMemory { .. } => "too_many_pixels",
            MediaError::Truncated { .. } => "truncated_image",
            MediaError::Unreadable { .. } => "unreadable_image",
            MediaError::Write { .. } => "write_failed",
            MediaError::Open { .. } => "open_failed",
            MediaError::NotStored { .. } => "not_stored",
            MediaError::NotAnImage { .. } => "not_an_image",
        }
    }
}

/// Bytes for people: "512 bytes", "3.7 MB", "200 MB".
pub(crate) fn human_size(bytes: u64) -> String {
    const MB: f64 = 1_000_000.0;
    if bytes < 1_000 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1_000.0)
    } else if bytes < 10_000_000 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{:.0} MB", bytes as f64 / MB)
    }
}
