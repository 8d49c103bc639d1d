//! Importing an archive: plan everything, then write.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use portfolio_domain::{new_id, AnyRecord, Framework, Id, Learner, RecordKind};
use portfolio_media::{ImportOptions, MediaStore};
use portfolio_store::{Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

use crate::read::{read_archive, read_archive_file, Archive};
use crate::sanity::{check_owners, clamp_future};
use crate::{ArchiveError, Limits, Result, StagedFile};

/// What to do with learners the store already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportMode {
    /// Add the archive's learners as they are; refuse if one already exists
    /// (the "into an empty store" case: the result is identical to the source).
    #[default]
    Auto,
    /// Add every learner as a new learner (new ids for the learner and every
    /// record; references between the records follow; the name gets
    /// " (copy)").
    Copy,
    /// Merge by id: missing learners and records are added; for ones present
    /// on both sides the one whose `updated` is more than a second newer wins;
    /// otherwise (same id, different content, within a second: both sides
    /// changed) both are kept: the local one as it is, the archive's as a new
    /// record, and the pair is listed in [`ImportReport::conflicts`].
    Merge,
}

/// How one archive learner was imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LearnerOutcome {
    /// The learner's id in the archive.
    pub archive_id: Id,
    /// The learner's id in the store (differs with [`ImportMode::Copy`]).
    pub id: Id,
    /// Their name.
    pub name: String,
    /// `added`, `copied`, `updated` or `kept`.
    pub outcome: String,
}

/// A record (or learner) changed on both sides: the local one was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    /// `learner` or the record kind (`experience`, ...).
    pub kind: String,
    /// The id on both sides.
    pub id: Id,
    /// The local version's title (kept).
    pub local_title: String,
    /// The archive version's title (not imported).
    pub archive_title: String,
    /// When the local version last changed.
    pub local_updated: DateTime<Utc>,
    /// When the archive's version last changed.
    pub archive_updated: DateTime<Utc>,
    /// Where the archive's version was kept as well: a new record with this
    /// id (both versions kept). `None` for learners, periods and plans, which
    /// cannot exist twice (a period cannot overlap itself; one plan per period).
    pub archive_copy_id: Option<Id>,
}

/// What an import did (or, from [`preview`], would do). Counts are of records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// Each learner of the archive.
    pub learners: Vec<LearnerOutcome>,
    /// Records added.
    pub added: u32,
    /// Records replaced by the archive's newer version.
    pub updated: u32,
    /// Records left as they were (identical, newer locally, or in conflict).
    pub kept: u32,
    /// Records and learners changed on both sides; the local version was kept.
    pub conflicts: Vec<Conflict>,
    /// User frameworks added (ones already present are kept as they are).
    pub frameworks_added: u32,
    /// Evidence files in the archive, stored in the media folder (files
    /// already there count too: they are stored once).
    pub media: u32,
    /// What the person should know although the archive was accepted, one
    /// sentence each (e.g. change times in the future that were clamped).
    pub warnings: Vec<String>,
}

/// Everything an import will write, decided before the first write: what
/// [`preview`] reports and [`ImportPlan::apply`] does are one and the same
/// plan, so a preview can never disagree with the import that follows it.
pub struct ImportPlan {
    /// Learner to write, and what it replaces.
    learners: Vec<(Learner, Option<Learner>)>,
    /// Record to write (in `RecordKind::ALL` order), and what it replaces.
    records: Vec<(AnyRecord, Option<AnyRecord>)>,
    frameworks: Vec<Framework>,
    /// Evidence originals to store first: (SHA-256, name, staged copy).
    media: Vec<(String, String, StagedFile)>,
    report: ImportReport,
}

impl ImportPlan {
    /// What applying this plan will do.
    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    /// Writes the plan: evidence files into `media` first, then frameworks,
    /// learners and records; on a failure, what was written is put back.
    pub fn apply(self, store: &Store, media: &MediaStore) -> Result<ImportReport> {
        apply(store, media, self)
    }
}

/// Reads and checks archive `bytes` and plans importing them into `store`
/// (nothing is written).
pub fn plan_import(store: &Store, bytes: &[u8], mode: ImportMode, limits: &Limits) -> Result<ImportPlan> {
    plan_archive(store, read_archive(bytes, limits)?, mode)
}

/// Reads the archive file at `path` (its size checked against
/// `limits.max_archive_bytes` before anything is read; entries read from the
/// file, evidence copied to temporary files) and plans importing it.
pub fn plan_import_file(store: &Store, path: &Path, mode: ImportMode, limits: &Limits) -> Result<ImportPlan> {
    plan_archive(store, read_archive_file(path, limits)?, mode)
}

