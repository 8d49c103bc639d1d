//! Why an archive could not be written or was refused, one sentence each.

use portfolio_store::StoreError;

/// Everything that can go wrong while exporting or importing an archive.
///
/// Every refusal of an archive happens before anything is written: the
/// messages say so where it helps the reader.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Reading or writing a file failed.
    #[error("Could not use the file {path}: {}.", crate::clause(.detail))]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// Not a zip file (or a damaged one).
    #[error(
        "This file is not a Learner Portfolio archive: it is not a readable zip file ({}). Nothing was imported.", crate::clause(.0)
    )]
    NotAZip(String),
    /// The archive file itself is too large.
    #[error(
        "This archive is {size} bytes, more than the {limit} bytes Learner Portfolio accepts. Nothing was imported."
    )]
    ArchiveTooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Too many entries.
    #[error(
        "This archive has {count} entries, more than the {limit} Learner Portfolio accepts. Nothing was imported."
    )]
    TooManyEntries {
        /// Entries found.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry name that could escape the archive or is not portable.
    #[error("The archive contains an entry with an unsafe name (\u{201c}{0}\u{201d}); names must be relative paths without \u{201c}..\u{201d}, backslashes or drive letters. Nothing was imported.")]
    UnsafePath(String),
    /// A symbolic link entry.
    #[error("The archive contains a symbolic link (\u{201c}{0}\u{201d}), which portfolio archives never hold. Nothing was imported.")]
    Symlink(String),
    /// Two entries with the same name.
    #[error("The archive contains \u{201c}{0}\u{201d} more than once, so it is ambiguous. Nothing was imported.")]
    DuplicateEntry(String),
    /// An entry that expands far more than real portfolio data does.
    #[error("The entry \u{201c}{name}\u{201d} expands {ratio} times its stored size, which looks like a zip bomb. Nothing was imported.")]
    CompressionRatio {
        /// The entry.
        name: String,
        /// Uncompressed size / compressed size.
        ratio: u64,
    },
    /// One entry is larger than allowed.
    #[error(
        "The entry \u{201c}{name}\u{201d} is larger than the {limit} bytes one entry may have. Nothing was imported."
    )]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// The limit.
        limit: u64,
    },
    /// All entries together are larger than allowed (declared or actually read).
    #[error(
        "The archive unpacks to more than {limit} bytes, more than Learner Portfolio accepts. Nothing was imported."
    )]
    TotalTooLarge {
        /// The limit.
        limit: u64,
    },
    /// An entry holds more bytes than its header says.
    #[error("The entry \u{201c}{0}\u{201d} holds more data than its header declares; the archive is damaged or forged. Nothing was imported.")]
    LargerThanDeclared(String),
    /// No manifest.json.
    #[error("This file is not a Learner Portfolio archive: it has no manifest.json. Nothing was imported.")]
    MissingManifest,
    /// The manifest is not what it should be.
    #[error("The archive's manifest.json could not be read ({}). Nothing was imported.", crate::clause(.0))]
    BadManifest(String),
    /// The manifest names another format.
    #[error(
        "This file is not a Learner Portfolio archive (its manifest says \u{201c}{0}\u{201d}). Nothing was imported."
    )]
    WrongFormat(String),
    /// A newer archive format.
    #[error("This archive was saved by a newer version of Learner Portfolio (archive format {found}; this version reads up to {supported}). Update the app to import it.")]
    FormatTooNew {
        /// Format version found.
        found: u32,
        /// Newest this build reads.
        supported: u32,
    },
    /// Records of a newer schema.
    #[error("This archive was saved by a newer version of Learner Portfolio (record schema {found}; this version reads up to {supported}). Update the app to import it.")]
    SchemaTooNew {
        /// Schema version found.
        found: u32,
        /// Newest this build reads.
        supported: u32,
    },
    /// An entry the manifest does not list.
    #[error("The archive contains \u{201c}{0}\u{201d}, which its manifest does not list; it may have been altered. Nothing was imported.")]
    Unlisted(String),
    /// An entry the manifest lists but the archive lacks.
    #[error(
        "The archive's manifest lists \u{201c}{0}\u{201d}, but the archive does not contain it. Nothing was imported."
    )]
    MissingEntry(String),
    /// Size or SHA-256 differs from the manifest.
    #[error("The entry \u{201c}{0}\u{201d} does not match the checksum in the manifest; the archive is damaged or was altered. Nothing was imported.")]
    ChecksumMismatch(String),
    /// `records/<kind>/` with a kind this version does not know.
    #[error("The archive contains records of an unknown kind (\u{201c}{0}\u{201d}); it may come from a newer version of Learner Portfolio. Nothing was imported.")]
    UnknownKind(String),
    /// An entry outside the layout.
    #[error("The archive contains \u{201c}{0}\u{201d}, which is not part of a Learner Portfolio archive. Nothing was imported.")]
    UnknownEntry(String),
    /// `media/` entries in a format 1 archive (which carries none).
    #[error("The archive contains media (\u{201c}{0}\u{201d}), which this archive format does not carry yet; it may come from a newer version of Learner Portfolio. Nothing was imported.")]
    MediaNotSupported(String),
    /// A `media/` entry whose name is not a SHA-256.
    #[error("The archive contains \u{201c}{0}\u{201d}; media entries must be named by the SHA-256 of their content (64 lower-case hex digits). Nothing was imported.")]
    BadMediaName(String),
    /// A `media/` entry whose content does not have the SHA-256 it is named by.
    #[error("The media entry \u{201c}{0}\u{201d} does not match the SHA-256 it is named by; the archive is damaged or was altered. Nothing was imported.")]
    MediaMismatch(String),
    /// A `media/` entry no record of the archive refers to.
    #[error("The archive contains \u{201c}{0}\u{201d}, a media file that none of its records refers to; it may have been altered. Nothing was imported.")]
    UnreferencedMedia(String),
    /// The target's media folder refused or could not store an evidence file.
    #[error("The archive's evidence file \u{201c}{name}\u{201d} ({sha256}) could not be stored in the media folder: {detail} None of the archive's records were imported.")]
    MediaRefused {
        /// The file's name (from the evidence that refers to it).
        name: String,
        /// Its SHA-256.
        sha256: String,
        /// What the media folder said.
        detail: String,
        /// True when the disk failed rather than the content being refused.
        storage: bool,
    },
    /// An entry's JSON is not what its path says it is.
    #[error("The entry \u{201c}{name}\u{201d} could not be read: {}. Nothing was imported.", crate::clause(.detail))]
    BadEntry {
        /// The entry.
        name: String,
        /// What is wrong.
        detail: String,
    },
    /// The archive's content breaks a portfolio rule.
    #[error("The archive's content is not valid: {}. Nothing was imported.", crate::clause(.0))]
    Invalid(String),
    /// No learner in the archive.
    #[error("The archive holds no learner, so there is nothing to import.")]
    NoLearners,
    /// The learner exists and the caller did not say copy or merge.
    #[error("This portfolio already has {name}; import the archive as a copy or merge it. Nothing was imported.")]
    LearnerExists {
        /// The learner's name.
        name: String,
    },
    /// An archive record's id is already used by another learner's record.
    #[error("The archive's {kind} {id} has the same id as a record of another learner here; import the archive as a copy instead. Nothing was imported.")]
    IdClash {
        /// The kind.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Result type of this crate.
pub type Result<T, E = ArchiveError> = std::result::Result<T, E>;
