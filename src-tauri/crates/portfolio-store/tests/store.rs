//! Store behaviour: round trips, indexes, migrations, refusals, concurrency.

use std::path::Path;

use chrono::NaiveDate;
use portfolio_domain::{
    AnyRecord, AuthorRole, BadgeData, ExperienceData, GoalData, Id, LearnerProfile, RecordData, RecordKind,
    ReflectionData,
};
use portfolio_store::{Store, StoreError, SCHEMA_VERSION};

/// sled releases its file lock from a background thread shortly after the
/// last handle is dropped; reopening in the same process waits for that.
fn sled_open(p: &Path) -> sled::Db {
    let start = std::time::Instant::now();
    loop {
        match sled::open(p) {
            Err(e) if e.to_string().contains("could not acquire lock") && start.elapsed().as_secs() < 10 => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.unwrap(),
        }
    }
}

/// Opens the store at `p` (migration copies go to `../backups`), waiting for
/// a just-closed handle to let go.
fn reopen(p: &Path) -> Result<Store, StoreError> {
    let start = std::time::Instant::now();
    let backups = p.parent().unwrap_or(p).join("backups");
    loop {
        match Store::open_with_backups(p, &backups) {
            Err(StoreError::InUse { .. }) if start.elapsed().as_secs() < 10 => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other,
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn profile(name: &str) -> LearnerProfile {
    LearnerProfile { name: name.into(), ..Default::default() }
}

fn experience(title: &str, start: NaiveDate) -> RecordData {
    RecordData::Experience(
        serde_json::from_value(serde_json::json!({"title": title, "start_date": start.to_string()})).unwrap(),
    )
}

fn titles(records: &[AnyRecord]) -> Vec<&str> {
    records.iter().map(|r| r.title()).collect()
}

#[test]
fn records_round_trip_and_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (learner, created) = {
        let store = Store::open(dir.path()).unwrap();
        let learner = store.create_learner(profile("Maya Okafor")).unwrap();
        let e = store
            .create(learner.id, AuthorRole::Student, experience("Bike shop internship", date(2026, 9, 1)))
            .unwrap();
        let r = store
            .create(
                learner.id,
                AuthorRole::Student,
                RecordData::Reflection(ReflectionData {
                    date: date(2026, 9, 5),
                    title: "Truing a wheel".into(),
                    body: "Spoke tension *matters*.".into(),
                    experience_ids: vec![e.meta().id],
                    goal_ids: vec![],
                    prompt: String::new(),
                    visibility: Default::default(),
                    evidence: vec![],
                }),
            )
            .unwrap();
        let g = store
            .create(
                learner.id,
                AuthorRole::Advisor,
                RecordData::Goal(
                    serde_json::from_value(serde_json::json!({"statement": "Run a repair clinic"})).unwrap(),
                ),
            )
            .unwrap();
        let b = store
            .create(
                learner.id,
                AuthorRole::Student,
                RecordData::Badge(BadgeData {
                    name: "Bike Mechanic I".into(),
                    issuer_name: "Community Cycles".into(),
                    issued_on: date(2026, 10, 1),
                    expires_on: None,
                    description: String::new(),
                    criteria: String::new(),
                    image_ref: None,
                    evidence_links: vec![],
                    goal_tags: vec![],
                    attached_keys: vec![],
                    source: Default::default(),
                    original_credential: Some(b"{\"@context\":\"x\"}".to_vec()),
                }),
            )
            .unwrap();
        (learner, vec![e, r, g, b])
        // store dropped here: reopening must read what was flushed
    };
    let store = reopen(dir.path()).unwrap();
    assert_eq!(store.learners().unwrap(), vec![learner.clone()]);
    for rec in &created {
        assert_eq!(&store.get(rec.kind(), rec.meta().id).unwrap(), rec);
        assert_eq!(store.list(learner.id, rec.kind(), "").unwrap(), vec![rec.clone()]);
    }
    assert_eq!(created[2].meta().author_role, AuthorRole::Advisor);
    let counts = store.counts(learner.id).unwrap();
    assert_eq!((counts.experience, counts.reflection, counts.goal, counts.badge), (1, 1, 1, 1));
    assert!(store.check_integrity().unwrap().problems.is_empty());
}

#[test]
fn lists_are_newest_first_filtered_and_per_learner() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = store.create_learner(profile("Ana")).unwrap();
    let b = store.create_learner(profile("Ben")).unwrap();
    for (t, d) in [
        ("Middle course", date(2026, 3, 1)),
        ("Oldest project", date(2025, 1, 1)),
        ("Newest internship", date(2026, 9, 1)),
    ] {
        store.create(a.id, AuthorRole::Student, experience(t, d)).unwrap();
    }
    store.create(b.id, AuthorRole::Student, experience("Ben's own", date(2026, 1, 1))).unwrap();
    let all = store.list(a.id, RecordKind::Experience, "").unwrap();
    assert_eq!(titles(&all), ["Newest internship", "Middle course", "Oldest project"]);
    assert_eq!(titles(&store.list(a.id, RecordKind::Experience, "  PROJECT ").unwrap()), ["Oldest project"]);
    assert_eq!(titles(&store.list(a.id, RecordKind::Experience, "newest intern").unwrap()), ["Newest internship"]);
    assert!(store.list(a.id, RecordKind::Experience, "newest project").unwrap().is_empty());
    assert_eq!(titles(&store.list(b.id, RecordKind::Experience, "").unwrap()), ["Ben's own"]);
}

#[test]
fn update_moves_the_index_entry_and_keeps_identity() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(profile("Ana")).unwrap();
    let first = store.create(l.id, AuthorRole::Student, experience("First", date(2026, 1, 1))).unwrap();
    store.create(l.id, AuthorRole::Student, experience("Second", date(2026, 2, 1))).unwrap();
    let moved = store.update(first.meta().id, experience("First, renamed", date(2026, 5, 1))).unwrap();
    assert_eq!(moved.meta().id, first.meta().id);
    assert_eq!(moved.meta().created, first.meta().created);
    assert!(moved.meta().updated >= first.meta().updated);
    assert_eq!(titles(&store.list(l.id, RecordKind::Experience, "").unwrap()), ["First, renamed", "Second"]);
    let report = store.check_integrity().unwrap();
    assert_eq!(report.records, 2);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn invalid_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(profile("Ana")).unwrap();
    let ok = store.create(l.id, AuthorRole::Student, experience("Kept", date(2026, 1, 1))).unwrap();
    let mut bad: ExperienceData =
        serde_json::from_value(serde_json::json!({"title": "Kept", "start_date": "2026-01-01"})).unwrap();
    bad.title = "x".repeat(10 * 1024 * 1024);
    let err = store.update(ok.meta().id, RecordData::Experience(bad.clone())).unwrap_err();
    let StoreError::Validation(v) = err else { panic!("a validation error: {err:?}") };
    assert_eq!(v.0[0].field, "title");
    bad.title = "Fine".into();
    bad.end_date = Some(date(2025, 1, 1));
    assert!(matches!(
        store.create(l.id, AuthorRole::Student, RecordData::Experience(bad)),
        Err(StoreError::Validation(_))
    ));
    assert!(matches!(store.create_learner(profile("  ")), Err(StoreError::Validation(_))));
    // Unknown learner and unknown ids.
    let ghost = Id::now_v7();
    assert!(matches!(
        store.create(ghost, AuthorRole::Student, experience("x", date(2026, 1, 1))),
        Err(StoreError::NotFound { what: "learner", .. })
    ));
    assert!(matches!(
        store.update(ghost, experience("x", date(2026, 1, 1))),
        Err(StoreError::NotFound { what: "experience", .. })
    ));
    assert!(matches!(store.delete(RecordKind::Goal, ghost), Err(StoreError::NotFound { .. })));
    // The one stored record is untouched.
    assert_eq!(store.list(l.id, RecordKind::Experience, "").unwrap(), vec![ok]);
    assert_eq!(store.learners().unwrap().len(), 1);
}

