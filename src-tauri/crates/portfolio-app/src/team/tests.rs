//! The app layer's team status, unread comments and caseload, on one device
//! with no relay (a closed port stands for an unreachable relay; another
//! person's contributions document is made on this device's engine).

use std::time::Duration;

use chrono::{Local, NaiveDate, Utc};
use portfolio_domain::{AuthorRole, Id, LearnerProfile, RecordKind};
use portfolio_sync::{Comment, DeviceIdentity, DocRole, RelayKind};

use super::{PlanStatus, SyncState};
use crate::{App, DataDir};

fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Adds a contributions document for another person (`name`, `role`) on
/// `learner`'s team and writes `texts` as their comments on `on`.
fn comments_from(app: &App, learner: Id, name: &str, role: AuthorRole, on: &str, texts: &[&str]) -> Vec<Comment> {
    let other = DeviceIdentity::generate().did();
    let mut s = app.team_settings(learner).unwrap().unwrap();
    let made: Vec<Comment> = texts.iter().map(|t| Comment::new(on, t, &other, name, role)).collect();
    let (put, author) = (made.clone(), other.clone());
    let doc = app
        .with_engine(move |repo| async move {
            let doc = repo.create(DocRole::Contributions, learner, Some(&author)).await?;
            for c in &put {
                doc.put_comment(c).await?;
            }
            Ok(doc.id())
        })
        .unwrap();
    s.docs.contributions.insert(other, doc);
    app.save_team_settings(&s).unwrap();
    made
}

#[test]
fn the_status_says_what_is_known_and_never_hides_a_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    assert_eq!(app.sync_status().unwrap().state, SyncState::NotShared);
    assert_eq!(app.sync_status().unwrap().summary, "Not shared with a team");
    let learner = app.create_demo(today()).unwrap().id;
    let url = format!("ws://127.0.0.1:{}", closed_port());
    app.set_team_relay(learner, &url, RelayKind::Project).unwrap();

    let before = app.sync_status().unwrap();
    assert_eq!(before.state, SyncState::NotSyncedYet);
    let records: usize = RecordKind::ALL.iter().map(|k| app.list_records(learner, *k, "").unwrap().len()).sum();
    assert!(before.changes_waiting >= records && records > 20, "{before:?}");
    assert!(before.summary.starts_with("Not synced yet, "), "{}", before.summary);

    let started = Utc::now();
    let report = app.sync().unwrap();
    assert!(report.learners.is_empty());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].learner_id, learner);
    assert!(report.failed[0].error.message.contains(&url), "{}", report.failed[0].error.message);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["failed"][0]["learner_id"], learner.to_string());

    let status = app.sync_status().unwrap();
    let one = &status.learners[0];
    assert_eq!((status.state, one.state), (SyncState::Unreachable, SyncState::Unreachable));
    let since = one.failing_since.unwrap();
    assert!(since >= started && since <= Utc::now());
    let hhmm = since.with_timezone(&Local).format("%H:%M").to_string();
    assert_eq!(one.summary, format!("Relay unreachable since {hhmm}"));
    assert_eq!(status.summary, one.summary);
    assert_eq!(status.failing_since, Some(since));
    assert!(one.last_error.as_deref().unwrap().contains(&url));
    assert!(one.changes_waiting > 0, "the documents hold changes the relay never confirmed: {one:?} {records}");
    assert_eq!(one.last_success, None);

    // A second failure keeps the first failure's time.
    app.sync().unwrap();
    assert_eq!(app.sync_status().unwrap().learners[0].failing_since, Some(since));
    app.stop_sync().unwrap();
}

