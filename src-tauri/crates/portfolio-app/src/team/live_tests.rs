//! Live links through the project's relay on loopback: with the timed round
//! set to an hour, what arrives can only have come over the live links.

use std::time::{Duration, Instant};

use portfolio_domain::{AuthorRole, LearnerProfile, RecordData, RecordKind};
use portfolio_sync::fixtures::wait_until;
use portfolio_sync::RelayKind;

use crate::{App, DataDir};

const HOUR: Duration = Duration::from_secs(3600);

fn entry(title: &str) -> RecordData {
    entry_for(title, "learning_team")
}

fn entry_for(title: &str, visibility: &str) -> RecordData {
    RecordData::from_json(
        RecordKind::Reflection,
        serde_json::json!({"title": title, "date": "2026-12-07", "body": "Aprendí a soldar. 我学会了焊接。", "visibility": visibility}),
    )
    .unwrap()
}

/// A runtime with the project's relay on a free loopback port, its folder under `root`.
fn relay(root: &std::path::Path) -> (tokio::runtime::Runtime, portfolio_relay::RunningRelay) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let config = portfolio_relay::RelayConfig { addr: "127.0.0.1:0".parse().unwrap(), data_dir: root.join("relay") };
    let relay = rt.block_on(portfolio_relay::start(config)).unwrap();
    (rt, relay)
}

#[test]
fn a_save_reaches_the_other_device_and_a_comment_comes_back_without_waiting_for_a_round() {
    let root = tempfile::tempdir().unwrap();
    let (rt, relay) = relay(root.path());
    let student = App::open(&DataDir::new(root.path().join("student")), Duration::ZERO).unwrap();
    let learner =
        student.create_learner(LearnerProfile { name: "Maya Nguyễn".into(), ..Default::default() }).unwrap().id;
    student.create_record(learner, AuthorRole::Student, entry("Primera semana")).unwrap();
    student.set_team_relay(learner, &relay.url(), RelayKind::Project).unwrap();
    let invite = student.invite(learner, AuthorRole::Advisor, "Dr. Rahman").unwrap();
    let advisor = App::open(&DataDir::new(root.path().join("advisor")), Duration::ZERO).unwrap();
    advisor.join_team(&invite.text).unwrap();
    student.sync().unwrap();
    advisor.sync().unwrap();

    let s_bg = student.start_background_sync(HOUR, |_| {});
    let a_bg = advisor.start_background_sync(HOUR, |_| {});
    // The live links open at the first round: a save starts one on the student's side.
    let first = student.create_record(learner, AuthorRole::Student, entry("Segunda semana")).unwrap().meta().id;
    assert!(
        wait_until(Duration::from_secs(30), || advisor.record(RecordKind::Reflection, first).is_ok()),
        "the entry reached the advisor's device"
    );
    // Once both are live, a save arrives over them; the advisor's device has no timed round in the hour.
    assert!(wait_until(Duration::from_secs(10), || student.live_up() && advisor.live_up()), "both links are up");
    let second = student.create_record(learner, AuthorRole::Student, entry("Tercera semana 🔥")).unwrap().meta().id;
    assert!(
        wait_until(Duration::from_secs(20), || advisor.record(RecordKind::Reflection, second).is_ok()),
        "the second entry reached the advisor's device over the live link"
    );
    let on = format!("reflection:{second}");
    advisor.comment(learner, &on, "¡Qué bien! Rất tốt.").unwrap();
    assert!(
        wait_until(Duration::from_secs(20), || student
            .comments(learner, &on)
            .map(|c| c.iter().any(|c| c.text == "¡Qué bien! Rất tốt."))
            .unwrap_or(false)),
        "the advisor's comment is listed on the student's device"
    );
    s_bg.stop();
    a_bg.stop();
    assert!(!student.live_up() && !advisor.live_up(), "stopping the loop closes the live links");
    student.stop_sync().unwrap();
    advisor.stop_sync().unwrap();
    rt.block_on(relay.stop());
}

#[test]
fn learners_on_a_relay_that_cannot_be_reached_cost_one_timeout_per_round() {
    let tmp = tempfile::tempdir().unwrap();
    let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("ws://127.0.0.1:{port}");
    let learners: Vec<_> = ["Ana", "Bảo", "Chen", "Dalia"]
        .iter()
        .map(|n| app.create_learner(LearnerProfile { name: (*n).into(), ..Default::default() }).unwrap().id)
        .collect();
    for l in &learners {
        app.set_team_relay(*l, &url, RelayKind::Project).unwrap();
    }
    let t = Instant::now();
    let report = app.sync().unwrap();
    let took = t.elapsed();
    assert_eq!(report.failed.len(), 4, "{report:?}");
    assert!(report.failed.iter().all(|f| f.error.code == crate::ErrorCode::RelayUnreachable));
    assert!(report.failed.iter().all(|f| f.error.message == report.failed[0].error.message));
    assert!(report.failed[0].error.message.contains(&url), "{}", report.failed[0].error.message);
    // One connection timeout (5 s) for the four, not four of them.
    assert!(took < Duration::from_secs(12), "{took:?}");
    let status = app.sync_status().unwrap();
    assert!(status.learners.iter().all(|l| l.summary.starts_with("Relay unreachable since ")), "{status:?}");
    app.stop_sync().unwrap();
}