#[test]
fn delete_then_restore_is_an_exact_undo() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(profile("Ana")).unwrap();
    let g = store
        .create(
            l.id,
            AuthorRole::Student,
            RecordData::Goal(GoalData {
                statement: "Speak at the city council".into(),
                why: "Bus routes".into(),
                goal_tags: vec!["communication".into()],
                target_date: Some(date(2027, 1, 15)),
                status: Default::default(),
                steps: vec![],
                progress_notes: vec![],
                evidence: vec![],
            }),
        )
        .unwrap();
    let deleted = store.delete(RecordKind::Goal, g.meta().id).unwrap();
    assert_eq!(deleted, g);
    assert!(store.list(l.id, RecordKind::Goal, "").unwrap().is_empty());
    assert!(matches!(store.get(RecordKind::Goal, g.meta().id), Err(StoreError::NotFound { .. })));
    store.restore(&deleted).unwrap();
    assert_eq!(store.list(l.id, RecordKind::Goal, "").unwrap(), vec![g]);
    assert!(store.check_integrity().unwrap().problems.is_empty());
}

#[test]
fn deleting_a_learner_removes_all_their_records_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = store.create_learner(profile("Ana")).unwrap();
    let b = store.create_learner(profile("Ben")).unwrap();
    for i in 0..5 {
        store.create(a.id, AuthorRole::Student, experience(&format!("A{i}"), date(2026, 1, 1 + i))).unwrap();
    }
    let keep = store.create(b.id, AuthorRole::Student, experience("B", date(2026, 1, 1))).unwrap();
    store.delete_learner(a.id).unwrap();
    assert_eq!(store.learners().unwrap().len(), 1);
    assert_eq!(store.list(b.id, RecordKind::Experience, "").unwrap(), vec![keep]);
    let report = store.check_integrity().unwrap();
    assert_eq!(report.records, 1);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn create_many_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(profile("Ana")).unwrap();
    let items = vec![experience("ok", date(2026, 1, 1)), experience("", date(2026, 1, 2))];
    let err = store.create_many(l.id, AuthorRole::Student, items).unwrap_err();
    assert_eq!(err.to_string(), "Item 2: Title is required.");
    assert_eq!(store.counts(l.id).unwrap().experience, 0);
    let many: Vec<RecordData> =
        (0..3000).map(|i| experience(&format!("E{i}"), date(2020, 1, 1) + chrono::Days::new(i))).collect();
    store.create_many(l.id, AuthorRole::Student, many).unwrap();
    let listed = store.list(l.id, RecordKind::Experience, "").unwrap();
    assert_eq!(listed.len(), 3000);
    assert_eq!(listed[0].title(), "E2999");
}

