//! The learning-plan loop through the store: periods, plans with revisions,
//! check-ins, exhibitions, next plans, the overview, and frameworks.

use chrono::{NaiveDate, Utc};
use portfolio_domain::{
    AnyRecord, AuthorRole, CheckInData, ExhibitionData, Id, LearnerProfile, Panelist, PeriodData, PlanContent,
    PlanData, PlanGoal, PlanGoalStatus, RecordData, RecordKind, Rubric, Score, ScoreSheet, SignOff,
};
use portfolio_store::{Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn setup() -> (tempfile::TempDir, Store, Id) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let l = store.create_learner(LearnerProfile { name: "Ana Reyes".into(), ..Default::default() }).unwrap();
    (dir, store, l.id)
}

fn period(store: &Store, l: Id, name: &str, start: NaiveDate, end: NaiveDate) -> Result<Id, StoreError> {
    store
        .create(l, AuthorRole::Advisor, RecordData::Period(PeriodData { name: name.into(), start, end }))
        .map(|r| r.meta().id)
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Validation(v) => v.0.first().map(|f| f.field.clone()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn plan_with_goals(period_id: Id, titles: &[&str]) -> PlanData {
    let mut c = PlanContent::default();
    for (i, t) in titles.iter().enumerate() {
        c.goals.push(PlanGoal {
            id: format!("g{i}"),
            title: (*t).into(),
            goal_tags: vec!["communication".into()],
            ..Default::default()
        });
    }
    PlanData::new(period_id, c)
}

#[test]
fn periods_must_not_overlap_or_invert() {
    let (_d, store, l) = setup();
    period(&store, l, "Q1", d(2026, 9, 1), d(2026, 11, 9)).unwrap();
    let err = period(&store, l, "Q2", d(2026, 11, 9), d(2027, 1, 20)).unwrap_err();
    assert!(err.to_string().contains("\u{201c}Q2\u{201d} overlaps \u{201c}Q1\u{201d}"), "{err}");
    let err = period(&store, l, "Backwards", d(2027, 3, 1), d(2027, 2, 1)).unwrap_err();
    assert_eq!(field_of(err), "end");
    period(&store, l, "Q2", d(2026, 11, 10), d(2027, 1, 20)).unwrap();
    assert_eq!(store.counts(l).unwrap().period, 2);
}

#[test]
fn one_plan_per_period_and_revisions_after_sign_off() {
    let (_d, store, l) = setup();
    let q1 = period(&store, l, "Q1", d(2026, 9, 1), d(2026, 11, 9)).unwrap();
    let plan = store
        .create(l, AuthorRole::Student, RecordData::Plan(plan_with_goals(q1, &["Run a field study", "Speak up"])))
        .unwrap();
    let err = store.create(l, AuthorRole::Student, RecordData::Plan(plan_with_goals(q1, &["Again"]))).unwrap_err();
    assert_eq!(err.to_string(), "This marking period already has a Learning Plan; open it instead.");

    // Sign as student and advisor: same revision.
    let AnyRecord::Plan(p) = plan else { panic!() };
    let mut signing = p.data.clone();
    signing.signoffs = vec![
        SignOff { name: "Ana Reyes".into(), role: "student".into(), signed_at: Utc::now() },
        SignOff { name: "Mr. Osei".into(), role: "advisor".into(), signed_at: Utc::now() },
    ];
    let AnyRecord::Plan(signed) = store.update(p.meta.id, RecordData::Plan(signing)).unwrap() else { panic!() };
    assert_eq!((signed.data.revision, signed.data.signoffs.len()), (1, 2));

    // Edit after sign-off: revision 2, revision 1 kept with its signatures.
    let mut edit = signed.data.clone();
    edit.content.goals[1].title = "Speak up in every meeting".into();
    let AnyRecord::Plan(r2) = store.update(p.meta.id, RecordData::Plan(edit)).unwrap() else { panic!() };
    assert_eq!(r2.data.revision, 2);
    assert!(r2.data.signoffs.is_empty());
    assert_eq!(r2.data.history[0].signoffs.len(), 2);
    assert_eq!(r2.data.history[0].changes, ["Changed goal \u{201c}Speak up in every meeting\u{201d}."]);
    assert_eq!(r2.data.history[0].content.goals[1].title, "Speak up");

    // Check-ins must name a real plan goal.
    let ok = CheckInData {
        plan_id: p.meta.id,
        plan_goal_id: "g0".into(),
        date: d(2026, 9, 20),
        who: "Ana, Mr. Osei".into(),
        progress: "Chose routes".into(),
        next_step: String::new(),
    };
    store.create(l, AuthorRole::Advisor, RecordData::CheckIn(ok.clone())).unwrap();
    let err = store
        .create(l, AuthorRole::Advisor, RecordData::CheckIn(CheckInData { plan_goal_id: "nope".into(), ..ok }))
        .unwrap_err();
    assert_eq!(field_of(err), "plan_goal_id");
}

fn exhibition(period_id: Id) -> ExhibitionData {
    let framework = portfolio_domain::builtin_frameworks().remove(0);
    ExhibitionData {
        period_id,
        title: "Q1 exhibition".into(),
        date: d(2026, 11, 5),
        place: "Library".into(),
        panel: ["student", "advisor", "mentor"]
            .iter()
            .map(|r| Panelist { id: (*r).into(), name: format!("Panelist {r}"), role: (*r).into() })
            .collect(),
        agenda: vec![],
        items: vec![],
        rubric: Rubric::from_framework(&framework),
        sheets: vec![],
        agreed: None,
        commendations: vec!["Great data".into()],
        recommendations: vec!["Use a control group".into()],
        next_plan_suggestions: vec!["Present to the city council".into()],
    }
}

#[test]
fn exhibition_scores_then_next_plan_carries_recommendations() {
    let (_d, store, l) = setup();
    let q1 = period(&store, l, "Q1", d(2026, 9, 1), d(2026, 11, 9)).unwrap();
    let q2 = period(&store, l, "Q2", d(2026, 11, 10), d(2027, 1, 20)).unwrap();
    let mut p = plan_with_goals(q1, &["Run a field study"]);
    p.content.team.push(portfolio_domain::TeamMember {
        name: "Mr. Osei".into(),
        role: "advisor".into(),
        contact: String::new(),
    });
    store.create(l, AuthorRole::Student, RecordData::Plan(p)).unwrap();
    let ex = store.create(l, AuthorRole::Student, RecordData::Exhibition(exhibition(q1))).unwrap();

    // Three panelists hand in sheets one by one.
    let AnyRecord::Exhibition(mut e) = ex.clone() else { panic!() };
    for (who, v) in [("student", 4u8), ("advisor", 2), ("mentor", 3)] {
        e.data.sheets.push(ScoreSheet {
            panelist_id: who.into(),
            scores: e.data.rubric.criteria.iter().map(|c| Score { criterion_id: c.id.clone(), value: v }).collect(),
            comment: String::new(),
            submitted_at: Utc::now(),
        });
        let AnyRecord::Exhibition(saved) = store.update(e.meta.id, RecordData::Exhibition(e.data.clone())).unwrap()
        else {
            panic!()
        };
        e = saved;
    }
    let summary = portfolio_domain::summarize(&e.data);
    assert!(summary.iter().all(|s| s.count == 3 && s.wide && (s.mean - 3.0).abs() < 1e-9));
    // Out-of-range scores are refused; nothing changes.
    let mut bad = e.data.clone();
    bad.sheets[0].scores[0].value = 9;
    assert!(matches!(store.update(e.meta.id, RecordData::Exhibition(bad)), Err(StoreError::Validation(_))));
    assert_eq!(store.get(RecordKind::Exhibition, e.meta.id).unwrap(), AnyRecord::Exhibition(e.clone()));

    let next = store.start_next_plan(e.meta.id, q2).unwrap();
    let AnyRecord::Plan(next) = next else { panic!() };
    assert_eq!(next.data.period_id, q2);
    assert_eq!(next.data.content.carried_recommendations, ["Use a control group", "Present to the city council"]);
    assert_eq!(next.data.content.team[0].name, "Mr. Osei");
    // Not backwards in time, not twice.
    assert!(store.start_next_plan(e.meta.id, q1).unwrap_err().to_string().contains("does not come after"));
    assert_eq!(
        store.start_next_plan(e.meta.id, q2).unwrap_err().to_string(),
        "This marking period already has a Learning Plan; open it instead."
    );
}

#[test]
fn overview_counts_evidence_hours_and_missing_work() {
    let (_d, store, l) = setup();
    let q1 = period(&store, l, "Q1", d(2026, 9, 1), d(2026, 11, 9)).unwrap();
    let exp = |title: &str, start: &str, end: Option<&str>, hours: f64, tags: &[&str]| {
        let v = serde_json::json!({"title": title, "start_date": start, "end_date": end, "hours": hours, "goal_tags": tags});
        RecordData::from_json(RecordKind::Experience, v).unwrap()
    };
    let inside = store
        .create(
            l,
            AuthorRole::Student,
            exp("Clinic", "2026-09-10", None, 20.0, &["empirical_reasoning", "communication"]),
        )
        .unwrap();
    store
        .create(
            l,
            AuthorRole::Student,
            exp("Last year", "2025-01-10", Some("2025-06-01"), 99.0, &["empirical_reasoning"]),
        )
        .unwrap();
    // An experience still ongoing from before the period counts in it.
    store
        .create(l, AuthorRole::Student, exp("Ongoing club", "2025-01-10", None, 5.0, &["personal_qualities"]))
        .unwrap();
    let refl = serde_json::json!({"date": "2026-09-12", "title": "Week 2", "experience_ids": [inside.meta().id]});
    store.create(l, AuthorRole::Student, RecordData::from_json(RecordKind::Reflection, refl).unwrap()).unwrap();
    let mut p = plan_with_goals(q1, &["Explain a diagnosis"]);
    p.content.goals[0].status = PlanGoalStatus::OnTrack;
    store.create(l, AuthorRole::Student, RecordData::Plan(p)).unwrap();

    let o = store.period_overview(l, q1).unwrap();
    let er = o.goals.iter().find(|g| g.goal_id == "empirical_reasoning").unwrap();
    assert_eq!((er.evidence, er.hours), (2, 20.0));
    let pq = o.goals.iter().find(|g| g.goal_id == "personal_qualities").unwrap();
    assert_eq!((pq.evidence, pq.hours), (1, 5.0));
    let comm = o.goals.iter().find(|g| g.goal_id == "communication").unwrap();
    assert_eq!((comm.plan_goals, comm.plan_goals_on_track), (1, 1));
    assert!(o.missing.contains(&"The Learning Plan has not been signed.".to_string()));
    assert!(o
        .missing
        .contains(&"Plan goal \u{201c}Explain a diagnosis\u{201d} has no exhibition evidence yet.".to_string()));
    assert!(o.missing.contains(&"No evidence for Social Reasoning in this period.".to_string()));
    assert!(o.missing.contains(&"No exhibition is scheduled for this period.".to_string()));
    // Each bar can open its evidence: the clinic and the journal entry about it.
    assert_eq!(er.experience_ids, vec![inside.meta().id]);
    assert_eq!(er.reflection_ids.len(), 1);
    assert!(pq.reflection_ids.is_empty());
    assert_eq!((o.start, o.end, o.exhibition_date), (d(2026, 9, 1), d(2026, 11, 9), None));
}

#[test]
fn overview_names_plan_goals_that_are_not_on_track_and_the_exhibition_date() {
    let (_d, store, l) = setup();
    let q1 = period(&store, l, "Q1", d(2026, 9, 1), d(2026, 11, 9)).unwrap();
    let mut p = plan_with_goals(q1, &["Explicar un diagnóstico", "Viết báo cáo 📋", "放弃的目标"]);
    p.content.goals[1].status = PlanGoalStatus::AtRisk;
    p.content.goals[2].status = PlanGoalStatus::Changed;
    store.create(l, AuthorRole::Student, RecordData::Plan(p)).unwrap();
    store.create(l, AuthorRole::Student, RecordData::Exhibition(exhibition(q1))).unwrap();

    let o = store.period_overview(l, q1).unwrap();
    assert!(o.missing.contains(&"Plan goal \u{201c}Explicar un diagnóstico\u{201d} is not started yet.".to_string()));
    assert!(o.missing.contains(&"Plan goal \u{201c}Viết báo cáo 📋\u{201d} is behind.".to_string()));
    assert!(!o.missing.iter().any(|m| m.contains("放弃的目标") && m.contains(" is ")), "{:?}", o.missing);
    // A dropped plan goal no longer counts as one that serves the learning goal.
    let comm = o.goals.iter().find(|g| g.goal_id == "communication").unwrap();
    assert_eq!((comm.plan_goals, comm.plan_goals_on_track), (2, 0));
    assert!(o.exhibition_date.is_some());
    assert!(!o.missing.iter().any(|m| m.contains("No exhibition")));
}

#[test]
fn frameworks_builtin_custom_and_matrix_round_trip() {
    let (_d, store, l) = setup();
    let all = store.frameworks().unwrap();
    assert_eq!(all.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["bpl", "bpl-au"]);
    let err = store.save_framework(all[0].clone()).unwrap_err();
    assert!(err.to_string().contains("ships with the app and cannot be changed"));

    let text = store.export_matrix("bpl-au").unwrap();
    let imported = store.import_matrix(text.as_bytes()).unwrap();
    assert!(!imported.builtin);
    assert_eq!(imported.goals, all[1].goals);
    assert_eq!(store.frameworks().unwrap().len(), 3);

    // A learner using it blocks deletion; tags stay ids.
    let mut profile = store.learner(l).unwrap().profile;
    profile.framework_id = imported.id.clone();
    store.update_learner(l, profile).unwrap();
    let err = store.delete_framework(&imported.id).unwrap_err();
    assert!(err.to_string().contains("is in use by Ana Reyes"), "{err}");
    assert!(matches!(store.import_matrix(b"{\"framework\": 3}").unwrap_err(), StoreError::Refused(_)));
    assert!(matches!(store.framework("nope"), Err(StoreError::NoSuchFramework(_))));
}
