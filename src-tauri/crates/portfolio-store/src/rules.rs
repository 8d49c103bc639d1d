//! Rules that span records: periods do not overlap, one plan per period,
//! check-ins point at real plan goals, plans keep their signed history, and
//! a record never points at another learner's records.

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

/// Every other record `record` points at: (field, kind, id). Periods and
/// plans named by id are included; links in a plan's history too.
pub fn references(record: &AnyRecord) -> Vec<(String, RecordKind, Id)> {
    let mut out = Vec::new();
    let goals = |out: &mut Vec<_>, at: &str, goals: &[portfolio_domain::PlanGoal]| {
        for (i, g) in goals.iter().enumerate() {
            for (j, link) in g.links.iter().enumerate() {
                out.push((format!("{at}goals[{i}].links[{j}]"), link.kind, link.id));
            }
        }
    };
    match record {
        AnyRecord::Reflection(r) => {
            let lists = [
                ("experience_ids", RecordKind::Experience, &r.data.experience_ids),
                ("goal_ids", RecordKind::Goal, &r.data.goal_ids),
            ];
            for (name, kind, ids) in lists {
                out.extend(ids.iter().enumerate().map(|(i, id)| (format!("{name}[{i}]"), kind, *id)));
            }
        }
        AnyRecord::Plan(p) => {
            out.push(("period_id".into(), RecordKind::Period, p.data.period_id));
            goals(&mut out, "content.", &p.data.content.goals);
            for (h, rev) in p.data.history.iter().enumerate() {
                goals(&mut out, &format!("history[{h}].content."), &rev.content.goals);
            }
        }
        AnyRecord::CheckIn(c) => out.push(("plan_id".into(), RecordKind::Plan, c.data.plan_id)),
        AnyRecord::Exhibition(e) => {
            out.push(("period_id".into(), RecordKind::Period, e.data.period_id));
            for (i, item) in e.data.items.iter().enumerate() {
                out.push((format!("items[{i}].item"), item.item.kind, item.item.id));
            }
        }
        AnyRecord::Narrative(n) => out.push(("period_id".into(), RecordKind::Period, n.data.period_id)),
        AnyRecord::Experience(_) | AnyRecord::Goal(_) | AnyRecord::Badge(_) | AnyRecord::Period(_) => {}
    }
    out
}

/// Refuses a record that points at a record of another learner (a missing
/// record is left to the rules of its kind: links may outlive what they name).
fn check_owner(store: &Store, record: &AnyRecord) -> Result<()> {
    let learner = record.meta().learner_id;
    for (field, kind, id) in references(record) {
        match store.get(kind, id) {
            Ok(other) if other.meta().learner_id != learner => {
                return Err(refuse(
                    &field,
                    format!("That {} belongs to another learner, so it cannot be linked here.", kind.as_str()),
                ))
            }
            Ok(_) | Err(StoreError::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// [`check_owner`] for a batch of new records (`create_many`): the error
/// names the item as validation does ("Item 2: ...", field `[1].…`).
pub(crate) fn check_owners(store: &Store, records: &[AnyRecord]) -> Result<()> {
    for (i, r) in records.iter().enumerate() {
        match check_owner(store, r) {
            Err(StoreError::Validation(ValidationErrors(errors))) => {
                let errors = errors
                    .into_iter()
                    .map(|e| FieldError {
                        field: format!("[{i}].{}", e.field),
                        message: format!("Item {}: {}", i + 1, e.message),
                    })
                    .collect();
                return Err(StoreError::Validation(ValidationErrors(errors)));
            }
            other => other?,
        }
    }
    Ok(())
}

/// Checks the cross-record rules for writing `record` (replacing `old`, if any).
pub(crate) fn check(store: &Store, record: &AnyRecord, old: Option<&AnyRecord>) -> Result<()> {
    let learner = record.meta().learner_id;
    let id = record.meta().id;
    check_owner(store, record)?;
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

#[cfg(test)]
mod tests {
    use portfolio_domain::{AuthorRole, LearnerProfile, RecordData};
    use serde_json::json;

    use crate::{Store, StoreError};

    fn data(kind: &str, value: serde_json::Value) -> RecordData {
        serde_json::from_value(json!({"kind": kind, "data": value})).unwrap()
    }

    #[test]
    fn records_never_point_at_another_learners_records() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let profile = |name: &str| LearnerProfile { name: name.into(), ..Default::default() };
        let an = store.create_learner(profile("Nguyễn Văn An")).unwrap().id;
        let layla = store.create_learner(profile("ليلى حداد")).unwrap().id;
        let experience = |learner, title: &str| {
            let data = data("experience", json!({"title": title, "start_date": "2025-03-01"}));
            store.create(learner, AuthorRole::Student, data).unwrap()
        };
        let theirs = experience(an, "Hội chợ khoa học");
        let own = experience(layla, "معرض العلوم");
        let reflection = |ids: Vec<String>| {
            data("reflection", json!({"title": "ما تعلمته", "date": "2025-03-03", "body": "…", "experience_ids": ids}))
        };
        let err = store.create(layla, AuthorRole::Student, reflection(vec![theirs.meta().id.to_string()])).unwrap_err();
        let StoreError::Validation(v) = &err else { panic!("{err:?}") };
        assert_eq!(v.0[0].field, "experience_ids[0]");
        assert_eq!(v.0[0].message, "That experience belongs to another learner, so it cannot be linked here.");
        assert!(!err.to_string().ends_with(".."), "{err}");
        // Their own experience, and one that no longer exists, are fine.
        let gone = portfolio_domain::new_id().to_string();
        store.create(layla, AuthorRole::Student, reflection(vec![own.meta().id.to_string(), gone])).unwrap();
    }
}
