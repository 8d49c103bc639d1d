//! The learning team on three devices (student, advisor, family), each its
//! own data folder driven through the real CLI binary, syncing through the
//! project's relay started in-process on a free loopback port (and, when npm
//! is available, through the stock `@automerge/automerge-repo-sync-server`).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portfolio_sync::automerge::{transaction::Transactable, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use portfolio_sync::fixtures::{stored_anywhere, summary};
use portfolio_sync::{DeviceIdentity, SyncRepo};
use serde_json::{json, Value as Json};
use support::{cli, ok};

use support::team::*;

/// On the family's device (CLI not running), alters the advisor's signature
/// inside the family's replica of the advisor's contributions document.
fn tamper_signature(family: &Path, advisor_doc: &str) {
    let store = portfolio_store::Store::open(family.join("store")).unwrap();
    let tree = store.open_tree("sync_docs").unwrap();
    let identity = DeviceIdentity::load(&family.join("device")).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let repo = SyncRepo::open(tree, identity).await.unwrap();
        let doc = repo.find(advisor_doc).await.unwrap().expect("the advisor's document is on the family's device");
        doc.with_doc(|d| {
            let sigs = match d.get(ROOT, "signatures").unwrap() {
                Some((Value::Object(ObjType::Map), obj)) => obj,
                other => panic!("no signatures map: {other:?}"),
            };
            let keys: Vec<String> = d.keys(&sigs).collect();
            assert_eq!(keys.len(), 1, "{keys:?}");
            let text = match d.get(&sigs, keys[0].as_str()).unwrap() {
                Some((Value::Scalar(s), _)) => match s.as_ref() {
                    ScalarValue::Str(t) => t.to_string(),
                    _ => panic!("not text"),
                },
                _ => panic!("no signature"),
            };
            let mut sig: Json = serde_json::from_str(&text).unwrap();
            sig["name"] = json!("Dr. Rahman (firma alterada)");
            let forged = sig.to_string();
            d.transact::<_, _, portfolio_sync::automerge::AutomergeError>(|tx| tx.put(&sigs, keys[0].as_str(), forged))
                .unwrap();
        })
        .await
        .unwrap();
        repo.stop().await.unwrap();
    });
}

