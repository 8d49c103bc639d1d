//! Evidence on records: files imported safely into the media folder
//! (`portfolio-media`: sniffed, size-capped, EXIF-oriented, metadata-free
//! derivatives, originals byte-exact by SHA-256) and attached to an
//! experience, a reflection or a goal as an [`Evidence`] entry.
//!
//! The media folder is `<data folder>/media`, beside the store. A file is
//! stored once however often it is attached; removing evidence from a record
//! never deletes the file (another record may use it).
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use portfolio_domain::{AnyRecord, ApiError, ErrorCode, Evidence, Id, RecordData, RecordKind};
use portfolio_media::{ImportOptions, ImportStatus, Imported, MediaError, MediaKind, MediaStore};
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The media folder for a store: `<data folder>/media`.
pub fn media_dir(store: &Store) -> PathBuf {
    store.path().parent().unwrap_or_else(|| store.path()).join("media")
}

/// Opens the media folder of a store.
pub fn open_media(store: &Store) -> Result<MediaStore, ApiError> {
    MediaStore::open(media_dir(store)).map_err(to_api)
}

/// A media error as the one error contract.
pub fn to_api(e: MediaError) -> ApiError {
    let code = match e.code() {
        "write_failed" | "open_failed" | "read_failed" => ErrorCode::Storage,
        _ => ErrorCode::InvalidInput,
    };
    ApiError::new(code, e.to_string())
}

/// What attaching one file did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachOutcome {
    /// `added` (new file), `duplicate` (file already stored, now attached
    /// here) or `already_attached` (this record already has it).
    pub status: String,
    /// The evidence entry.
    pub evidence: Evidence,
    /// The record after attaching.
    pub record: AnyRecord,
    /// Something worth knowing (e.g. a text file named .jpg is kept as a file).
    pub notice: Option<String>,
}

fn evidence_of(imported: &Imported) -> Evidence {
    let item = &imported.item;
    Evidence {
        sha256: item.sha256.clone(),
        name: item.original_name.clone(),
        kind: if item.kind == MediaKind::Image { "image".into() } else { "file".into() },
        mime: item.mime.clone(),
        size: item.size,
        ..Default::default()
    }
}

fn evidence_list(record: &mut RecordData) -> Result<&mut Vec<Evidence>, ApiError> {
    match record {
        RecordData::Experience(d) => Ok(&mut d.evidence),
        RecordData::Reflection(d) => Ok(&mut d.evidence),
        RecordData::Goal(d) => Ok(&mut d.evidence),
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Evidence can be attached to experiences, journal entries and goals.",
        )),
    }
}

fn attach_imported(store: &Store, kind: RecordKind, id: Id, imported: &Imported) -> Result<AttachOutcome, ApiError> {
    let record = store.get(kind, id)?;
    let mut data = record.data();
    let list = evidence_list(&mut data)?;
    let ev = evidence_of(imported);
    if let Some(existing) = list.iter().find(|e| e.sha256 == ev.sha256) {
        return Ok(AttachOutcome {
            status: "already_attached".into(),
            evidence: existing.clone(),
            record,
            notice: imported.notice.clone(),
        });
    }
    list.push(ev.clone());
    let record = store.update(id, data)?;
    let status = if imported.status == ImportStatus::Added { "added" } else { "duplicate" };
    Ok(AttachOutcome { status: status.into(), evidence: ev, record, notice: imported.notice.clone() })
}

/// Imports `bytes` (a file called `name`) and attaches it to record `id` of `kind`.
pub fn attach_bytes(
    store: &Store,
    media: &MediaStore,
    kind: RecordKind,
    id: Id,
    name: &str,
    bytes: &[u8],
) -> Result<AttachOutcome, ApiError> {
    store.get(kind, id)?;
    let imported = media.import_bytes_with(name, bytes, &ImportOptions::default()).map_err(to_api)?;
    attach_imported(store, kind, id, &imported)
}

/// One file's result from [`attach_paths`].
pub type FileResult = (PathBuf, Result<AttachOutcome, ApiError>);

/// Imports files from disk (on `workers` threads) and attaches each to the
/// record; one result per file, in order. A refused file does not stop the rest.
pub fn attach_paths(
    store: &Store,
    media: &MediaStore,
    kind: RecordKind,
    id: Id,
    paths: &[PathBuf],
    workers: usize,
) -> Result<Vec<FileResult>, ApiError> {
    store.get(kind, id)?;
    let outcomes = media.import_many(paths, &ImportOptions::default(), workers.max(1), |_| {});
    let mut out = Vec::new();
    for (path, outcome) in paths.iter().zip(outcomes) {
        let result = match outcome {
            portfolio_media::Outcome::Added { item, notice } => {
                attach_imported(store, kind, id, &Imported { item, status: ImportStatus::Added, notice })
            }
            portfolio_media::Outcome::Duplicate(item) => {
                attach_imported(store, kind, id, &Imported { item, status: ImportStatus::Duplicate, notice: None })
            }
            portfolio_media::Outcome::Refused { reason, .. } => Err(to_api(reason)),
        };
        out.push((path.clone(), result));
    }
    Ok(out)
}

