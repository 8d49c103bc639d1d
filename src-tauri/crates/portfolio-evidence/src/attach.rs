//! Importing files and attaching them: one read-modify-write per record.

use std::path::PathBuf;

use portfolio_domain::{AnyRecord, Evidence, Id, RecordKind};
use portfolio_media::{ImportOptions, ImportStatus, Imported, MediaKind, MediaStore};
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{EvidenceError, Result, Target, TARGET_KINDS};

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

/// Refuses a file name the record could not keep (checked before the file is
/// stored, so a refusal leaves nothing behind).
pub(crate) fn check_name(name: &str) -> Result<()> {
    let mut c = portfolio_domain::validate::Checker::new();
    c.short("name", "The file's name", name);
    Ok(c.finish()?)
}

/// Attaches an imported file at `target` as one read-modify-write of the
/// record ([`Store::modify`]): a concurrent change to the same record (another
/// file attached at the same moment) is never lost.
fn attach_imported(store: &Store, target: &Target, imported: &Imported) -> Result<AttachOutcome> {
    let ev = evidence_of(imported);
    let (mut existing, mut refusal) = (None, None);
    let record = store.modify(target.kind, target.id, |record| {
        (existing, refusal) = (None, None);
        let mut data = record.data();
        let list = match target.slot(record) {
            Ok(slot) => data.evidence_mut(&slot),
            Err(e) => {
                refusal = Some(e);
                return Ok(None);
            }
        };
        let Some(list) = list else {
            refusal = Some(EvidenceError::Refused(TARGET_KINDS.into()));
            return Ok(None);
        };
        if let Some(e) = list.iter().find(|e| e.sha256 == ev.sha256) {
            existing = Some(e.clone());
            return Ok(None);
        }
        list.push(ev.clone());
        Ok(Some(data))
    })?;
    if let Some(e) = refusal {
        return Err(e);
    }
    let notice = imported.notice.clone();
    Ok(match existing {
        Some(evidence) => AttachOutcome { status: "already_attached".into(), evidence, record, notice },
        None => {
            let status = if imported.status == ImportStatus::Added { "added" } else { "duplicate" };
            AttachOutcome { status: status.into(), evidence: ev, record, notice }
        }
    })
}

/// Imports `bytes` (a file called `name`) and attaches it to record `id` of `kind`.
pub fn attach_bytes(
    store: &Store,
    media: &MediaStore,
    kind: RecordKind,
    id: Id,
    name: &str,
    bytes: &[u8],
) -> Result<AttachOutcome> {
    attach_bytes_to(store, media, &Target::record(kind, id), name, bytes)
}

/// Imports `bytes` (a file called `name`) and attaches it at `target`.
pub fn attach_bytes_to(
    store: &Store,
    media: &MediaStore,
    target: &Target,
    name: &str,
    bytes: &[u8],
) -> Result<AttachOutcome> {
    target.slot(&store.get(target.kind, target.id)?)?;
    check_name(name)?;
    let imported = media.import_bytes_with(name, bytes, &ImportOptions::default())?;
    attach_imported(store, target, &imported)
}

/// One file's outcome in [`attach_paths`]: its path and what happened.
pub type FileResult = (PathBuf, Result<AttachOutcome>);

/// Imports files from disk (on `workers` threads) and attaches each at
/// `target`; one result per file, in order. A refused file does not stop the rest.
pub fn attach_paths(
    store: &Store,
    media: &MediaStore,
    target: &Target,
    paths: &[PathBuf],
    workers: usize,
) -> Result<Vec<FileResult>> {
    target.slot(&store.get(target.kind, target.id)?)?;
    // Names the record could not keep are refused before anything is stored.
    let name_of = |p: &PathBuf| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (good, bad): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| check_name(&name_of(p)).is_ok());
    let mut outcomes = media.import_many(&good, &ImportOptions::default(), workers.max(1), |_| {}).into_iter();
    let mut out = Vec::new();
    for path in paths {
        let result = if bad.contains(&path) {
            Err(check_name(&name_of(path))
                .err()
                .unwrap_or_else(|| EvidenceError::Refused("This file's name cannot be kept.".into())))
        } else {
            match outcomes.next() {
                Some(portfolio_media::Outcome::Added { item, notice }) => {
                    attach_imported(store, target, &Imported { item, status: ImportStatus::Added, notice })
                }
                Some(portfolio_media::Outcome::Duplicate(item)) => {
                    attach_imported(store, target, &Imported { item, status: ImportStatus::Duplicate, notice: None })
                }
                Some(portfolio_media::Outcome::Refused { reason, .. }) => Err(reason.into()),
                None => Err(EvidenceError::Storage("The file was not imported.".into())),
            }
        };
        out.push((path.clone(), result));
    }
    Ok(out)
}
