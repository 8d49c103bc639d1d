//! Changes to a running team through the real CLI and the project's relay:
//! a mentor confirms hours, a member is removed (and gets nothing new), a
//! family device is refused, the relay killed in the middle of a sync round
//! loses nothing, and the same field edited on two devices offline ends the
//! same everywhere with the other version kept.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use portfolio_app::{App, DataDir};
use portfolio_domain::{AnyRecord, RecordKind};
use portfolio_sync::fixtures::stored_anywhere;
use portfolio_sync::{DeviceIdentity, RelayKind, SyncRepo};
use serde_json::{json, Value as Json};
use support::team::*;
use support::{cli, ok};

fn refused(data: &Path, args: &[&str]) -> String {
    let out = cli(data, args);
    assert!(!out.status.success(), "{args:?} should be refused");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

fn did_of(team: &Json, role: &str) -> String {
    team["members"].as_array().unwrap().iter().find(|m| m["role"] == role).unwrap()["did"].as_str().unwrap().to_string()
}

/// The three devices on a team through the project's relay, every one synced.
fn formed_team() -> (Devices, Relay) {
    let d = student_with_entries();
    let relay = Relay::start(&d.root.path().join("relay"), 0);
    form_team(&d, &relay.url(), false);
    ok(&d.advisor(), &["sync"]);
    (d, relay)
}

#[test]
fn a_mentor_confirms_hours_and_a_removed_member_gets_nothing_new() {
    let (d, relay) = formed_team();
    let l = d.learner.clone();
    let mentor = d.root.path().join("mentor");
    let invite = d.root.path().join("mentor.invite");
    ok(
        &d.student(),
        &[
            "team",
            "invite",
            "--learner",
            &l,
            "--role",
            "mentor",
            "--name",
            "Sra. Castillo",
            "--out",
            invite.to_str().unwrap(),
        ],
    );
    assert_eq!(ok(&mentor, &["team", "join", invite.to_str().unwrap()]).trim(), l);
    ok(&d.student(), &["sync"]);

    // The mentor confirms hours on an experience; everyone sees them with it.
    let exp = &ok_json(&d.student(), &["list", "experiences", "--learner", &l])[0];
    let (exp_id, exp_title) = (exp["meta"]["id"].as_str().unwrap(), exp["data"]["title"].as_str().unwrap());
    let c = ok_json(&mentor, &["team", "confirm-hours", "--learner", &l, "--experience", exp_id, "--hours", "12.5"]);
    assert_eq!((c["hours"].as_f64(), c["name"].as_str()), (Some(12.5), Some("Sra. Castillo")));
    let err = refused(&d.family(), &["team", "confirm-hours", "--learner", &l, "--experience", exp_id, "--hours", "3"]);
    assert!(err.contains("mentor or advisor") && err.contains("family"), "{err}");
    let err = refused(&mentor, &["team", "confirm-hours", "--learner", &l, "--experience", exp_id, "--hours=-1"]);
    assert!(err.contains("from 0 to"), "{err}");
    // Not sent yet: the mentor's status counts the change waiting.
    let status = ok_json(&mentor, &["team", "status"]);
    assert_eq!(status["state"], "waiting", "{status}");
    let n = status["changes_waiting"].as_u64().unwrap();
    assert!(n >= 1, "{status}");
    let want = if n == 1 { "1 change waiting".to_string() } else { format!("{n} changes waiting") };
    assert_eq!(status["summary"], want.as_str(), "{status}");
    ok(&mentor, &["sync"]);
    assert_eq!(ok_json(&mentor, &["team", "status"])["summary"], "Up to date");
    for dir in [d.student(), d.advisor()] {
        ok(&dir, &["sync"]);
        let hours = ok_json(&dir, &["team", "hours", "--learner", &l]);
        assert_eq!(hours.as_array().unwrap().len(), 1, "{}: {hours}", dir.display());
        let h = &hours[0];
        assert_eq!(h["confirmation"]["experience_id"], exp_id);
        assert_eq!(h["confirmation"]["hours"].as_f64(), Some(12.5));
        assert_eq!((h["role"].as_str(), h["experience_title"].as_str()), (Some("mentor"), Some(exp_title)));
        let human = ok(&dir, &["team", "hours", "--learner", &l]);
        assert!(human.contains("12.5 hours confirmed by Sra. Castillo (mentor"), "{human}");
    }

    // A family device cannot change the student's records through the CLI.
    let photo = d.root.path().join("family-photo.txt");
    std::fs::write(&photo, "no es una foto").unwrap();
    let on = format!("experience:{exp_id}");
    let err = refused(&d.family(), &["media", "import", "--learner", &l, "--to", &on, photo.to_str().unwrap()]);
    assert!(err.contains("only the student's own devices change their records"), "{err}");
    let evidence = |dir: &Path| ok_json(dir, &["media", "list", "--learner", &l]);
    assert_eq!(evidence(&d.family()), evidence(&d.student()), "nothing was attached on the family's device");

    // Removing the family: the team without them, an honest sentence, nothing new reaches them.
    let team = ok_json(&d.student(), &["team", "--learner", &l]);
    let family_did = did_of(&team, "family");
    let err = refused(&d.student(), &["team", "remove", "--learner", &l, "--member", &did_of(&team, "student")]);
    assert!(err.contains("cannot be removed"), "{err}");
    refused(&d.advisor(), &["team", "remove", "--learner", &l, "--member", &family_did]);
    let gone = ok_json(&d.student(), &["team", "remove", "--learner", &l, "--member", &family_did]);
    assert_eq!((gone["name"].as_str(), gone["published"].as_bool()), (Some("Mẹ của Maya"), Some(true)), "{gone}");
    assert!(gone["keeps"].as_str().unwrap().contains("keeps the copy already on their device"), "{gone}");
    assert!(gone["keeps"].as_str().unwrap().contains("sends them nothing new"), "{gone}");
    let team = ok_json(&d.student(), &["team", "--learner", &l]);
    let roles: Vec<&str> = team["members"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["student", "advisor", "mentor"], "{team}");
    let err = refused(&d.student(), &["team", "remove", "--learner", &l, "--member", &family_did]);
    assert!(err.contains("Nobody with the device key"), "{err}");

    const AFTER: &str = "Para la familia, después: 新的消息 🚫";
    let entry = write_json(
        d.root.path(),
        "after.json",
        &json!([{"date": "2026-10-09", "title": "Después", "body": AFTER, "visibility": "family"}]),
    );
    ok(&d.student(), &["add", "reflections", "--learner", &l, "--json-file", entry.to_str().unwrap()]);
    ok(&d.student(), &["sync"]);
    ok(&d.advisor(), &["sync"]);
    assert!(titles(&d.advisor(), "reflections", &l).iter().any(|t| t.ends_with(" Después")));
    let _ = cli(&d.family(), &["sync"]); // refused or unconfirmed: either way nothing new arrives
    assert!(!titles(&d.family(), "reflections", &l).iter().any(|t| t.ends_with(" Después")));
    assert!(titles(&d.family(), "reflections", &l).iter().any(|t| t.ends_with(" Familia")), "they keep what they had");
    assert!(!stored_anywhere(&d.family(), AFTER), "the removed member's device received the new entry");
    relay.stop();
}

#[test]
fn the_relay_killed_in_the_middle_of_a_sync_round_loses_nothing() {
    use std::sync::atomic::Ordering;
    let d = student_with_entries();
    let relay_dir = d.root.path().join("relay");
    let relay = Relay::start(&relay_dir, 0);
    let proxy = Proxy::start(relay.port());
    let l = d.learner.clone();
    form_team(&d, &proxy.url(), false);
    ok(&d.advisor(), &["sync"]);

    let many: Vec<Json> = (0..60)
        .map(|i| json!({"title": format!("Lote {i}: taller 🔧"), "description": "Notas del taller: ".repeat(25), "start_date": "2026-06-03", "hours": i % 7}))
        .collect();
    let f = write_json(d.root.path(), "many.json", &json!(many));
    ok(&d.student(), &["add", "experiences", "--learner", &l, "--json-file", f.to_str().unwrap()]);
    let before = proxy.sent.load(Ordering::SeqCst);
    let round = Command::new(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .arg("--data-dir")
        .arg(d.student())
        .args(["sync", "--json"])
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill the relay once the round has sent 8 KiB of its ~30 KiB of changes.
    let waited = std::time::Instant::now();
    while proxy.sent.load(Ordering::SeqCst) - before < 8192 {
        assert!(waited.elapsed() < Duration::from_secs(30), "the round never sent its changes");
        std::thread::sleep(Duration::from_micros(200));
    }
    let at_kill = proxy.sent.load(Ordering::SeqCst) - before;
    relay.kill();
    let out = round.wait_with_output().unwrap();
    println!(
        "relay killed after {at_kill} bytes of the round; the round: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    assert!(!out.status.success(), "a round cut short is not reported up to date");

    // While the relay is down, sync says so in one line and the status says since when.
    let err = refused(&d.advisor(), &["sync"]);
    assert!(err.contains("unreachable"), "{err}");
    let status = ok_json(&d.advisor(), &["team", "status"]);
    assert_eq!(status["state"], "unreachable", "{status}");
    assert!(status["summary"].as_str().unwrap().starts_with("Relay unreachable since "), "{status}");
    assert!(status["learners"][0]["last_error"].as_str().unwrap().contains("127.0.0.1"), "{status}");

    let relay = Relay::start(&relay_dir, 0);
    proxy.target.store(relay.port(), Ordering::SeqCst);
    ok(&d.student(), &["sync"]);
    ok(&d.advisor(), &["sync"]);
    ok(&d.family(), &["sync"]);
    let want = titles(&d.student(), "experiences", &l);
    assert_eq!(want.iter().filter(|t| t.contains(" Lote ")).count(), 60);
    assert_eq!(titles(&d.advisor(), "experiences", &l), want, "the advisor has every experience");
    assert_eq!(titles(&d.family(), "experiences", &l), want, "the family has every experience");
    let report = ok_json(&d.student(), &["sync"]);
    assert!(report["failed"].as_array().unwrap().is_empty(), "{report}");
    assert_eq!(report["learners"][0]["up_to_date"], true, "{report}");
    for dir in [d.student(), d.advisor()] {
        let status = ok_json(&dir, &["team", "status"]);
        assert_eq!(
            (status["state"].as_str(), status["summary"].as_str()),
            (Some("up_to_date"), Some("Up to date")),
            "{status}"
        );
        assert_eq!(status["changes_waiting"], 0, "{status}");
        assert!(status["learners"][0]["failing_since"].is_null(), "{status}");
    }
    // The advisor's caseload lists the learner with the demo's plan and this period's hours.
    let rows = ok_json(&d.advisor(), &["caseload"]);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!((rows[0]["learner_id"].as_str(), rows[0]["shared"].as_bool()), (Some(l.as_str()), Some(true)), "{rows}");
    assert!(rows[0]["last_journal_entry"].is_string(), "{rows}");
    relay.stop();
}

/// The student's second device (a laptop with the same key), as a test
/// client on the engine: fetches `record` from the relay, goes offline,
/// sets its description to `text`, reconnects and sends the change.
fn laptop_edits_description(d: &Devices, url: &str, portfolio: &str, record: portfolio_domain::Id, text: &str) {
    let store = portfolio_store::Store::open(d.root.path().join("laptop").join("store")).unwrap();
    let identity = DeviceIdentity::load(&d.student().join("device")).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let repo = SyncRepo::open(store.open_tree("sync_docs").unwrap(), identity).await.unwrap();
        let link = repo.connect(url, RelayKind::Project).unwrap();
        link.established(Duration::from_secs(5)).await.unwrap();
        let doc = repo.find(portfolio).await.unwrap().expect("the portfolio document is on the relay");
        let mut got = None;
        for _ in 0..100 {
            got = doc.record(record).await.unwrap();
            if got.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        link.close();
        let Some(AnyRecord::Experience(mut e)) = got.map(|r| r.record) else { panic!("no experience {record}") };
        e.data.description = text.to_string();
        assert!(doc.write_record(&AnyRecord::Experience(e)).await.unwrap() > 0);
        let link = repo.connect(url, RelayKind::Project).unwrap();
        link.established(Duration::from_secs(5)).await.unwrap();
        assert!(link.wait_synced(&doc, Duration::from_secs(5)).await, "the relay took the laptop's change");
        link.close();
        repo.stop().await.unwrap();
    });
}

fn description(data: &Path, learner: &str, id: &str) -> String {
    let list = ok_json(data, &["list", "experiences", "--learner", learner]);
    let e = list.as_array().unwrap().iter().find(|r| r["meta"]["id"] == id).unwrap();
    e["data"]["description"].as_str().unwrap().to_string()
}

#[test]
fn the_same_field_edited_on_two_devices_ends_the_same_everywhere_and_keeps_the_other_version() {
    let (d, relay) = formed_team();
    let l = d.learner.clone();
    let exp = ok_json(&d.student(), &["list", "experiences", "--learner", &l])[0].clone();
    let id_text = exp["meta"]["id"].as_str().unwrap().to_string();
    let id: portfolio_domain::Id = id_text.parse().unwrap();
    let portfolio =
        ok_json(&d.student(), &["team", "--learner", &l])["documents"]["portfolio"].as_str().unwrap().to_string();

    const DESKTOP: &str = "Escrito en el ordenador de la escuela: 学校のパソコン 🖥️";
    const LAPTOP: &str = "Escrito en el portátil en casa: ноутбук 💻";
    // The school desktop (the student's CLI device) edits offline, without syncing.
    {
        let app = App::open(&DataDir::new(d.student()), Duration::from_secs(3)).unwrap();
        let AnyRecord::Experience(mut e) = app.record(RecordKind::Experience, id).unwrap() else { panic!() };
        e.data.description = DESKTOP.into();
        app.update_record(id, portfolio_domain::RecordData::Experience(e.data)).unwrap();
        app.stop_sync().unwrap();
    }
    laptop_edits_description(&d, &relay.url(), &portfolio, id, LAPTOP);
    for dir in [d.student(), d.student(), d.advisor(), d.family()] {
        ok(&dir, &["sync"]);
    }
    let shown = description(&d.student(), &l, &id_text);
    assert_eq!(shown, DESKTOP, "the student's store is the truth on its device");
    for dir in [d.advisor(), d.family()] {
        assert_eq!(description(&dir, &l, &id_text), shown, "{}", dir.display());
    }
    let app = App::open(&DataDir::new(d.student()), Duration::from_secs(3)).unwrap();
    let notes = app.record_conflicts(RecordKind::Experience, id).unwrap();
    let note = notes.iter().find(|n| n.field == "description").unwrap_or_else(|| panic!("{notes:?}"));
    assert_eq!(note.shown, json!(DESKTOP));
    assert_eq!(note.others, vec![json!(LAPTOP)], "the laptop's version is kept: {notes:?}");
    app.stop_sync().unwrap();
    relay.stop();
}