#[test]
fn evidence_files_follow_their_records_visibility_and_a_private_photo_never_leaves() {
    let root = tempfile::tempdir().unwrap();
    let (rt, relay) = relay(root.path());
    let student = App::open(&DataDir::new(root.path().join("student")), Duration::ZERO).unwrap();
    let learner =
        student.create_learner(LearnerProfile { name: "Maya Nguyễn".into(), ..Default::default() }).unwrap().id;
    let mut photos = Vec::new();
    for (i, visibility) in ["learning_team", "family", "private"].iter().enumerate() {
        let r = student.create_record(learner, AuthorRole::Student, entry_for(&format!("Foto {i} 📷"), visibility));
        let target = portfolio_evidence::Target::record(RecordKind::Reflection, r.unwrap().meta().id);
        // The team's photo is larger than a part: it travels as two documents.
        let (w, h) = if i == 0 { (4300, 3100) } else { (640, 480) };
        let bytes = portfolio_media::hostile::photo_jpeg(w, h, i as u32);
        let sha = student.attach_bytes(&target, &format!("IMG_{i}.jpg"), &bytes).unwrap().evidence.sha256;
        photos.push((sha, bytes));
    }
    assert!(photos[0].1.len() > portfolio_sync::files::PART_BYTES, "{}", photos[0].1.len());
    student.set_team_relay(learner, &relay.url(), RelayKind::Project).unwrap();
    let advisor_invite = student.invite(learner, AuthorRole::Advisor, "Dr. Rahman").unwrap();
    let family_invite = student.invite(learner, AuthorRole::Family, "Mẹ của Maya").unwrap();
    let advisor = App::open(&DataDir::new(root.path().join("advisor")), Duration::ZERO).unwrap();
    let family = App::open(&DataDir::new(root.path().join("family")), Duration::ZERO).unwrap();
    advisor.join_team(&advisor_invite.text).unwrap();
    family.join_team(&family_invite.text).unwrap();
    for _ in 0..2 {
        student.sync().unwrap();
        advisor.sync().unwrap();
        family.sync().unwrap();
    }
    let original = |app: &App, sha: &str| std::fs::read(app.media().original_path(sha)).ok();
    let has = |app: &App, i: usize| original(app, &photos[i].0).as_deref() == Some(&photos[i].1[..]);
    assert!(has(&advisor, 0) && has(&advisor, 1), "the advisor has the team's and the family's photos, byte for byte");
    assert!(has(&family, 1), "the family has the family photo");
    assert!(original(&family, &photos[0].0).is_none(), "the team-only photo is not on the family's device");
    assert!(original(&advisor, &photos[2].0).is_none() && original(&family, &photos[2].0).is_none());
    // Derivatives were made on arrival (the app shows the photo at screen size).
    assert!(advisor.media_file(&photos[0].0, "screen").is_some());
    let manifest = student.team_settings(learner).unwrap().unwrap().manifest.unwrap().manifest;
    assert_eq!(manifest.documents.files.len(), 2, "{:?}", manifest.documents.files);
    assert_eq!(manifest.documents.files[&photos[0].0].parts.len(), 2);
    assert!(!manifest.documents.files.contains_key(&photos[2].0));
    // Sent once: another round shares nothing new.
    let again = student.sync().unwrap();
    assert_eq!(again.learners[0].sent, 0, "{again:?}");
    student.stop_sync().unwrap();
    advisor.stop_sync().unwrap();
    family.stop_sync().unwrap();
    rt.block_on(relay.stop());
    // The private photo's bytes are in no file of the relay's nor the others' folders.
    let private = &photos[2].1[photos[2].1.len() / 2..][..48];
    for dir in ["relay", "advisor", "family"] {
        assert!(!portfolio_sync::fixtures::bytes_stored_anywhere(&root.path().join(dir), private), "{dir}");
    }
    let team_photo = &photos[0].1[photos[0].1.len() / 2..][..48];
    assert!(
        portfolio_sync::fixtures::bytes_stored_anywhere(&root.path().join("relay"), team_photo),
        "the check can see a photo"
    );
}
