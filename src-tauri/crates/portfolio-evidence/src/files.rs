//! What the records refer to: listing a learner's evidence, files missing
//! from the media folder, and the clean-up of unused originals.

use std::collections::HashSet;
use std::path::Path;

use portfolio_domain::{Evidence, EvidenceSlot, Id, RecordKind};
use portfolio_media::{MediaStore, SweepReport};
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{EvidenceError, Result};

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
    /// Where in the record (the record itself, a plan goal, an exhibition item).
    pub slot: EvidenceSlot,
    /// The plan goal's title or "item N"; empty for the record itself.
    pub part_title: String,
    /// The evidence.
    pub evidence: Evidence,
}

impl EvidenceRow {
    /// Where it is attached, for people: `experience “Clinic”`,
    /// `plan goal “Field study”`, `item 2 of exhibition “Q1”`.
    pub fn place(&self) -> String {
        match &self.slot {
            EvidenceSlot::Record => format!("{} \u{201c}{}\u{201d}", self.kind.as_str(), self.record_title),
            EvidenceSlot::PlanGoal { .. } => format!("plan goal \u{201c}{}\u{201d}", self.part_title),
            EvidenceSlot::ExhibitionItem { .. } => {
                format!("{} of exhibition \u{201c}{}\u{201d}", self.part_title, self.record_title)
            }
        }
    }

    /// The target that names this place (`plan:ID#GOAL-ID`, `exhibition:ID#2`).
    pub fn target(&self) -> String {
        let base = format!("{}:{}", self.kind.as_str(), self.record_id);
        match &self.slot {
            EvidenceSlot::Record => base,
            EvidenceSlot::PlanGoal { goal_id } => format!("{base}#{goal_id}"),
            EvidenceSlot::ExhibitionItem { index } => format!("{base}#{}", index + 1),
        }
    }
}

/// The kinds of record that hold evidence somewhere.
pub const EVIDENCE_KINDS: [RecordKind; 5] =
    [RecordKind::Experience, RecordKind::Reflection, RecordKind::Goal, RecordKind::Plan, RecordKind::Exhibition];

/// Every piece of evidence of a learner, by record (newest records first),
/// plan goals and exhibition items included.
pub fn list(store: &Store, learner: Id) -> Result<Vec<EvidenceRow>> {
    let mut out = Vec::new();
    for kind in EVIDENCE_KINDS {
        for r in store.list(learner, kind, "")? {
            for (slot, part_title, list) in r.evidence_lists() {
                for e in list {
                    out.push(EvidenceRow {
                        kind,
                        record_id: r.meta().id,
                        record_title: r.title().to_string(),
                        slot: slot.clone(),
                        part_title: part_title.clone(),
                        evidence: e.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Evidence and learners' photos whose file is missing from the media
/// folder, one sentence each (the start-up integrity check reports them;
/// nothing is deleted).
pub fn missing_files(store: &Store, media: &MediaStore) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for l in store.learners()? {
        if let Some(sha) = l.profile.photo() {
            if !media.original_path(sha).is_file() {
                out.push(format!("The photo of {} is missing from {}.", l.profile.name, media.root().display()));
            }
        }
        for row in list(store, l.id)? {
            let e = &row.evidence;
            if e.kind != "link" && !media.original_path(&e.sha256).is_file() {
                out.push(format!(
                    "The file \u{201c}{}\u{201d} attached to {} is missing from {}.",
                    e.name,
                    row.place(),
                    media.root().display()
                ));
            }
        }
    }
    Ok(out)
}

/// The SHA-256 of every file any record of any learner refers to, read from
/// the records themselves (not the indexes), plan history included, and of
/// every learner's photo. A record or learner that cannot be read is an
/// error: then nothing can be called unused.
/// (Badges keep their credential bytes in the record, not in the media folder.)
pub fn referenced_files(store: &Store) -> Result<HashSet<String>> {
    let mut out: HashSet<String> =
        store.learners()?.iter().filter_map(|l| l.profile.photo()).map(str::to_string).collect();
    for kind in RecordKind::ALL {
        for r in store.all_records(kind)? {
            out.extend(r.referenced_files().into_iter().map(|e| e.sha256.clone()));
        }
    }
    Ok(out)
}

/// Removes originals no record has referred to for longer than `grace` (as
/// of `now`), with their derivatives (see `MediaStore::sweep`), and empties
/// the folder of viewing copies `viewing`. A dry run only reports.
pub fn collect_garbage(
    store: &Store,
    media: &MediaStore,
    now: std::time::SystemTime,
    grace: std::time::Duration,
    dry_run: bool,
    viewing: &Path,
) -> Result<SweepReport> {
    let referenced = referenced_files(store)?;
    let report = media.sweep(&referenced, now, grace, dry_run)?;
    if !dry_run {
        match std::fs::remove_dir_all(viewing) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(EvidenceError::Storage(format!("Could not empty the viewing copies: {e}")))
            }
            _ => {}
        }
    }
    Ok(report)
}
