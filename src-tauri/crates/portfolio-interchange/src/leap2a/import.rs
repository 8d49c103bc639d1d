//! Importing a parsed Leap2A file into the store as a new learner, all or
//! nothing.

use std::collections::HashMap;

use portfolio_domain::{AuthorRole, Id, Learner, RecordData, RecordKind};
use portfolio_store::Store;

use super::convert::Leap2aImport;
use super::read::read_leap2a;
use super::Limits;
use crate::Result;

/// What an import did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leap2aImportReport {
    /// The new learner.
    pub learner: Learner,
    /// Experiences created.
    pub experiences: usize,
    /// Reflections created.
    pub reflections: usize,
    /// Goals created.
    pub goals: usize,
    /// Badges created.
    pub badges: usize,
    /// Files not imported (media import arrives later).
    pub files_skipped: usize,
    /// Other entries not imported, as "title (type)".
    pub skipped: Vec<String>,
}

/// Imports a Leap2A zip (or bare `leap2a.xml`) as a new learner, all or
/// nothing: everything is parsed and validated before anything is written;
/// if a write fails, the new learner is removed again.
pub fn import_leap2a(store: &Store, bytes: &[u8], limits: Limits) -> Result<Leap2aImportReport> {
    let parsed = read_leap2a(bytes, limits)?;
    let learner = store.create_learner(parsed.profile.clone())?;
    match store_records(store, &learner, &parsed) {
        Ok(()) => {}
        Err(e) => {
            let _ = store.delete_learner(learner.id);
            return Err(e);
        }
    }
    let count = |k: RecordKind| parsed.records.iter().filter(|r| r.kind() == k).count();
    Ok(Leap2aImportReport {
        experiences: count(RecordKind::Experience),
        reflections: count(RecordKind::Reflection),
        goals: count(RecordKind::Goal),
        badges: count(RecordKind::Badge),
        files_skipped: parsed.files_skipped,
        skipped: parsed.skipped,
        learner,
    })
}

pub(super) fn store_records(store: &Store, learner: &Learner, parsed: &Leap2aImport) -> Result<()> {
    let linked: HashMap<usize, &Vec<usize>> = parsed.reflection_links.iter().map(|(i, v)| (*i, v)).collect();
    let (first, second): (Vec<usize>, Vec<usize>) = (0..parsed.records.len()).partition(|i| !linked.contains_key(i));
    let created = store.create_many(
        learner.id,
        AuthorRole::Student,
        first.iter().map(|&i| parsed.records[i].clone()).collect(),
    )?;
    let ids: HashMap<usize, Id> = first.iter().zip(&created).map(|(&i, r)| (i, r.meta().id)).collect();
    if second.is_empty() {
        return Ok(());
    }
    let items = second
        .iter()
        .map(|i| {
            let mut d = parsed.records[*i].clone();
            if let RecordData::Reflection(r) = &mut d {
                r.experience_ids = linked[i].iter().filter_map(|e| ids.get(e).copied()).collect();
            }
            d
        })
        .collect();
    store.create_many(learner.id, AuthorRole::Student, items)?;
    Ok(())
}