#[test]
fn concurrent_writers_keep_indexes_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(profile("Ana")).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                for i in 0..25u32 {
                    let r = store
                        .create(l.id, AuthorRole::Student, experience(&format!("t{t}-{i}"), date(2026, 1, 1 + i)))
                        .unwrap();
                    mine.push(r);
                }
                // Each thread edits and deletes some of its own records.
                for r in mine.iter().take(10) {
                    store.update(r.meta().id, experience(&format!("{}-edited", r.title()), date(2026, 6, 1))).unwrap();
                }
                for r in mine.iter().skip(20) {
                    store.delete(RecordKind::Experience, r.meta().id).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let listed = store.list(l.id, RecordKind::Experience, "").unwrap();
    assert_eq!(listed.len(), 4 * 20);
    assert_eq!(listed.iter().filter(|r| r.title().ends_with("-edited")).count(), 40);
    let report = store.check_integrity().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

fn write_v1_store(dir: &Path) -> serde_json::Value {
    let fixture: serde_json::Value = serde_json::from_str(include_str!("fixtures/schema-v1.json")).unwrap();
    let db = sled_open(dir);
    let meta = db.open_tree("meta").unwrap();
    meta.insert("format", portfolio_store::FORMAT_MARK).unwrap();
    meta.insert("schema_version", &1u32.to_be_bytes()).unwrap();
    for tree in ["learners", "experiences", "reflections", "goals", "badges"] {
        let t = db.open_tree(tree).unwrap();
        for rec in fixture[tree].as_array().unwrap() {
            let id: Id = rec["id"].as_str().unwrap().parse().unwrap();
            t.insert(id.as_bytes(), serde_json::to_vec(rec).unwrap()).unwrap();
        }
    }
    db.flush().unwrap();
    fixture
}

#[test]
fn opens_and_migrates_a_schema_1_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    std::fs::create_dir(&dir).unwrap();
    let fixture = write_v1_store(&dir);
    let store = reopen(&dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let learners = store.learners().unwrap();
    assert_eq!(learners.len(), 1);
    assert_eq!(learners[0].profile.preferred_name, "Ana");
    assert_eq!(learners[0].profile.emails, ["ana.reyes@example.org"]);
    let id = learners[0].id;
    let exps = store.list(id, RecordKind::Experience, "").unwrap();
    assert_eq!(titles(&exps), ["Tide pool photo survey", "Aquarium volunteer internship"]);
    let AnyRecord::Experience(aq) = &exps[1] else { panic!("not an experience") };
    assert_eq!(aq.data.mentor.name, "Dr. Priya Nair");
    assert_eq!(aq.data.hours, Some(64.0));
    assert_eq!(aq.meta.author_role, AuthorRole::Student);
    assert_eq!(aq.meta.created.to_rfc3339(), "2025-09-10T10:00:00+00:00");
    let refl = store.list(id, RecordKind::Reflection, "titrate").unwrap();
    assert_eq!(refl.len(), 1);
    assert_eq!(store.list(id, RecordKind::Goal, "").unwrap().len(), 1);
    assert_eq!(store.list(id, RecordKind::Badge, "naturalist").unwrap().len(), 1);
    let report = store.check_integrity().unwrap();
    assert_eq!(report.records, 5);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The schema-1 files were copied aside before the upgrade.
    let backups: Vec<_> = std::fs::read_dir(tmp.path().join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("store-before-migration-v1-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    drop(store);
    // Reopening a migrated store changes nothing.
    let again = reopen(&dir).unwrap();
    assert_eq!(again.list(id, RecordKind::Experience, "").unwrap(), exps);
    assert_eq!(fixture["experiences"].as_array().unwrap().len(), 2);
}

#[test]
fn refuses_newer_schema_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.create_learner(profile("Ana")).unwrap();
    }
    {
        let db = sled_open(dir.path());
        db.open_tree("meta").unwrap().insert("schema_version", &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = reopen(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer version of Learner Portfolio"), "{err}");
    let db = sled_open(dir.path());
    assert_eq!(db.open_tree("learners").unwrap().len(), 1);
}

#[test]
fn refuses_foreign_folders_files_and_databases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), b"not ours").unwrap();
    let err = Store::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("already contains other files"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("thesis.docx")).unwrap(), b"not ours");

    let file = dir.path().join("thesis.docx");
    let err = Store::open(&file).err().unwrap();
    assert!(err.to_string().contains("is a file, not a folder"), "{err}");

    let other = tempfile::tempdir().unwrap();
    {
        let db = sled_open(other.path());
        db.insert("someone", "else").unwrap();
        db.flush().unwrap();
    }
    let err = reopen(other.path()).err().unwrap();
    assert!(err.to_string().contains("database of another program"), "{err}");
}