#[test]
fn unread_comments_are_counted_per_target_and_marked_read_on_this_device() {
    let tmp = tempfile::tempdir().unwrap();
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    let learner = app.create_learner(LearnerProfile { name: "Ana Nguyễn".into(), ..Default::default() }).unwrap().id;
    let exp = |t: &str| {
        portfolio_domain::RecordData::from_json(
            RecordKind::Experience,
            serde_json::json!({"title": t, "start_date": "2026-09-07"}),
        )
        .unwrap()
    };
    let exps = app.add_records(learner, AuthorRole::Student, vec![exp("Taller"), exp("Huerto")]).unwrap();
    app.set_team_relay(learner, &format!("ws://127.0.0.1:{}", closed_port()), RelayKind::Project).unwrap();
    let (on_a, on_b) = (format!("experience:{}", exps[0].meta().id), format!("experience:{}", exps[1].meta().id));

    let mine = app.comment(learner, &on_a, "Mi propia nota").unwrap();
    let theirs =
        comments_from(&app, learner, "Dr. Romero", AuthorRole::Advisor, &on_a, &["Buen trabajo 👏", "¿Y los datos?"]);
    comments_from(&app, learner, "Mẹ của Ana", AuthorRole::Family, &on_b, &["Rất tự hào"]);

    let unread = app.unread_comments(learner).unwrap();
    let counts: Vec<(String, usize)> = unread.iter().map(|u| (u.on.clone(), u.count)).collect();
    let mut want = vec![(on_a.clone(), 2), (on_b.clone(), 1)];
    want.sort();
    assert_eq!(counts, want, "own comments are never unread");

    let thread = app.comment_thread(learner, &on_a).unwrap();
    assert_eq!(thread.len(), 3);
    let by_text = |t: &str| thread.iter().find(|v| v.comment.text == t).unwrap();
    assert!(!by_text(&mine.text).unread && !by_text(&mine.text).feedback);
    assert!(by_text("Buen trabajo 👏").unread && by_text("Buen trabajo 👏").feedback);
    assert_eq!(by_text("¿Y los datos?").comment, theirs[1]);

    assert_eq!(app.mark_comments_read(learner, &on_a).unwrap(), 2);
    assert_eq!(app.mark_comments_read(learner, &on_a).unwrap(), 0);
    let left: Vec<(String, usize)> =
        app.unread_comments(learner).unwrap().into_iter().map(|u| (u.on, u.count)).collect();
    assert_eq!(left, vec![(on_b.clone(), 1)]);
    assert!(app.comment_thread(learner, &on_a).unwrap().iter().all(|v| !v.unread));

    // A new comment after marking is unread again; the markers survive a reopen.
    comments_from(&app, learner, "Dr. Romero", AuthorRole::Advisor, &on_a, &["Una más"]);
    app.stop_sync().unwrap();
    drop(app);
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    let again: Vec<(String, usize)> =
        app.unread_comments(learner).unwrap().into_iter().map(|u| (u.on, u.count)).collect();
    let mut want = vec![(on_a, 1), (on_b, 1)];
    want.sort();
    assert_eq!(again, want);
    let other = app.create_learner(LearnerProfile { name: "Otro".into(), ..Default::default() }).unwrap().id;
    assert!(app.unread_comments(other).unwrap().is_empty());
    app.stop_sync().unwrap();
}