#[test]
fn a_team_on_three_devices_through_the_projects_relay() {
    let d = student_with_entries();
    let relay_dir = d.root.path().join("relay");
    let relay = Relay::start(&relay_dir, 0);
    let l = d.learner.clone();
    form_team(&d, &relay.url(), false);

    // The team as each device sees it.
    let team = ok_json(&d.student(), &["team", "--learner", &l]);
    let roles: Vec<&str> = team["members"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["student", "advisor", "family"], "{team}");
    assert!(team["members"][1]["did"].as_str().unwrap().starts_with("did:key:z6Mk"));
    assert_eq!(team["members"][2]["name"], "Mẹ của Maya");
    assert!(team["invites"].as_array().unwrap().is_empty(), "both invitations were joined");
    ok(&d.advisor(), &["sync"]);
    let advisor_team = ok_json(&d.advisor(), &["team", "--learner", &l]);
    assert_eq!(advisor_team["members"].as_array().unwrap().len(), 3, "the advisor learned the team: {advisor_team}");

    // The learner appears on the others' devices.
    for dir in [d.advisor(), d.family()] {
        assert_eq!(ok_json(&dir, &["learners"])[0]["id"], l.as_str());
    }
    // The advisor sees the plan and experiences; the family only family journal entries.
    for kind in ["experiences", "plans", "periods", "goals"] {
        assert_eq!(titles(&d.advisor(), kind, &l), titles(&d.student(), kind, &l), "{kind}");
    }
    assert_eq!(titles(&d.family(), "experiences", &l), titles(&d.student(), "experiences", &l));
    let student_entries = ok_json(&d.student(), &["list", "reflections", "--learner", &l]);
    let count = |v: &str| student_entries.as_array().unwrap().iter().filter(|r| r["data"]["visibility"] == v).count();
    let advisor_entries = ok_json(&d.advisor(), &["list", "reflections", "--learner", &l]);
    let family_entries = ok_json(&d.family(), &["list", "reflections", "--learner", &l]);
    assert_eq!(advisor_entries.as_array().unwrap().len(), count("learning_team") + count("family"));
    assert_eq!(family_entries.as_array().unwrap().len(), count("family"));
    assert!(family_entries.as_array().unwrap().iter().all(|r| r["data"]["visibility"] == "family"));
    assert!(titles(&d.family(), "reflections", &l).iter().any(|t| t.ends_with(" Familia")));

    // A Private entry's text is in no file of the relay nor of the other devices;
    // the same check finds the team-only text on the relay and the student's own copy.
    assert!(stored_anywhere(&d.student(), PRIVATE), "the check sees text in a store");
    assert!(stored_anywhere(&relay_dir, TEAM_ONLY), "the check decodes the relay's documents");
    for dir in [&relay_dir, &d.advisor(), &d.family()] {
        assert!(!stored_anywhere(dir, PRIVATE), "private text found under {}", dir.display());
    }
    assert!(!stored_anywhere(&d.family(), TEAM_ONLY), "team-only text on the family's device");

    // A family device cannot change the student's records.
    let exp = write_json(d.root.path(), "exp.json", &json!({"title": "De la familia", "start_date": "2026-05-01"}));
    let out = cli(&d.family(), &["add", "experiences", "--learner", &l, "--json-file", exp.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("only the student's own devices change their records"), "{err}");

    // A plan signed on two devices verifies on the third; a tampered signature shows invalid.
    let plan = plan_id(&d.student(), &l);
    ok(&d.student(), &["sign", "plan", "--learner", &l, "--plan", &plan, "--as", "Maya Okafor"]);
    ok(&d.advisor(), &["sign", "plan", "--learner", &l, "--plan", &plan, "--as", "Dr. Rahman"]);
    for dir in [d.student(), d.advisor(), d.family()] {
        ok(&dir, &["sync"]);
    }
    let v = verify(&d.family(), &l, &plan);
    let statuses: Vec<&str> =
        v["signatures"].as_array().unwrap().iter().map(|s| s["status"]["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["valid", "valid"], "{v}");
    let advisor_doc = ok_json(&d.family(), &["team", "--learner", &l])["documents"]["contributions"]
        [advisor_team["device"].as_str().unwrap()]
    .as_str()
    .unwrap()
    .to_string();
    tamper_signature(&d.family(), &advisor_doc);
    let v = verify(&d.family(), &l, &plan);
    let bad: Vec<&Json> =
        v["signatures"].as_array().unwrap().iter().filter(|s| s["status"]["status"] == "invalid").collect();
    assert_eq!(bad.len(), 1, "{v}");
    assert!(bad[0]["status"]["reason"].as_str().unwrap().contains("forged or the plan was altered"), "{v}");
    let human = ok(&d.family(), &["verify", "plan", "--learner", &l, "--plan", &plan]);
    assert!(human.contains("1 valid, 1 invalid") && human.contains("INVALID"), "{human}");

    // Offline edits on all three converge after the relay is back.
    let port = relay.port();
    relay.stop();
    let offline = write_json(
        d.root.path(),
        "offline.json",
        &json!({"title": "Sin conexión: taller de robótica", "start_date": "2026-06-01", "hours": 3}),
    );
    ok(&d.student(), &["add", "experiences", "--learner", &l, "--json-file", offline.to_str().unwrap()]);
    let on = format!("plan:{plan}");
    ok(&d.advisor(), &["comment", "--learner", &l, "--on", &on, "--text", "Buen plan. Kế hoạch tốt 👍"]);
    ok(&d.family(), &["comment", "--learner", &l, "--on", &on, "--text", "Estamos orgullosos ❤️ نحن فخورون"]);
    let out = cli(&d.student(), &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unreachable"), "{err}");
    let relay = Relay::start(&relay_dir, port);
    for dir in [d.student(), d.advisor(), d.family(), d.student(), d.advisor()] {
        ok(&dir, &["sync"]);
    }
    for dir in [d.student(), d.advisor(), d.family()] {
        assert!(titles(&dir, "experiences", &l).iter().any(|t| t.ends_with(" Sin conexión: taller de robótica")));
        let c = ok_json(&dir, &["comments", "--learner", &l, "--on", &on]);
        let texts: Vec<&str> = c.as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
        assert_eq!(texts.len(), 2, "{}: {c}", dir.display());
        assert!(texts.contains(&"Buen plan. Kế hoạch tốt 👍") && texts.contains(&"Estamos orgullosos ❤️ نحن فخورون"));
    }
    let human = ok(&d.student(), &["comments", "--learner", &l, "--on", &on]);
    assert!(human.contains("Dr. Rahman (advisor · feedback): Buen plan."), "{human}");

    // Save on one device to arrival on another, through CLI round trips.
    let mut samples = Vec::new();
    for i in 0..5 {
        let title = format!("Latencia {i}: 速度 ⏱️");
        let f = write_json(d.root.path(), "lat.json", &json!({"title": title, "start_date": "2026-06-02"}));
        let t0 = Instant::now();
        ok(&d.student(), &["add", "experiences", "--learner", &l, "--json-file", f.to_str().unwrap()]);
        ok(&d.student(), &["sync"]);
        ok(&d.advisor(), &["sync"]);
        assert!(titles(&d.advisor(), "experiences", &l).iter().any(|t| t.ends_with(&title)));
        samples.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    println!("save → arrival through the loopback relay (CLI: add, sync, sync, list), ms: {}", summary(&mut samples));
    relay.stop();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The stock relay process; killed (by its own pid) when dropped.
struct Stock(Child);

impl Drop for Stock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stock_relay(data: &Path) -> Result<(Stock, String), String> {
    const VERSION: &str = "0.2.8";
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("stock-relay-{VERSION}"));
    let entry = dir.join("node_modules/@automerge/automerge-repo-sync-server/src/index.js");
    if !entry.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .arg(format!("@automerge/automerge-repo-sync-server@{VERSION}"))
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("npm is not available: {e}"))?;
        if !out.status.success() || !entry.exists() {
            return Err(format!("npm install failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
    }
    std::fs::create_dir_all(data).map_err(|e| e.to_string())?;
    let port = free_port();
    let child = Command::new("node")
        .arg(&entry)
        .env("PORT", port.to_string())
        .env("DATA_DIR", data)
        .current_dir(data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("node is not available: {e}"))?;
    let stock = Stock(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            return Err("the stock relay did not start listening".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((stock, format!("ws://127.0.0.1:{port}")))
}

#[test]
fn a_team_through_the_stock_npm_relay() {
    let d = student_with_entries();
    let relay_dir = d.root.path().join("stock-relay");
    let (stock, url) = match stock_relay(&relay_dir) {
        Ok(s) => s,
        Err(why) => {
            println!("SKIPPED: {why}");
            return;
        }
    };
    let l = d.learner.clone();
    form_team(&d, &url, true);
    assert_eq!(titles(&d.advisor(), "experiences", &l), titles(&d.student(), "experiences", &l));
    assert_eq!(titles(&d.advisor(), "plans", &l), titles(&d.student(), "plans", &l));
    let plan = plan_id(&d.student(), &l);
    // A plain relay reports no joins, so only the student's contributions
    // document (named in every invitation) is known to everyone.
    ok(&d.student(), &["sign", "plan", "--learner", &l, "--plan", &plan, "--as", "Maya Okafor"]);
    ok(&d.student(), &["sync"]);
    ok(&d.family(), &["sync"]);
    let v = verify(&d.family(), &l, &plan);
    assert_eq!(v["signatures"][0]["status"]["status"], "valid", "{v}");
    assert!(!stored_anywhere(&relay_dir, PRIVATE), "private text on the stock relay");
    assert!(stored_anywhere(&relay_dir, TEAM_ONLY), "the check decodes the stock relay's files");
    drop(stock);
}