#[test]
fn refuses_a_damaged_store_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.create_learner(profile("Ana")).unwrap();
    }
    std::fs::write(dir.path().join("conf"), b"\x00\x01garbage").unwrap();
    let err = reopen(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().contains("could not be read"), "{err}");
}

#[test]
fn a_second_open_is_refused_as_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::InUse { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("The portfolio at {} is open in another program (the Learner Portfolio app or its command line). Close it and try again.", dir.path().display())
    );
}

#[test]
fn broken_indexes_are_rebuilt_from_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let lid = {
        let store = Store::open(dir.path()).unwrap();
        let l = store.create_learner(profile("Ana")).unwrap();
        for i in 0..5 {
            store.create(l.id, AuthorRole::Student, experience(&format!("E{i}"), date(2026, 1, 1 + i))).unwrap();
        }
        l.id
    };
    {
        let db = sled_open(dir.path());
        let idx = db.open_tree("experiences_by_learner").unwrap();
        let first = idx.iter().next().unwrap().unwrap().0;
        idx.remove(first).unwrap();
        idx.insert(vec![7u8; 40], vec![]).unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path()).unwrap();
    assert_eq!(store.check_integrity().unwrap().problems.len(), 2);
    assert_eq!(store.repair_indexes().unwrap(), 5);
    assert!(store.check_integrity().unwrap().problems.is_empty());
    assert_eq!(store.list(lid, RecordKind::Experience, "").unwrap().len(), 5);
}

