//! Rules that span records: periods do not overlap, one plan per period,
//! check-ins point at real plan goals, plans keep their signed history.

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, FieldError, Id, PeriodData, Record, RecordData, RecordKind, ValidationErrors};

use crate::{Result, Store, StoreError};

fn refuse(field: &str, message: String) -> StoreError {
    StoreError::Validation(ValidationErrors(vec![FieldError { field: field.into(), message }]))
}

/// The data to store when `data` is saved over `old`: plans follow their
/// revision rule; everything else is replaced.
pub(crate) fn merge_edit(old: &AnyRecord, data: RecordData, now: DateTime<Utc>) -> Result<RecordData> {
    Ok(match (old, data) {
        (AnyRecord::Plan(o), RecordData::Plan(new)) => RecordData::Plan(o.data.apply_edit(new, now)?),
        (_, d) => d,
    })
}

/// The learner's period `id`, or a validation error on `field`.
pub(crate) fn period(store: &Store, learner: Id, id: Id, field: &str) -> Result<Record<PeriodData>> {
    match store.get(RecordKind::Period, id) {
        Ok(AnyRecord::Period(p)) if p.meta.learner_id == learner => Ok(p),
        Ok(_) | Err(StoreError::NotFound { .. }) => {
            Err(refuse(field, "That marking period does not exist (any more).".into()))
        }
        Err(e) => Err(e),
    }
}

/// Checks the cross-record rules for writing `record` (replacing `old`, if any).
pub(crate) fn check(store: &Store, record: &AnyRecord, old: Option<&AnyRecord>) -> Result<()> {
    let learner = record.meta().learner_id;
    let id = record.meta().id;
    match record {
        AnyRecord::Period(r) => {
            for other in store.list(learner, RecordKind::Period, "")? {
                if let AnyRecord::Period(o) = other {
                    if o.meta.id != id && o.data.overlaps(&r.data) {
                        return Err(refuse(
                            "start",
                            format!(
                                "\u{201c}{}\u{201d} overlaps \u{201c}{}\u{201d} ({} to {}); marking periods cannot share days.",
                                r.data.name, o.data.name, o.data.start, o.data.end
                            ),
                        ));
                    }
                }
            }
        }
        AnyRecord::Plan(r) => {
            period(store, learner, r.data.period_id, "period_id")?;
            if old.is_none() {
                for other in store.list(learner, RecordKind::Plan, "")? {
                    if let AnyRecord::Plan(o) = other {
                        if o.meta.id != id && o.data.period_id == r.data.period_id {
                            return Err(refuse(
                                "period_id",
                                "This marking period already has a Learning Plan; open it instead.".into(),
                            ));
                        }
                    }
                }
            }
        }
        AnyRecord::CheckIn(r) => match store.get(RecordKind::Plan, r.data.plan_id) {
            Ok(AnyRecord::Plan(p)) if p.meta.learner_id == learner => {
                let known = p.data.content.goals.iter().any(|g| g.id == r.data.plan_goal_id)
                    || p.data.history.iter().any(|h| h.content.goals.iter().any(|g| g.id == r.data.plan_goal_id));
                if !known {
                    return Err(refuse("plan_goal_id", "That plan goal is not in the plan.".into()));
                }
            }
            Ok(_) | Err(StoreError::NotFound { .. }) => {
                return Err(refuse("plan_id", "That Learning Plan does not exist (any more).".into()))
            }
            Err(e) => return Err(e),
        },
        AnyRecord::Exhibition(r) => {
            period(store, learner, r.data.period_id, "period_id")?;
        }
        AnyRecord::Narrative(r) => {
            period(store, learner, r.data.period_id, "period_id")?;
        }
        _ => {}
    }
    Ok(())
}
