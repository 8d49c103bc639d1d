//! Sanity checks of an archive's content against the clock and the store:
//! change times from the future, links to other learners' records.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use portfolio_domain::{AnyRecord, Id};
use portfolio_store::Store;

use crate::import::is_not_found;
use crate::read::Archive;
use crate::{ArchiveError, Result};

/// How far in the future an archive's `updated` may lie (clocks differ)
/// before it is clamped: one day.
pub const MAX_CLOCK_SKEW: Duration = Duration::days(1);

/// Clamps change times that lie in the future beyond [`MAX_CLOCK_SKEW`] to
/// when the archive was made (or now, if that is in the future too), so a
/// forged "year 9999" never wins a merge; says so in one warning.
pub(crate) fn clamp_future(archive: &mut Archive, now: DateTime<Utc>) -> Option<String> {
    let limit = now + MAX_CLOCK_SKEW;
    let to = archive.manifest.created.min(now);
    let mut clamped = 0usize;
    let mut latest: Option<DateTime<Utc>> = None;
    let mut clamp = |created: &mut DateTime<Utc>, updated: &mut DateTime<Utc>| {
        if *updated > limit || *created > limit {
            clamped += 1;
            latest = latest.max(Some((*updated).max(*created)));
            *updated = (*updated).min(to);
            *created = (*created).min(*updated);
        }
    };
    for l in &mut archive.learners {
        clamp(&mut l.created, &mut l.updated);
    }
    for r in &mut archive.records {
        let mut meta = r.meta().clone();
        let before = (meta.created, meta.updated);
        clamp(&mut meta.created, &mut meta.updated);
        if (meta.created, meta.updated) != before {
            *r = AnyRecord::from_parts(meta, r.data());
        }
    }
    let latest = latest?;
    Some(format!(
        "{clamped} {} claimed to have changed in the future (as late as {}), so {} change time was set to {}.",
        if clamped == 1 { "entry" } else { "entries" },
        latest.format("%Y-%m-%d"),
        if clamped == 1 { "its" } else { "their" },
        to.format("%Y-%m-%d %H:%M UTC")
    ))
}

/// Refuses records that point at another learner's records, in the archive
/// or in the store (links to records that exist nowhere are left alone).
pub(crate) fn check_owners(store: &Store, records: &[(AnyRecord, Option<AnyRecord>)]) -> Result<()> {
    let owner: HashMap<Id, Id> = records.iter().map(|(r, _)| (r.meta().id, r.meta().learner_id)).collect();
    for (r, _) in records {
        for (field, kind, id) in portfolio_store::references(r) {
            let other = match owner.get(&id) {
                Some(learner) => Some(*learner),
                None => match store.get(kind, id) {
                    Ok(found) => Some(found.meta().learner_id),
                    Err(e) if is_not_found(&e) => None,
                    Err(e) => return Err(e.into()),
                },
            };
            if other.is_some_and(|l| l != r.meta().learner_id) {
                return Err(ArchiveError::Invalid(format!(
                    "{} {} points at {} {} ({field}), which belongs to another learner",
                    r.kind().as_str(),
                    r.meta().id,
                    kind.as_str(),
                    id
                )));
            }
        }
    }
    Ok(())
}
