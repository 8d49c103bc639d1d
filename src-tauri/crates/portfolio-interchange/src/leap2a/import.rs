//! Importing a parsed Leap2A file into the store: files into the media
//! folder first (through the media store's safe import, which makes the
//! thumbnails), then the learner and records, all or nothing.
//!
//! Ids come from the export: the learner's from [`Leap2aImport::source`],
//! each record's from the learner and its Leap2A entry id (a version 8 UUID
//! made of a SHA-256). Importing the same export again therefore finds the
//! learner and every record already there and adds nothing; a later export
//! of the same Mahara account adds only what is new. Records already there
//! are left as they are (the learner may have changed them since).

use std::collections::HashMap;

use chrono::Utc;
use portfolio_domain::{AnyRecord, AuthorRole, Evidence, Id, Learner, RecordData, RecordMeta};
use portfolio_media::{ImportOptions, MediaKind, MediaStore};
use portfolio_store::Store;
use sha2::{Digest, Sha256};

use super::convert::Leap2aImport;
use super::mahara::{loose_files_body, LOOSE_FILES};
use super::read::{read_leap2a, ZipFiles};
use super::Limits;
use crate::{InterchangeError, Result};

/// What an import did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leap2aImportReport {
    /// The learner (new, or found from an earlier import of the same person).
    pub learner: Learner,
    /// Whether the learner was created by this import.
    pub new_learner: bool,
    /// Experiences created.
    pub experiences: usize,
    /// Journal entries created (pages, collections and loose files included).
    pub reflections: usize,
    /// Goals created.
    pub goals: usize,
    /// Badges created.
    pub badges: usize,
    /// Mahara pages in the export kept as journal entries.
    pub pages: usize,
    /// Mahara collections in the export kept as journal entries.
    pub collections: usize,
    /// Comments in the export kept as notes.
    pub comments: usize,
    /// Files stored in the media folder and attached (the profile picture included).
    pub files: usize,
    /// Records already there from an earlier import of this export (left unchanged).
    pub already_imported: usize,
    /// Files named in the export that were not imported (missing or refused).
    pub files_skipped: usize,
    /// Names of files the export names but does not include.
    pub missing_files: Vec<String>,
    /// What was not imported, one sentence an item.
    pub skipped: Vec<String>,
}

impl Leap2aImportReport {
    /// The report as sentences for a person: what arrived, then what did not.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Imported {} experiences, {} journal entries, {} goals, {} badges and {} files for {}{}.",
            self.experiences,
            self.reflections,
            self.goals,
            self.badges,
            self.files,
            self.learner.profile.name,
            if self.new_learner { " (a new learner)" } else { "" }
        )];
        let n = self.already_imported;
        if n > 0 {
            let (what, left) = if n == 1 { ("item was", "it was") } else { ("items were", "they were") };
            out.push(format!("{n} {what} already imported before and left as {left}."));
        }
        let n = self.missing_files.len();
        if n > 0 {
            let what = if n == 1 { "file is" } else { "files are" };
            out.push(format!("{n} {what} named in the export but not included ({}).", self.missing_files.join(", ")));
        }
        out.extend(self.skipped.iter().cloned());
        out
    }
}