#[test]
fn the_caseload_has_one_row_per_learner_sorted_by_who_needs_attention() {
    let tmp = tempfile::tempdir().unwrap();
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    let today = today();
    let demo = app.create_demo(today).unwrap();
    let quiet = app.create_learner(LearnerProfile { name: "Zoë Quiet".into(), ..Default::default() }).unwrap();

    let rows = app.caseload_on(today).unwrap();
    assert_eq!(rows.len(), 2);
    let (d, q) = (&rows[0], &rows[1]);
    assert_eq!(q.learner_id, quiet.id, "{rows:#?}");
    assert_eq!(q.plan_status, PlanStatus::None);
    assert_eq!((q.last_journal_entry, q.last_check_in, q.next_exhibition), (None, None, None));
    assert_eq!(q.hours_this_period, 0.0);
    assert_eq!(
        q.attention,
        vec![
            "No Learning Plan for this period.".to_string(),
            "No journal entry in the last 14 days.".into(),
            "No check-in in the last 14 days.".into()
        ]
    );

    assert_eq!(d.learner_id, demo.id);
    assert!(!d.shared);
    let reflections = app.list_records(demo.id, RecordKind::Reflection, "").unwrap();
    let newest = reflections
        .iter()
        .filter_map(|r| match r {
            portfolio_domain::AnyRecord::Reflection(r) => Some(r.data.date),
            _ => None,
        })
        .max();
    assert_eq!(d.last_journal_entry, newest);
    let period = app.list_records(demo.id, RecordKind::Period, "").unwrap();
    let this = period.iter().find_map(|r| match r {
        portfolio_domain::AnyRecord::Period(p) if p.data.contains(today) => Some(p.clone()),
        _ => None,
    });
    if let Some(p) = this {
        assert_eq!(d.period_id, Some(p.meta.id));
        assert_eq!(d.period_name.as_deref(), Some(p.data.name.as_str()));
    }
    // The demo's unread feedback is one reason more than the quiet learner has.
    assert_eq!(d.attention.len(), q.attention.len() + 1, "{rows:#?}");
    assert!(d.last_journal_entry.is_some() && d.hours_this_period > 0.0, "{d:#?}");
    let plan_sentence = match d.plan_status {
        PlanStatus::None => "No Learning Plan for this period.",
        PlanStatus::Draft => "The Learning Plan is a draft: nobody has signed it.",
        PlanStatus::WaitingForSignatures => "The Learning Plan is waiting for signatures.",
        PlanStatus::Signed => "",
    };
    assert_eq!(d.attention.iter().any(|a| a == plan_sentence), d.plan_status != PlanStatus::Signed, "{d:#?}");
    // The demo's feedback is comments (a mentor's and an advisor's), not journal entries.
    assert_eq!(d.unread_comments, 2, "{d:#?}");
    assert!(d.attention[0] == "2 unread comments.", "{d:#?}");
    assert!(!reflections
        .iter()
        .any(|r| matches!(r, portfolio_domain::AnyRecord::Reflection(r) if r.data.title.starts_with("Feedback from"))));
    let vet = app
        .list_records(demo.id, RecordKind::Experience, "")
        .unwrap()
        .into_iter()
        .find(|r| matches!(r, portfolio_domain::AnyRecord::Experience(e) if e.data.title == "Veterinary assistant internship"))
        .unwrap();
    let on = format!("experience:{}", vet.meta().id);
    let thread = app.comment_thread(demo.id, &on).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(
        (thread[0].comment.author_name.as_str(), thread[0].comment.role),
        ("Dr. Luis Romero", AuthorRole::Mentor)
    );
    assert!(thread[0].comment.text.contains("discharge talk") && thread[0].unread && !thread[0].feedback);
    assert_eq!(app.mark_comments_read(demo.id, &on).unwrap(), 1);
    let unread = app.unread_comments(demo.id).unwrap();
    assert_eq!(unread.len(), 1);
    let advisor = app.comments(demo.id, &unread[0].on).unwrap();
    assert_eq!((advisor[0].author_name.as_str(), advisor[0].is_feedback()), ("Ms. Rosa Delgado", true));
}

/// Adds a contributions document for another person holding their score
/// sheet; with `on_team` the student's manifest names them (re-signed here).
fn sheet_from(
    app: &App,
    learner: Id,
    exhibition: Id,
    name: &str,
    role: AuthorRole,
    on_team: bool,
    scores: Vec<portfolio_domain::Score>,
) -> String {
    let other = DeviceIdentity::generate().did();
    let mut s = app.team_settings(learner).unwrap().unwrap();
    let sheet = portfolio_sync::PanelSheet {
        exhibition_id: exhibition,
        scores,
        comment: format!("Notes from {name}"),
        submitted_at: Utc::now(),
        author: other.clone(),
        author_name: name.into(),
    };
    let author = other.clone();
    let doc = app
        .with_engine(move |repo| async move {
            let doc = repo.create(DocRole::Contributions, learner, Some(&author)).await?;
            doc.put_score_sheet(&sheet).await?;
            Ok(doc.id())
        })
        .unwrap();
    s.docs.contributions.insert(other.clone(), doc);
    if on_team {
        let mut m = s.manifest.take().unwrap().manifest;
        m.members.push(portfolio_sync::Member { did: other.clone(), name: name.into(), role });
        m.version += 1;
        s.manifest = Some(m.sign(&app.device_identity().unwrap()).unwrap());
    }
    app.save_team_settings(&s).unwrap();
    other
}

