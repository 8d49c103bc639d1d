use super::*;
use crate::fixtures::{experience, reflection};

fn learner() -> Id {
    portfolio_domain::new_id()
}

fn set_title(record: &AnyRecord, title: &str) -> AnyRecord {
    let mut r = record.clone();
    match &mut r {
        AnyRecord::Experience(e) => e.data.title = title.into(),
        AnyRecord::Reflection(e) => e.data.title = title.into(),
        _ => unreachable!(),
    }
    r
}

#[test]
fn placement_follows_visibility() {
    let l = learner();
    assert_eq!(placement(&experience(l, "Prácticas")), Placement::Portfolio);
    assert_eq!(placement(&reflection(l, "a", "b", "private")), Placement::NotShared);
    assert_eq!(placement(&reflection(l, "a", "b", "learning_team")), Placement::Team);
    assert_eq!(placement(&reflection(l, "a", "b", "family")), Placement::Portfolio);
}

#[test]
fn private_entries_are_written_to_no_document() {
    let l = learner();
    let secret = "Mi diario secreto: nhật ký bí mật 🤫 سري";
    let private = reflection(l, "Solo para mí", secret, "private");
    for role in [DocRole::Portfolio, DocRole::Team] {
        let mut doc = new_document(role, l, None).unwrap();
        let e = write_record(&mut doc, &private).unwrap_err();
        assert!(e.to_string().contains("never leaves this device"), "{e}");
        let bytes = doc.save();
        assert!(!String::from_utf8_lossy(&bytes).contains("secreto"));
        assert!(read_records(&doc).unwrap().records.is_empty());
    }
    let mut contributions = new_document(DocRole::Contributions, l, Some("did:key:z6Mkx")).unwrap();
    assert!(write_record(&mut contributions, &private).is_err());
}

#[test]
fn team_entries_stay_out_of_the_family_document() {
    let l = learner();
    let mut portfolio = new_document(DocRole::Portfolio, l, None).unwrap();
    let mut team = new_document(DocRole::Team, l, None).unwrap();
    let entry = reflection(l, "Reunión con mi asesora", "Hablamos del plan", "learning_team");
    assert!(write_record(&mut portfolio, &entry).unwrap_err().to_string().contains("not shared with family"));
    assert!(write_record(&mut team, &entry).unwrap() > 0);
    let exp = experience(l, "Prácticas");
    assert!(write_record(&mut team, &exp).is_err());
    let other = experience(learner(), "Otro alumno");
    assert!(write_record(&mut portfolio, &other).unwrap_err().to_string().contains("another learner"));
}

#[test]
fn records_round_trip_and_unchanged_fields_are_not_rewritten() {
    let l = learner();
    let mut doc = new_document(DocRole::Portfolio, l, None).unwrap();
    let exp = experience(l, "Prácticas en el taller 自行车 🚲");
    let first = write_record(&mut doc, &exp).unwrap();
    assert!(first > 5, "{first}");
    assert_eq!(write_record(&mut doc, &exp).unwrap(), 0, "same record: nothing to write");
    let set = read_records(&doc).unwrap();
    assert_eq!(set.records.len(), 1);
    assert_eq!(set.records[0].record, exp);
    assert!(set.records[0].conflicts.is_empty());
    let changed = set_title(&exp, "Nuevo título");
    assert_eq!(write_record(&mut doc, &changed).unwrap(), 1);
    assert_eq!(read_record(&doc, exp.meta().id).unwrap().unwrap().record, changed);
    assert!(remove_record(&mut doc, exp.meta().id).unwrap());
    assert!(read_record(&doc, exp.meta().id).unwrap().is_none());
    assert!(!remove_record(&mut doc, exp.meta().id).unwrap());
}

#[test]
fn concurrent_edits_merge_and_same_field_conflicts_keep_both_values() {
    let l = learner();
    let mut student = new_document(DocRole::Portfolio, l, None).unwrap();
    let exp = experience(l, "Original");
    write_record(&mut student, &exp).unwrap();
    let mut advisor = student.fork();
    // Different fields: both survive.
    let mut by_student = exp.clone();
    let mut by_advisor = exp.clone();
    if let (AnyRecord::Experience(s), AnyRecord::Experience(a)) = (&mut by_student, &mut by_advisor) {
        s.data.description = "Descripción nueva del alumno".into();
        a.data.hours = Some(40.0);
    }
    write_record(&mut student, &by_student).unwrap();
    write_record(&mut advisor, &by_advisor).unwrap();
    student.merge(&mut advisor).unwrap();
    advisor.merge(&mut student).unwrap();
    let merged = read_record(&student, exp.meta().id).unwrap().unwrap();
    let AnyRecord::Experience(m) = &merged.record else { panic!() };
    assert_eq!(m.data.description, "Descripción nueva del alumno");
    assert_eq!(m.data.hours, Some(40.0));
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    // Same field: same winner everywhere, the other value kept.
    write_record(&mut student, &set_title(&merged.record, "Título de Ana")).unwrap();
    write_record(&mut advisor, &set_title(&merged.record, "Tiêu đề của thầy")).unwrap();
    student.merge(&mut advisor).unwrap();
    advisor.merge(&mut student).unwrap();
    let a = read_record(&student, exp.meta().id).unwrap().unwrap();
    let b = read_record(&advisor, exp.meta().id).unwrap().unwrap();
    assert_eq!(a, b, "every device shows the same result");
    let title = a.conflicts.iter().find(|c| c.field == "title").expect("title conflict");
    let mut both = vec![title.chosen.clone(), title.others[0].clone()];
    both.sort_by_key(|v| v.to_string());
    assert_eq!(both, vec![json("Tiêu đề của thầy"), json("Título de Ana")]);
}

fn json(s: &str) -> Json {
    Json::String(s.into())
}

#[test]
fn huge_and_hostile_values_survive() {
    let l = learner();
    let mut doc = new_document(DocRole::Team, l, None).unwrap();
    let body: String = "مرحبا 你好 xin chào 👩🏽‍🔬 \u{0000}\"'\\\n".repeat(20_000);
    let entry = reflection(l, "Grande", &body, "learning_team");
    write_record(&mut doc, &entry).unwrap();
    let loaded = Automerge::load(&doc.save()).unwrap();
    assert_eq!(read_records(&loaded).unwrap().records[0].record, entry);
}

#[test]
fn documents_describe_themselves() {
    let l = learner();
    let doc = new_document(DocRole::Contributions, l, Some("did:key:z6MkAuthor")).unwrap();
    let info = doc_info(&doc).unwrap();
    assert_eq!(
        (info.role, info.learner_id, info.author_did.as_deref()),
        (DocRole::Contributions, l, Some("did:key:z6MkAuthor"))
    );
    assert!(new_document(DocRole::Contributions, l, None).is_err());
    assert!(doc_info(&Automerge::new()).unwrap_err().to_string().contains("no \u{201c}lp\u{201d}"));
}