#[test]
fn damaged_record_is_reported_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let (lid, rid) = {
        let store = Store::open(dir.path()).unwrap();
        let l = store.create_learner(profile("Ana")).unwrap();
        let r = store.create(l.id, AuthorRole::Student, experience("x", date(2026, 1, 1))).unwrap();
        (l.id, r.meta().id)
    };
    {
        let db = sled_open(dir.path());
        db.open_tree("experiences").unwrap().insert(rid.as_bytes(), &b"{\"v\":2,\"record\":{oops"[..]).unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path()).unwrap();
    let err = store.list(lid, RecordKind::Experience, "").unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert_eq!(store.check_integrity().unwrap().problems.len(), 2);
}

/// `modify` is one read-modify-write: many threads appending to the same
/// record at once lose nothing (each change is retried on the newer version).
#[test]
fn concurrent_modifications_of_one_record_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = portfolio_store::Store::open(dir.path().join("store")).unwrap();
    let learner = store
        .create_learner(portfolio_domain::LearnerProfile { name: "Lan Nguyễn".into(), ..Default::default() })
        .unwrap();
    let data = portfolio_domain::RecordData::from_json(
        portfolio_domain::RecordKind::Reflection,
        serde_json::json!({"title": "Tuần 1", "date": "2026-09-07", "body": ""}),
    )
    .unwrap();
    let r = store.create(learner.id, portfolio_domain::AuthorRole::Student, data).unwrap();
    let id = r.meta().id;
    std::thread::scope(|s| {
        for t in 0..8 {
            let store = store.clone();
            s.spawn(move || {
                for i in 0..10 {
                    store
                        .modify(portfolio_domain::RecordKind::Reflection, id, |old| {
                            let mut data = old.data();
                            if let portfolio_domain::RecordData::Reflection(d) = &mut data {
                                d.body.push_str(&format!("[{t}-{i}]"));
                            }
                            Ok(Some(data))
                        })
                        .unwrap();
                }
            });
        }
    });
    let body = match store.get(portfolio_domain::RecordKind::Reflection, id).unwrap() {
        portfolio_domain::AnyRecord::Reflection(r) => r.data.body,
        _ => unreachable!(),
    };
    for t in 0..8 {
        for i in 0..10 {
            assert!(body.contains(&format!("[{t}-{i}]")), "change {t}-{i} was lost: {body}");
        }
    }
}