/// Imports archive `bytes` into `store` with the default [`Limits`].
pub fn import(store: &Store, media: &MediaStore, bytes: &[u8], mode: ImportMode) -> Result<ImportReport> {
    import_with(store, media, bytes, mode, &Limits::default())
}

/// Imports the archive file at `path`; its size is checked before it is read.
pub fn import_file(store: &Store, media: &MediaStore, path: &Path, mode: ImportMode) -> Result<ImportReport> {
    plan_import_file(store, path, mode, &Limits::default())?.apply(store, media)
}

/// What [`import`] would do, without writing anything.
pub fn preview(store: &Store, bytes: &[u8], mode: ImportMode) -> Result<ImportReport> {
    Ok(plan_import(store, bytes, mode, &Limits::default())?.report)
}

/// Imports with explicit limits. Everything is read, checked and planned
/// before the first write; see the crate docs.
pub fn import_with(
    store: &Store,
    media: &MediaStore,
    bytes: &[u8],
    mode: ImportMode,
    limits: &Limits,
) -> Result<ImportReport> {
    plan_import(store, bytes, mode, limits)?.apply(store, media)
}

pub(crate) fn is_not_found(e: &StoreError) -> bool {
    matches!(e, StoreError::NotFound { .. })
}

/// `Newer` when `a` is more than a second newer than `b`, `Older` when more
/// than a second older, else `Tie`.
#[derive(PartialEq)]
enum Age {
    Newer,
    Older,
    Tie,
}

fn age(a: DateTime<Utc>, b: DateTime<Utc>) -> Age {
    let d = a - b;
    if d > Duration::seconds(1) {
        Age::Newer
    } else if d < -Duration::seconds(1) {
        Age::Older
    } else {
        Age::Tie
    }
}