#[test]
fn panelists_sheets_from_their_own_devices_join_the_records_sheets() {
    use portfolio_domain::{AnyRecord, Score};
    let tmp = tempfile::tempdir().unwrap();
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    let learner = app.create_demo(today()).unwrap().id;
    let ex = app
        .list_records(learner, RecordKind::Exhibition, "")
        .unwrap()
        .into_iter()
        .find_map(|r| match r {
            AnyRecord::Exhibition(e) => Some(e),
            _ => None,
        })
        .expect("the demo has an exhibition");
    let (ex_id, rubric) = (ex.meta.id, ex.data.rubric.clone());
    let crit = |i: usize, value: u8| Score { criterion_id: rubric.criteria[i].id.clone(), value };
    let top = rubric.levels.iter().map(|l| l.value).max().unwrap();

    // Not shared: only the record's own sheets, and no sheet can be handed in here.
    let alone = app.exhibition_scores(learner, ex_id).unwrap();
    assert!(!alone.can_score);
    assert_eq!(alone.sheets.len(), ex.data.sheets.len());
    assert!(alone.sheets.iter().all(|s| s.device.is_none() && !s.mine));
    assert_eq!(alone.summary, portfolio_domain::summarize(&ex.data));
    let refused = app.score_exhibition(learner, ex_id, vec![crit(0, top)], "").unwrap_err();
    assert!(refused.message.contains("not shared with a team"), "{refused}");

    app.set_team_relay(learner, &format!("ws://127.0.0.1:{}", closed_port()), RelayKind::Project).unwrap();
    let mentor = sheet_from(&app, learner, ex_id, "Dr. Luis Romero", AuthorRole::Mentor, true, vec![crit(0, top)]);
    sheet_from(&app, learner, ex_id, "Nadie Conocido", AuthorRole::Advisor, false, vec![crit(0, 1)]);
    let mine = app.score_exhibition(learner, ex_id, vec![crit(0, top), crit(1, 1)], "  Orgullosa de ti 💪  ").unwrap();
    assert_eq!(mine.comment, "Orgullosa de ti 💪");

    let got = app.exhibition_scores(learner, ex_id).unwrap();
    assert!(got.can_score);
    let contributed: Vec<_> = got.sheets.iter().filter(|s| s.device.is_some()).collect();
    assert_eq!(contributed.len(), 2, "a sheet from a device not on the team is not shown: {got:#?}");
    let romero = contributed.iter().find(|s| s.name == "Dr. Luis Romero").unwrap();
    assert_eq!((romero.role.as_str(), romero.device.as_deref(), romero.mine), ("mentor", Some(mentor.as_str()), false));
    assert_eq!(romero.comment, "Notes from Dr. Luis Romero");
    let me = contributed.iter().find(|s| s.mine).unwrap();
    assert_eq!((me.role.as_str(), me.scores.len()), ("student", 2));
    assert!(!got.sheets.iter().any(|s| s.name == "Nadie Conocido"));
    let first = &got.summary[0];
    let record_first: Vec<u8> = ex
        .data
        .sheets
        .iter()
        .flat_map(|s| &s.scores)
        .filter(|s| s.criterion_id == rubric.criteria[0].id)
        .map(|s| s.value)
        .collect();
    assert_eq!(first.count as usize, record_first.len() + 2);
    assert_eq!(first.max, top);

    // A later sheet replaces this person's; a sheet off the rubric is refused with the rubric's sentence.
    app.score_exhibition(learner, ex_id, vec![crit(0, 1)], "").unwrap();
    let again = app.exhibition_scores(learner, ex_id).unwrap();
    assert_eq!(again.sheets.iter().filter(|s| s.mine).count(), 1);
    assert_eq!(again.sheets.iter().find(|s| s.mine).unwrap().scores, vec![crit(0, 1)]);
    let odd = app.score_exhibition(learner, ex_id, vec![crit(0, 99)], "").unwrap_err();
    assert_eq!(odd.message, "Score 99 is not one of the rubric's levels.");
    let none = app.score_exhibition(learner, ex_id, vec![], "").unwrap_err();
    assert_eq!(none.message, "A score sheet needs at least one score.");
    // The record itself is unchanged: a sheet from a device is a contribution.
    assert_eq!(
        app.exhibition_scores(learner, ex_id).unwrap().sheets.iter().filter(|s| s.device.is_none()).count(),
        ex.data.sheets.len()
    );
    app.stop_sync().unwrap();
}
