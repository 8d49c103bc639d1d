//! Rules that span records: periods do not overlap, one plan per period,
//! check-ins point at real plan goals, plans keep their signed history, and
//! a record never points at another learner's records.

use chrono::{DateTime, Utc};
use portfolio_domain::{
    AnyRecord, FieldError, Id, PeriodData, Record, RecordData, RecordKind, ShowcaseItem, ShowcaseItemKind,
    ValidationErrors, Visibility,
};

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
        AnyRecord::Showcase(s) => {
            for (field, item) in s.data.items() {
                if let Some(kind) = item.target_kind() {
                    out.push((field, kind, item.id));
                }
            }
        }
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
/// `restoring`: the record is put back as it was (undo, archives, sync), so a
/// showcase's items are not judged again (its export judges them anyway).
pub(crate) fn check(store: &Store, record: &AnyRecord, old: Option<&AnyRecord>, restoring: bool) -> Result<()> {
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
        AnyRecord::Showcase(r) if !restoring => {
            let before: Vec<&ShowcaseItem> = match old {
                Some(AnyRecord::Showcase(o)) => o.data.items().map(|(_, i)| i).collect(),
                _ => Vec::new(),
            };
            for (field, item) in r.data.items() {
                if !before.contains(&item) {
                    showable(store, &field, item, false)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Why `item` of a showcase may not be shown, if it may not: a Private
/// journal entry, a photo marked as showing other people that was not
/// included on purpose, an exhibition item or file the record does not hold.
/// A record that no longer exists is refused unless `known` (the item was
/// there before: a showcase outlives what it names, and its export says so).
/// Saving judges only items that are new or changed; exports judge them all.
pub fn showable(store: &Store, field: &str, item: &ShowcaseItem, known: bool) -> Result<()> {
    let Some(kind) = item.target_kind() else { return Ok(()) };
    let not_showable = |message: String| StoreError::NotShowable { field: field.into(), message };
    let record = match store.get(kind, item.id) {
        Ok(r) => r,
        Err(StoreError::NotFound { .. }) if known => return Ok(()),
        Err(StoreError::NotFound { .. }) => {
            return Err(refuse(field, format!("That {} does not exist (any more).", kind.as_str())))
        }
        Err(e) => return Err(e),
    };
    if let AnyRecord::Reflection(r) = &record {
        if r.data.visibility == Visibility::Private {
            return Err(not_showable(format!(
                "\u{201c}{}\u{201d} is a private journal entry, so it cannot be in a showcase: share it with your learning team or family first, or leave it out.",
                r.data.title
            )));
        }
    }
    match item.kind {
        ShowcaseItemKind::ExhibitionItem => {
            let AnyRecord::Exhibition(e) = &record else { return Ok(()) };
            let i = item.index.unwrap_or(u32::MAX) as usize;
            if i >= e.data.items.len() {
                return Err(refuse(field, format!("\u{201c}{}\u{201d} has no item {}.", e.data.title, i + 1)));
            }
        }
        ShowcaseItemKind::Evidence => {
            let file = record.referenced_files().into_iter().find(|e| e.sha256.eq_ignore_ascii_case(&item.sha256));
            match file {
                None => {
                    return Err(refuse(field, format!("\u{201c}{}\u{201d} has no such file attached.", record.title())))
                }
                Some(e) if e.shows_others && !item.include_photos_of_others => {
                    return Err(not_showable(format!(
                        "\u{201c}{}\u{201d} is marked as showing other people: include it on purpose to show it.",
                        if e.name.is_empty() { &e.sha256 } else { &e.name }
                    )))
                }
                Some(_) => {}
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use portfolio_domain::{AnyRecord, AuthorRole, LearnerProfile, RecordData, RecordKind};
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

    #[test]
    fn showcases_refuse_private_entries_and_photos_of_others_not_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let profile = |name: &str| LearnerProfile { name: name.into(), ..Default::default() };
        let an = store.create_learner(profile("Nguyễn Văn An")).unwrap().id;
        let li = store.create_learner(profile("李华")).unwrap().id;
        let entry = |learner, title: &str, visibility: &str| {
            let d = data("reflection", json!({"title": title, "date": "2026-03-03", "visibility": visibility}));
            store.create(learner, AuthorRole::Student, d).unwrap().meta().id.to_string()
        };
        let private = entry(an, "Nhật ký riêng", "private");
        let shared = entry(an, "Lo que aprendí", "family");
        let theirs = entry(li, "我的日记", "family");
        let sha = "ab".repeat(32);
        let photo =
            json!({"sha256": sha, "kind": "image", "name": "equipo.jpg", "alt": "El equipo", "shows_others": true});
        let exp =
            data("experience", json!({"title": "Feria de ciencias", "start_date": "2026-02-01", "evidence": [photo]}));
        let exp = store.create(an, AuthorRole::Student, exp).unwrap().meta().id.to_string();
        let showcase = |items: serde_json::Value| {
            data(
                "showcase",
                json!({"title": "Senior portfolio 2026", "sections": [{"title": "Ciencias", "items": items}]}),
            )
        };
        let item = |kind: &str, id: &str| json!({"kind": kind, "id": id});

        let err =
            store.create(an, AuthorRole::Student, showcase(json!([item("journal_entry", &private)]))).unwrap_err();
        let StoreError::NotShowable { field, message } = &err else { panic!("{err:?}") };
        assert_eq!(field, "sections[0].items[0]");
        assert_eq!(
            message,
            "\u{201c}Nhật ký riêng\u{201d} is a private journal entry, so it cannot be in a showcase: share it with your learning team or family first, or leave it out."
        );
        let err = store.create(an, AuthorRole::Student, showcase(json!([item("journal_entry", &theirs)]))).unwrap_err();
        assert!(matches!(&err, StoreError::Validation(v) if v.0[0].message.contains("another learner")), "{err:?}");
        let photo_item = |include: bool| json!({"kind": "evidence", "id": exp, "record_kind": "experience", "sha256": sha, "include_photos_of_others": include});
        let err = store.create(an, AuthorRole::Student, showcase(json!([photo_item(false)]))).unwrap_err();
        assert!(matches!(&err, StoreError::NotShowable { message, .. } if message.contains("showing other people")));
        let made = store
            .create(an, AuthorRole::Student, showcase(json!([item("journal_entry", &shared), photo_item(true)])))
            .unwrap();
        // The entry made Private later: the showcase is still saved unchanged
        // (its export refuses it), but adding the entry again is refused.
        let AnyRecord::Reflection(mut r) = store.get(RecordKind::Reflection, shared.parse().unwrap()).unwrap() else {
            panic!()
        };
        r.data.visibility = portfolio_domain::Visibility::Private;
        store.update(r.meta.id, RecordData::Reflection(r.data)).unwrap();
        let AnyRecord::Showcase(mut s) = made else { panic!() };
        s.data.title = "Application to Harbor City College".into();
        store.update(s.meta.id, RecordData::Showcase(s.data.clone())).unwrap();
        let again = s.data.sections[0].items[0].clone();
        s.data.sections[0].items.push(again);
        s.data.sections[0].items[2].note = "again".into();
        assert!(matches!(store.update(s.meta.id, RecordData::Showcase(s.data)), Err(StoreError::NotShowable { .. })));
    }
}