pub(crate) fn plan_archive(store: &Store, mut archive: Archive, mode: ImportMode) -> Result<ImportPlan> {
    let warning = clamp_future(&mut archive, Utc::now());
    let names = crate::referenced_media(&archive.learners, &archive.records);
    let mut p = ImportPlan {
        learners: Vec::new(),
        records: Vec::new(),
        frameworks: Vec::new(),
        media: Vec::new(),
        report: ImportReport::default(),
    };
    p.report.warnings.extend(warning);
    for (sha, staged) in archive.media {
        let name = names.get(&sha).filter(|n| !n.is_empty()).cloned().unwrap_or_else(|| sha.clone());
        p.media.push((sha, name, staged));
    }
    p.report.media = p.media.len() as u32;
    // Learners whose local records take part in the rule check (merge).
    let mut existing_learners = Vec::new();
    let mut id_map: HashMap<Id, Id> = HashMap::new();

    for l in &archive.learners {
        let local = match store.learner(l.id) {
            Ok(local) => Some(local),
            Err(e) if is_not_found(&e) => None,
            Err(e) => return Err(e.into()),
        };
        let (id, outcome) = match (mode, local) {
            (ImportMode::Auto, Some(local)) => return Err(ArchiveError::LearnerExists { name: local.profile.name }),
            (ImportMode::Copy, _) => {
                let mut copy = l.clone();
                copy.id = new_id();
                copy.profile.name = format!("{} (copy)", l.profile.name);
                id_map.insert(l.id, copy.id);
                let id = copy.id;
                p.learners.push((copy, None));
                (id, "copied")
            }
            (_, None) => {
                p.learners.push((l.clone(), None));
                (l.id, "added")
            }
            (_, Some(local)) => {
                existing_learners.push(l.id);
                let outcome = if local == *l {
                    "kept"
                } else {
                    match age(l.updated, local.updated) {
                        Age::Newer => {
                            p.learners.push((l.clone(), Some(local)));
                            "updated"
                        }
                        Age::Older => "kept",
                        Age::Tie => {
                            p.report.conflicts.push(Conflict {
                                kind: "learner".into(),
                                id: l.id,
                                local_title: local.profile.name.clone(),
                                archive_title: l.profile.name.clone(),
                                local_updated: local.updated,
                                archive_updated: l.updated,
                                archive_copy_id: None,
                            });
                            "kept"
                        }
                    }
                };
                (l.id, outcome)
            }
        };
        p.report.learners.push(LearnerOutcome {
            archive_id: l.id,
            id,
            name: l.profile.name.clone(),
            outcome: outcome.into(),
        });
    }

    if mode == ImportMode::Copy {
        for r in &archive.records {
            id_map.insert(r.meta().id, new_id());
        }
    }
    for r in archive.records {
        if mode == ImportMode::Copy {
            p.records.push((remap(r, &id_map), None));
            p.report.added += 1;
            continue;
        }
        let local = match store.get(r.kind(), r.meta().id) {
            Ok(local) => Some(local),
            Err(e) if is_not_found(&e) => None,
            Err(e) => return Err(e.into()),
        };
        match local {
            None => {
                p.records.push((r, None));
                p.report.added += 1;
            }
            Some(local) if local.meta().learner_id != r.meta().learner_id => {
                return Err(ArchiveError::IdClash { kind: r.kind().as_str(), id: r.meta().id.to_string() })
            }
            Some(local) if local == r => p.report.kept += 1,
            Some(local) => match age(r.meta().updated, local.meta().updated) {
                Age::Newer => {
                    p.records.push((r, Some(local)));
                    p.report.updated += 1;
                }
                Age::Older => p.report.kept += 1,
                Age::Tie => {
                    p.report.kept += 1;
                    // Both sides changed: keep both. The archive's version
                    // becomes a new record beside the local one, where the
                    // kind allows two (not periods or plans).
                    let archive_copy_id = if matches!(r.kind(), RecordKind::Period | RecordKind::Plan) {
                        None
                    } else {
                        let mut own = HashMap::new();
                        own.insert(r.meta().id, new_id());
                        let copy = remap(r.clone(), &own);
                        let id = copy.meta().id;
                        p.records.push((copy, None));
                        p.report.added += 1;
                        Some(id)
                    };
                    p.report.conflicts.push(Conflict {
                        kind: r.kind().as_str().into(),
                        id: r.meta().id,
                        local_title: local.title().to_string(),
                        archive_title: r.title().to_string(),
                        local_updated: local.meta().updated,
                        archive_updated: r.meta().updated,
                        archive_copy_id,
                    });
                }
            },
        }
    }

    for f in archive.frameworks {
        match store.framework(&f.id) {
            Ok(_) => {}
            Err(StoreError::NoSuchFramework(_)) => {
                p.frameworks.push(f);
                p.report.frameworks_added += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }

    // The store's cross-record rules, on each learner's final set of records.
    let mut finals: BTreeMap<Id, BTreeMap<Id, AnyRecord>> = BTreeMap::new();
    for l in existing_learners {
        let set = finals.entry(l).or_default();
        for kind in RecordKind::ALL {
            for r in store.list(l, kind, "")? {
                set.insert(r.meta().id, r);
            }
        }
    }
    for (r, _) in &p.records {
        finals.entry(r.meta().learner_id).or_default().insert(r.meta().id, r.clone());
    }
    for set in finals.values() {
        check_rules(set.values())?;
    }
    check_owners(store, &p.records)?;
    Ok(p)
}

/// The rules of `portfolio_store`'s `rules` module, checked on a learner's
/// whole set of records at once.
fn check_rules<'a>(records: impl Iterator<Item = &'a AnyRecord> + Clone) -> Result<()> {
    let periods: Vec<_> =
        records.clone().filter_map(|r| if let AnyRecord::Period(p) = r { Some(p) } else { None }).collect();
    let plans: Vec<_> =
        records.clone().filter_map(|r| if let AnyRecord::Plan(p) = r { Some(p) } else { None }).collect();
    let bad = |m: String| Err(ArchiveError::Invalid(m));
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if a.data.overlaps(&b.data) {
                return bad(format!(
                    "the marking periods \u{201c}{}\u{201d} and \u{201c}{}\u{201d} overlap",
                    a.data.name, b.data.name
                ));
            }
        }
    }
    let has_period = |id: Id| periods.iter().any(|p| p.meta.id == id);
    for (i, plan) in plans.iter().enumerate() {
        if !has_period(plan.data.period_id) {
            return bad(format!("Learning Plan {} belongs to a marking period that is missing", plan.meta.id));
        }
        if plans[i + 1..].iter().any(|o| o.data.period_id == plan.data.period_id) {
            return bad(format!("a marking period would have two Learning Plans ({})", plan.meta.id));
        }
    }
    for r in records {
        match r {
            AnyRecord::CheckIn(c) => {
                let Some(plan) = plans.iter().find(|p| p.meta.id == c.data.plan_id) else {
                    return bad(format!("check-in {} belongs to a Learning Plan that is missing", c.meta.id));
                };
                let g = &c.data.plan_goal_id;
                let known = plan.data.content.goals.iter().any(|x| &x.id == g)
                    || plan.data.history.iter().any(|h| h.content.goals.iter().any(|x| &x.id == g));
                if !known {
                    return bad(format!("check-in {} names a plan goal that is not in its plan", c.meta.id));
                }
            }
            AnyRecord::Exhibition(e) if !has_period(e.data.period_id) => {
                return bad(format!("exhibition {} belongs to a marking period that is missing", e.meta.id))
            }
            AnyRecord::Narrative(n) if !has_period(n.data.period_id) => {
                return bad(format!("narrative {} belongs to a marking period that is missing", n.meta.id))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Gives a record its new id and learner and points its references at the
/// copies (references to records outside the archive are left as they are).
fn remap(mut r: AnyRecord, map: &HashMap<Id, Id>) -> AnyRecord {
    let m = |id: &mut Id| {
        if let Some(n) = map.get(id) {
            *id = *n;
        }
    };
    let refs = |goals: &mut Vec<portfolio_domain::PlanGoal>| {
        for g in goals {
            for link in &mut g.links {
                m(&mut link.id);
            }
        }
    };
    match &mut r {
        AnyRecord::Reflection(x) => {
            x.data.experience_ids.iter_mut().for_each(m);
            x.data.goal_ids.iter_mut().for_each(m);
        }
        AnyRecord::Plan(x) => {
            m(&mut x.data.period_id);
            refs(&mut x.data.content.goals);
            for h in &mut x.data.history {
                refs(&mut h.content.goals);
            }
        }
        AnyRecord::CheckIn(x) => m(&mut x.data.plan_id),
        AnyRecord::Exhibition(x) => {
            m(&mut x.data.period_id);
            for item in &mut x.data.items {
                m(&mut item.item.id);
            }
        }
        AnyRecord::Narrative(x) => m(&mut x.data.period_id),
        AnyRecord::Showcase(x) => {
            for section in &mut x.data.sections {
                for item in &mut section.items {
                    m(&mut item.id);
                }
            }
        }
        AnyRecord::Experience(_) | AnyRecord::Goal(_) | AnyRecord::Badge(_) | AnyRecord::Period(_) => {}
    }
    let mut meta = r.meta().clone();
    m(&mut meta.id);
    m(&mut meta.learner_id);
    AnyRecord::from_parts(meta, r.data())
}

enum Done {
    Learner(Id, Option<Learner>),
    Record(RecordKind, Id, Option<AnyRecord>),
    Framework(String),
}

/// Stores the archive's evidence originals in the media folder (which
/// makes their derivatives). Files already there are duplicates and
/// cost nothing. Runs before any record is written: a refused file refuses
/// the archive. Files stored before the refusal stay (content-addressed and
/// unreferenced, like any file whose evidence was removed).
fn store_media(folder: &MediaStore, media: &[(String, String, StagedFile)]) -> Result<()> {
    for (sha, name, staged) in media {
        let refused = |e: portfolio_media::MediaError| ArchiveError::MediaRefused {
            name: name.clone(),
            sha256: sha.clone(),
            storage: matches!(e.code(), "write_failed" | "open_failed" | "read_failed"),
            detail: e.to_string(),
        };
        let imported = folder.import_path_named(staged.path(), name, &ImportOptions::default()).map_err(refused)?;
        if imported.item.sha256 != *sha {
            return Err(ArchiveError::MediaRefused {
                name: name.clone(),
                sha256: sha.clone(),
                detail: "it was stored under another SHA-256.".into(),
                storage: false,
            });
        }
    }
    Ok(())
}

fn apply(store: &Store, media: &MediaStore, plan: ImportPlan) -> Result<ImportReport> {
    store_media(media, &plan.media)?;
    let mut done = Vec::new();
    let result = (|| -> Result<()> {
        for f in &plan.frameworks {
            store.save_framework(f.clone())?;
            done.push(Done::Framework(f.id.clone()));
        }
        for (l, old) in &plan.learners {
            store.put_learner(l)?;
            done.push(Done::Learner(l.id, old.clone()));
        }
        for (r, old) in &plan.records {
            store.restore(r)?;
            done.push(Done::Record(r.kind(), r.meta().id, old.clone()));
        }
        store.flush()?;
        Ok(())
    })();
    if let Err(e) = result {
        // Best effort: put back what was there, newest write first.
        for d in done.into_iter().rev() {
            let _ = match d {
                Done::Record(_, _, Some(old)) => store.restore(&old).map(|_| ()),
                Done::Record(kind, id, None) => store.delete(kind, id).map(|_| ()),
                Done::Learner(_, Some(old)) => store.put_learner(&old),
                Done::Learner(id, None) => store.delete_learner(id).map(|_| ()),
                Done::Framework(id) => store.delete_framework(&id).map(|_| ()),
            };
        }
        let _ = store.flush();
        return Err(e);
    }
    Ok(plan.report)
}
