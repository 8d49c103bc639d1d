//! Crash and disk-full durability of the store, through the `lp-stress` binary.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portfolio_durability::ack::{self, Model};
use portfolio_store::Store;

const LP_STRESS: &str = env!("CARGO_BIN_EXE_lp-stress");

/// The short form of `lp-stress run`: 20 SIGKILLs at random moments.
#[test]
fn twenty_kills_lose_no_acknowledged_save() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(LP_STRESS)
        .args(["run", "--kills", "20", "--seed", "42", "--max-ms", "300", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "lp-stress run failed");
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("kills: 20, acknowledged saves: "), "{summary}");
    assert!(summary.ends_with("lost: 0, index problems: 0"), "{summary}");
    let acked: usize = summary.split(", ").nth(1).and_then(|s| s.rsplit(' ').next()).unwrap().parse().unwrap();
    assert!(acked >= 20, "too few saves were made to prove anything: {summary}");
}

/// A disk that fills up (RLIMIT_FSIZE in the writer's process, SIGXFSZ
/// ignored, so writes fail with EFBIG) gives the store's clear storage error,
/// and the store reopens intact with every acknowledged save.
#[test]
fn full_disk_gives_a_clear_error_and_no_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let log = dir.path().join("acks.log");
    let mut cmd = Command::new(LP_STRESS);
    cmd.args(["writer", "--record-chars", "20000", "--max-ops", "5000", "--data-dir"])
        .arg(&store_dir)
        .arg("--log")
        .arg(&log)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    portfolio_durability::limit_file_size(&mut cmd, 3 * 1024 * 1024);
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the writer did not stop on a full disk within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("writer: {}; stderr: {stderr}", out.status);
    assert_eq!(out.status.code(), Some(2), "the writer should stop with an error, not crash: {stderr}");
    assert!(stderr.contains("Reading or writing the portfolio failed"), "not the store's storage error: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let store = Store::open(&store_dir).expect("the store reopens after a full disk");
    let model = Model::load(&log).unwrap();
    assert!(model.acknowledged > 10, "the disk filled too early to prove anything ({})", model.acknowledged);
    let outcome = ack::check(&store, &model).unwrap();
    assert!(outcome.index_problems.is_empty(), "{:?}", outcome.index_problems);
    assert!(outcome.lost.is_empty(), "{:?}", outcome.lost);
    println!("acknowledged {} saves before the disk filled; all present", model.acknowledged);
}

/// The checker is not vacuous: a missing, changed or resurrected record is a loss.
#[test]
fn the_checker_reports_missing_changed_and_resurrected_records() {
    use portfolio_domain::{AuthorRole, RecordKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let learner = store.create_learner(portfolio_durability::data::learner_profile("Check Er")).unwrap().id;
    let mut rng = fastrand::Rng::with_seed(1);
    let kept = store.create(learner, AuthorRole::Student, portfolio_durability::data::goal(&mut rng)).unwrap();
    let changed = store.create(learner, AuthorRole::Student, portfolio_durability::data::badge(&mut rng)).unwrap();
    let ghost = portfolio_domain::new_id();
    let log = dir.path().join("acks.log");
    let h = ack::record_hash(&kept);
    let lines = [
        format!("ack create goal {} {h}", kept.meta().id),
        format!("ack create badge {} {}", changed.meta().id, "0".repeat(64)),
        format!("ack create experience {ghost} {h}"),
        format!("ack delete goal {} {h}", kept.meta().id),
        format!("ack create goal {} {h}", kept.meta().id),
    ];
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let outcome = ack::check(&store, &Model::load(&log).unwrap()).unwrap();
    assert_eq!(outcome.acknowledged, 5);
    assert_eq!(outcome.lost.len(), 2, "{:?}", outcome.lost);

    std::fs::write(&log, format!("ack delete goal {} {h}\n", kept.meta().id)).unwrap();
    let outcome = ack::check(&store, &Model::load(&log).unwrap()).unwrap();
    assert_eq!(outcome.lost.len(), 1, "a deleted record that is still there is a loss: {:?}", outcome.lost);
    store.delete(RecordKind::Goal, kept.meta().id).unwrap();
    assert!(ack::check(&store, &Model::load(&log).unwrap()).unwrap().lost.is_empty());
}