/// One evidence entry and the record it is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvidenceRow {
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's id.
    pub record_id: Id,
    /// The record's title.
    pub record_title: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// Every piece of evidence of a learner, by record (newest records first).
pub fn list(store: &Store, learner: Id) -> Result<Vec<EvidenceRow>, ApiError> {
    let mut out = Vec::new();
    for kind in [RecordKind::Experience, RecordKind::Reflection, RecordKind::Goal] {
        for r in store.list(learner, kind, "")? {
            let mut data = r.data();
            if let Ok(list) = evidence_list(&mut data) {
                for e in list.iter() {
                    out.push(EvidenceRow {
                        kind,
                        record_id: r.meta().id,
                        record_title: r.title().to_string(),
                        evidence: e.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Evidence whose file is missing from the media folder, one sentence each
/// (the start-up integrity check reports them; nothing is deleted).
pub fn missing_files(store: &Store, media: &MediaStore) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for l in store.learners()? {
        for row in list(store, l.id)? {
            let e = &row.evidence;
            if e.kind != "link" && !media.original_path(&e.sha256).is_file() {
                out.push(format!(
                    "The file \u{201c}{}\u{201d} attached to {} \u{201c}{}\u{201d} is missing from {}.",
                    e.name,
                    row.kind.as_str(),
                    row.record_title,
                    media.root().display()
                ));
            }
        }
    }
    Ok(out)
}

/// The file to show for evidence `sha256` in `variant` (`thumb`, `screen`,
/// `print`), made again if it is missing.
pub fn derivative_path(media: &MediaStore, sha256: &str, variant: &str) -> Result<PathBuf, ApiError> {
    let v = match variant {
        "thumb" => portfolio_media::Variant::Thumb,
        "screen" => portfolio_media::Variant::Screen,
        "print" => portfolio_media::Variant::Print,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("Unknown image size \u{201c}{variant}\u{201d}."),
            ))
        }
    };
    media.derivative(sha256, v).map_err(to_api)
}

/// True when `p` is inside `root` (used by the app's media protocol).
pub fn is_inside(root: &Path, p: &Path) -> bool {
    match (root.canonicalize(), p.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::{AuthorRole, LearnerProfile};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn photos_attach_once_survive_and_list() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path().join("store")).unwrap();
        let media = open_media(&store).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let exp = store
            .create(
                l.id,
                AuthorRole::Student,
                RecordData::from_json(
                    RecordKind::Experience,
                    serde_json::json!({"title": "Clinic", "start_date": "2026-09-01"}),
                )
                .unwrap(),
            )
            .unwrap();
        let id = exp.meta().id;
        let photo = jpeg(800, 600);
        let first = attach_bytes(&store, &media, RecordKind::Experience, id, "prototype.jpg", &photo).unwrap();
        assert_eq!(first.status, "added");
        assert_eq!(first.evidence.kind, "image");
        let again = attach_bytes(&store, &media, RecordKind::Experience, id, "copy.jpg", &photo).unwrap();
        assert_eq!(again.status, "already_attached");
        let AnyRecord::Experience(e) = store.get(RecordKind::Experience, id).unwrap() else { panic!() };
        assert_eq!(e.data.evidence.len(), 1);
        assert_eq!(std::fs::read(media.original_path(&first.evidence.sha256)).unwrap(), photo, "original byte-exact");
        let thumb = derivative_path(&media, &first.evidence.sha256, "thumb").unwrap();
        assert!(is_inside(media.root(), &thumb));
        let rows = list(&store, l.id).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].record_title, "Clinic");
        assert!(missing_files(&store, &media).unwrap().is_empty());
        std::fs::remove_file(media.original_path(&first.evidence.sha256)).unwrap();
        let missing = missing_files(&store, &media).unwrap();
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].starts_with(
                "The file \u{201c}prototype.jpg\u{201d} attached to experience \u{201c}Clinic\u{201d} is missing"
            ),
            "{missing:?}"
        );
        // A refused file says why and attaches nothing.
        let err = attach_bytes(&store, &media, RecordKind::Experience, id, "empty.jpg", b"").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(list(&store, l.id).unwrap().len(), 1);
    }
}