/// A stable id from a name: SHA-256, as a version 8 UUID.
fn derive_id(scope: &str, key: &str) -> Id {
    let digest = Sha256::digest(format!("learner-portfolio/leap2a\n{scope}\n{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Imports a Leap2A zip (or bare `leap2a.xml`): everything is parsed and
/// validated before anything is written; the export's files are stored in
/// `media` (the store's media folder) and attached as evidence; if a record
/// cannot be written, what this import wrote to the store is removed again.
pub fn import_leap2a(store: &Store, media: &MediaStore, bytes: &[u8], limits: Limits) -> Result<Leap2aImportReport> {
    let mut parsed = read_leap2a(bytes, limits)?;
    let learner_id = derive_id("learner", &parsed.source);
    let existing = store.learner(learner_id).ok();
    let mut report = Leap2aImportReport {
        learner: existing.clone().unwrap_or_else(|| Learner::new(parsed.profile.clone())),
        new_learner: existing.is_none(),
        experiences: 0,
        reflections: 0,
        goals: 0,
        badges: 0,
        pages: parsed.pages,
        collections: parsed.collections,
        comments: parsed.comments,
        files: 0,
        already_imported: 0,
        files_skipped: 0,
        missing_files: Vec::new(),
        skipped: std::mem::take(&mut parsed.skipped),
    };
    let evidence = store_files(media, bytes, &parsed, limits, &mut report);
    let learner = match existing {
        Some(l) => l,
        None => {
            let now = Utc::now();
            let mut profile = parsed.profile.clone();
            profile.name = profile.name.trim().to_string();
            if let Some(ev) = parsed.photo.and_then(|p| evidence[p].as_ref()).filter(|e| e.kind == "image") {
                profile.photo_sha256 = ev.sha256.clone();
            }
            let l = Learner { id: learner_id, created: now, updated: now, profile };
            store.put_learner(&l)?;
            l
        }
    };
    report.learner = learner.clone();
    let mut written = Vec::new();
    match store_records(store, &learner, &parsed, &evidence, &mut written, &mut report) {
        Ok(()) => Ok(report),
        Err(e) => {
            for r in written.iter().rev() {
                let _ = store.delete(r.kind(), r.meta().id);
            }
            if report.new_learner {
                let _ = store.delete_learner(learner.id);
            }
            Err(e)
        }
    }
}

/// Stores each named file, one at a time: its evidence entry, or `None`
/// (missing from the zip, or refused, with the reason in the report).
fn store_files(
    media: &MediaStore,
    bytes: &[u8],
    parsed: &Leap2aImport,
    limits: Limits,
    report: &mut Leap2aImportReport,
) -> Vec<Option<Evidence>> {
    let mut zip = ZipFiles::open(bytes);
    let opts = ImportOptions { max_file_bytes: limits.max_media_file };
    let mut out = Vec::with_capacity(parsed.files.len());
    let mut total = 0u64;
    for f in &parsed.files {
        if !f.url.is_empty() {
            let link = Evidence { kind: "link".into(), url: f.url.clone(), name: f.name.clone(), ..Default::default() };
            out.push(Some(Evidence { caption: f.caption.trim().to_string(), ..link }));
            continue;
        }
        let budget = limits.max_media_file.min(limits.max_media_total.saturating_sub(total));
        let stored = match zip.read(&f.path, budget) {
            Ok(Some(data)) => {
                total += data.len() as u64;
                media.import_bytes_with(&f.name, &data, &opts).map_err(|e| e.to_string())
            }
            Ok(None) => {
                report.missing_files.push(f.name.clone());
                report.files_skipped += 1;
                out.push(None);
                continue;
            }
            Err(reason) => Err(reason),
        };
        match stored {
            Ok(imported) => {
                let item = imported.item;
                out.push(Some(Evidence {
                    sha256: item.sha256,
                    name: f.name.clone(),
                    kind: if item.kind == MediaKind::Image { "image" } else { "file" }.into(),
                    mime: item.mime,
                    size: item.size,
                    caption: f.caption.trim().to_string(),
                    ..Default::default()
                }));
            }
            Err(reason) => {
                let reason = reason.trim_end_matches('.').to_string();
                report.skipped.push(format!("The file \u{201c}{}\u{201d} was not imported: {reason}.", f.name));
                report.files_skipped += 1;
                out.push(None);
            }
        }
    }
    out
}

fn store_records(
    store: &Store,
    learner: &Learner,
    parsed: &Leap2aImport,
    evidence: &[Option<Evidence>],
    written: &mut Vec<AnyRecord>,
    report: &mut Leap2aImportReport,
) -> Result<()> {
    let ids: Vec<Id> = parsed.records.iter().map(|r| derive_id(&learner.id.to_string(), &r.key)).collect();
    let mut attached_files = std::collections::HashSet::new();
    if let Some(p) = parsed.photo.filter(|&p| evidence[p].is_some() && report.new_learner) {
        attached_files.insert(p);
    }
    // Experiences (and everything else) before the journal entries that link them.
    let mut order: Vec<usize> = (0..parsed.records.len()).collect();
    order.sort_by_key(|&i| matches!(parsed.records[i].data, RecordData::Reflection(_)));
    let present: HashMap<usize, bool> = order
        .iter()
        .map(|&i| {
            (i, store.get(parsed.records[i].data.kind(), ids[i]).is_ok_and(|r| r.meta().learner_id == learner.id))
        })
        .collect();
    let now = Utc::now();
    for i in order {
        let planned = &parsed.records[i];
        let kind = planned.data.kind();
        if present[&i] {
            report.already_imported += 1;
            continue;
        }
        if store.get(kind, ids[i]).is_ok() {
            return Err(InterchangeError::Invalid(format!(
                "The entry \u{201c}{}\u{201d} would replace a record of another learner.",
                planned.key
            )));
        }
        let mut data = planned.data.clone();
        let files: Vec<Evidence> = planned.files.iter().filter_map(|&f| evidence[f].clone()).collect();
        if planned.key.starts_with(LOOSE_FILES) {
            // Only the loose files that arrived (the others are in the report).
            if files.is_empty() {
                continue;
            }
            if let RecordData::Reflection(r) = &mut data {
                r.body = loose_files_body(files.iter().map(|e| e.name.as_str()));
            }
        }
        attached_files.extend(planned.files.iter().filter(|&&f| evidence[f].is_some()));
        match &mut data {
            RecordData::Experience(d) => d.evidence = files,
            RecordData::Goal(d) => d.evidence = files,
            RecordData::Reflection(d) => {
                d.evidence = files;
                d.experience_ids = planned.reflects_on.iter().map(|&x| ids[x]).collect();
            }
            _ => {}
        }
        let meta = RecordMeta {
            id: ids[i],
            learner_id: learner.id,
            created: now,
            updated: now,
            author_role: AuthorRole::Student,
        };
        let record = AnyRecord::from_parts(meta, data);
        store.restore(&record)?;
        match &record {
            AnyRecord::Experience(_) => report.experiences += 1,
            AnyRecord::Reflection(_) => report.reflections += 1,
            AnyRecord::Goal(_) => report.goals += 1,
            AnyRecord::Badge(_) => report.badges += 1,
            _ => {}
        }
        written.push(record);
    }
    report.files = attached_files.len();
    Ok(())
}
