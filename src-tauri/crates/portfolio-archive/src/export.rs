//! Writing an archive.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::path::Path;

use chrono::Utc;
use portfolio_domain::{Id, RecordKind};
use portfolio_media::MediaStore;
use portfolio_store::{Store, SCHEMA_VERSION};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::{
    framework_file, is_media_name, referenced_media, sha256_hex, ArchiveError, Manifest, ManifestEntry, Result, FORMAT,
    FORMAT_VERSION, MANIFEST,
};

/// Whose portfolio to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One learner.
    Learner(Id),
    /// Every learner in the store.
    All,
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(value).map_err(|e| ArchiveError::Invalid(e.to_string()))?;
    v.push(b'\n');
    Ok(v)
}

fn zip_error(e: zip::result::ZipError) -> ArchiveError {
    ArchiveError::Io { path: "archive".into(), detail: e.to_string() }
}

/// What an export wrote besides the bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportReport {
    /// The archive's size in bytes.
    pub size: u64,
    /// Evidence files included as `media/<sha256>`.
    pub media: u32,
    /// Evidence files the records refer to that were not in the media folder
    /// (or no longer matched their SHA-256) and so are not in the archive;
    /// also listed in the manifest's `missing_media`.
    pub missing_media: Vec<String>,
}

/// Exports `scope` as `.lportfolio` bytes. `app_version` is recorded in the
/// manifest (the caller passes its own version, e.g. `env!("CARGO_PKG_VERSION")`).
///
/// Entries are in a fixed order (manifest, learners by id, records by kind in
/// `RecordKind::ALL` order then id, frameworks by id, media by SHA-256) with
/// fixed timestamps. See [`export_with_report`] for which media were missing.
pub fn export(store: &Store, media: &MediaStore, scope: Scope, app_version: &str) -> Result<Vec<u8>> {
    export_with_report(store, media, scope, app_version).map(|(bytes, _)| bytes)
}

/// Media files read for an export: `(SHA-256, original bytes)`, and the
/// SHA-256 of the ones that were missing.
type Media = (Vec<(String, Vec<u8>)>, Vec<String>);

/// Reads the original of every referenced evidence file from the media
/// folder: `(included, missing)`, both sorted by SHA-256. A file that
/// is absent, or whose bytes no longer match its SHA-256, is missing.
fn collect_media(media: &MediaStore, shas: impl Iterator<Item = String>) -> Result<Media> {
    let shas: BTreeSet<String> = shas.collect();
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for sha in shas {
        if !is_media_name(&sha) {
            missing.push(sha);
            continue;
        }
        let path = media.original_path(&sha);
        match std::fs::read(&path) {
            Ok(bytes) if sha256_hex(&bytes) == sha => found.push((sha, bytes)),
            Ok(_) => missing.push(sha),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(sha),
            Err(e) => return Err(ArchiveError::Io { path: path.display().to_string(), detail: e.to_string() }),
        }
    }
    Ok((found, missing))
}

/// Like [`export`], also saying which media were included and which were
/// missing from the media folder (the export still succeeds without them).
pub fn export_with_report(
    store: &Store,
    media: &MediaStore,
    scope: Scope,
    app_version: &str,
) -> Result<(Vec<u8>, ExportReport)> {
    let mut learners = match scope {
        Scope::Learner(id) => vec![store.learner(id)?],
        Scope::All => store.learners()?,
    };
    learners.sort_by_key(|l| l.id);

    // (path, bytes), in archive order (after the manifest).
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut counts = BTreeMap::new();
    let mut framework_ids = BTreeSet::new();
    let mut referenced = BTreeSet::new();
    for l in &learners {
        entries.push((format!("learners/{}.json", l.id), json(l)?));
        framework_ids.insert(l.profile.framework().to_string());
    }
    referenced.extend(referenced_media(&learners, []).into_keys());
    for kind in RecordKind::ALL {
        let mut records = Vec::new();
        for l in &learners {
            records.extend(store.list(l.id, kind, "")?);
        }
        records.sort_by_key(|r| r.meta().id);
        counts.insert(kind.plural().to_string(), records.len() as u64);
        referenced.extend(referenced_media([], &records).into_keys());
        for r in &records {
            entries.push((format!("records/{}/{}.json", kind.plural(), r.meta().id), json(r)?));
        }
    }
    let builtins: BTreeSet<String> = portfolio_domain::builtin_frameworks().into_iter().map(|f| f.id).collect();
    for id in framework_ids.iter().filter(|id| !builtins.contains(*id)) {
        // A learner may name a framework that was deleted; their tags still
        // show their ids, so the archive simply has no framework file for it.
        match store.framework(id) {
            Ok(f) => entries.push((framework_file(&f.id), json(&f)?)),
            Err(portfolio_store::StoreError::NoSuchFramework(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let (media, missing_media) = collect_media(media, referenced.into_iter())?;
    let media_count = media.len() as u32;
    entries.extend(media.into_iter().map(|(sha, bytes)| (format!("media/{sha}"), bytes)));

    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: app_version.into(),
        schema_version: SCHEMA_VERSION,
        created: Utc::now(),
        learners: learners.iter().map(|l| l.id).collect(),
        counts,
        entries: entries
            .iter()
            .map(|(path, bytes)| ManifestEntry {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
        missing_media: missing_media.clone(),
    };

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let manifest_bytes = json(&manifest)?;
    for (path, bytes) in std::iter::once((MANIFEST.to_string(), manifest_bytes)).chain(entries) {
        zip.start_file(path, options).map_err(zip_error)?;
        zip.write_all(&bytes).map_err(|e| ArchiveError::Io { path: "archive".into(), detail: e.to_string() })?;
    }
    let bytes = zip.finish().map_err(zip_error)?.into_inner();
    let report = ExportReport { size: bytes.len() as u64, media: media_count, missing_media };
    Ok((bytes, report))
}

/// Exports `scope` to the file `path`, atomically: the archive is written
/// beside it under a temporary name, synced, then renamed into place.
/// Returns the archive's size in bytes.
pub fn export_to_file(store: &Store, media: &MediaStore, scope: Scope, app_version: &str, path: &Path) -> Result<u64> {
    export_to_file_with_report(store, media, scope, app_version, path).map(|r| r.size)
}

/// Like [`export_to_file`], also saying which media were missing.
pub fn export_to_file_with_report(
    store: &Store,
    media: &MediaStore,
    scope: Scope,
    app_version: &str,
    path: &Path,
) -> Result<ExportReport> {
    let (bytes, report) = export_with_report(store, media, scope, app_version)?;
    let io = |e: std::io::Error| ArchiveError::Io { path: path.display().to_string(), detail: e.to_string() };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "archive".into());
    let tmp = path.with_file_name(format!(".{name}.partial"));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(report)
}
