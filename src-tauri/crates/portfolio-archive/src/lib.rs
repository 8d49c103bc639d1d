//! The `.lportfolio` archive: a learner's whole portfolio in one file.
//! "Nothing lost, nothing locked in."
//!
//! An archive is a zip (deflate) holding human-readable JSON, specified in
//! `FORMAT.md` beside this crate:
//!
//! ```text
//! manifest.json                      format, versions, counts, SHA-256 + size of every other entry
//! learners/<learner id>.json         Learner
//! records/<kind plural>/<id>.json    AnyRecord (every RecordKind::ALL kind)
//! frameworks/<framework id>.json     the user frameworks the learners use (never built-ins)
//! media/<sha256>                     evidence originals and learners' photos (format 2), named by their SHA-256
//! ```
//!
//! Design:
//! - [`export`] reads through the store's public API and writes entries in a
//!   fixed order with fixed timestamps, so two exports of the same data differ
//!   only in the manifest's `created`.
//! - [`read_archive`] is the gate: it checks every entry's name, type and
//!   declared sizes *before* decompressing anything (unsafe paths, symlinks,
//!   duplicates, compression ratio, size caps), then reads each entry with a hard
//!   cap, checks it against the manifest (size + SHA-256), parses it and
//!   validates it. Media entries come last and only once the records say
//!   they are referenced (an unreferenced one is refused unread); each is
//!   hashed while it is copied to a temporary file ([`StagedFile`]), never
//!   held in memory. [`read_archive_file`] reads from the file itself. It
//!   touches no store.
//! - Change times more than [`MAX_CLOCK_SKEW`] in the future are clamped to
//!   when the archive was made, with a warning in [`ImportReport::warnings`];
//!   records pointing at another learner's records are refused.
//! - [`import`] plans the whole import against the store (mode, conflicts, id
//!   clashes, the cross-record rules on the final set of records) and only then
//!   writes, through the store's validated API (`put_learner`, `restore`,
//!   `save_framework`), followed by one `flush`. Should the store still refuse
//!   midway (disk full, a concurrent writer), what was written is undone.
//!
//! Invariants:
//! - a refused archive leaves the store unchanged;
//! - importing into a store without the learner gives records deep-equal to
//!   the exported ones (badge originals are bytes inside badge records, so
//!   they round-trip byte-exact);
//! - evidence originals and learners' photos (`profile.photo_sha256`) travel
//!   as `media/<sha256>` (format 2) and are written into the target's media
//!   folder before any learner or record;
//! - nothing here panics on archive bytes.
#![warn(missing_docs)]

pub mod backup;
mod error;
mod export;
mod import;
mod read;
mod sanity;
mod stage;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use error::{ArchiveError, Result};
pub use export::{export, export_to_file, export_to_file_with_report, export_with_report, ExportReport, Scope};
pub use import::{
    import, import_file, import_with, plan_import, plan_import_file, preview, Conflict, ImportMode, ImportPlan,
    ImportReport, LearnerOutcome,
};
pub use read::{read_archive, read_archive_file, Archive};
pub use sanity::MAX_CLOCK_SKEW;
pub use stage::StagedFile;

/// The manifest's `format` value.
pub const FORMAT: &str = "learner-portfolio-archive";
/// The archive format version this build writes and the newest it reads.
/// Version 2 added `media/<sha256>` entries and `missing_media`; version 1
/// archives (no media) are still read.
pub const FORMAT_VERSION: u32 = 2;
/// The first format version that carries `media/` entries.
pub const MEDIA_FORMAT_VERSION: u32 = 2;
/// The usual file extension (without the dot).
pub const EXTENSION: &str = "lportfolio";
/// The manifest's entry name.
pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: what the archive is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The archive format version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The version of the app that wrote it.
    pub app_version: String,
    /// The record schema version (`portfolio_store::SCHEMA_VERSION`).
    pub schema_version: u32,
    /// When the archive was made (UTC).
    pub created: DateTime<Utc>,
    /// The learners' ids, in entry order.
    pub learners: Vec<portfolio_domain::Id>,
    /// Records per kind (plural kind name → count), every kind present.
    pub counts: BTreeMap<String, u64>,
    /// Every other entry, in archive order.
    pub entries: Vec<ManifestEntry>,
    /// SHA-256 of evidence files the records refer to that were not in the
    /// media folder when the archive was written (so the archive lacks them).
    /// Absent in format 1.
    #[serde(default)]
    pub missing_media: Vec<String>,
}

/// One entry of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Its name inside the zip.
    pub path: String,
    /// Its size in bytes (uncompressed).
    pub size: u64,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
}

/// Caps that keep a hostile archive from exhausting memory or disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest archive file accepted (compressed).
    pub max_archive_bytes: u64,
    /// Largest total of all entries, uncompressed (declared and actually read).
    pub max_total_bytes: u64,
    /// Largest single entry, uncompressed.
    pub max_entry_bytes: u64,
    /// Most entries.
    pub max_entries: usize,
    /// Entries larger than this are subject to [`Limits::max_ratio`].
    pub ratio_threshold_bytes: u64,
    /// Largest uncompressed : compressed ratio for large entries.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_archive_bytes: 2 << 30,
            max_total_bytes: 2 << 30,
            max_entry_bytes: 256 << 20,
            max_entries: 500_000,
            ratio_threshold_bytes: 1 << 20,
            max_ratio: 100,
        }
    }
}

/// `detail` as a clause inside a longer sentence: without the full stop it
/// may end with, so that a message never ends with two.
pub(crate) fn clause(detail: impl std::fmt::Display) -> String {
    detail.to_string().trim_end().trim_end_matches('.').to_string()
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// True for 64 lower-case hex digits: a media entry's name.
pub(crate) fn is_media_name(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The files `learners` (their photos) and `records` refer to: SHA-256 →
/// a name for it (the first evidence name; `photo of <name>` for a photo only): every
/// file a record refers to, see `AnyRecord::referenced_files` (plan goals
/// and exhibition items too; links have no file).
pub(crate) fn referenced_media<'a>(
    learners: impl IntoIterator<Item = &'a portfolio_domain::Learner>,
    records: impl IntoIterator<Item = &'a portfolio_domain::AnyRecord>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let photos: Vec<(String, String)> = learners
        .into_iter()
        .filter_map(|l| l.profile.photo().map(|sha| (sha.to_string(), format!("photo of {}", l.profile.name))))
        .collect();
    for r in records {
        for e in r.referenced_files() {
            out.entry(e.sha256.clone()).or_insert_with(|| e.name.clone());
        }
    }
    for (sha, name) in photos {
        out.entry(sha).or_insert(name);
    }
    out
}

/// The entry name of a framework: its id when that is a plain name, else
/// `x-` and the id's UTF-8 bytes in hex.
pub(crate) fn framework_file(id: &str) -> String {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && !id.starts_with("x-")
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        format!("frameworks/{id}.json")
    } else {
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        format!("frameworks/x-{hex}.json")
    }
}
