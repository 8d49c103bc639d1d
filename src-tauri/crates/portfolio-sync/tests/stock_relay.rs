//! Two devices sync through the stock relay from npm,
//! `@automerge/automerge-repo-sync-server` 0.2.8, on a free loopback port.
//! Installed once into Cargo's test temp folder with `npm install`; the test
//! says SKIPPED (and passes) only when npm or the registry is unavailable.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use portfolio_sync::fixtures::{device, eventually, experience, propagation_ms, reflection, stored_anywhere, summary};
use portfolio_sync::{DocRole, RelayKind};

const VERSION: &str = "0.2.8";
const T: Duration = Duration::from_secs(15);

fn install() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("stock-relay-{VERSION}"));
    let entry = dir.join("node_modules/@automerge/automerge-repo-sync-server/src/index.js");
    if entry.exists() {
        return Ok(entry);
    }
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
    Ok(entry)
}

/// The stock relay process; killed (by its own pid) when dropped.
struct Stock(Child);

impl Drop for Stock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_stock(entry: &Path, data: &Path, port: u16) -> Stock {
    let mut child = Command::new("node")
        .arg(entry)
        .env("PORT", port.to_string())
        .env("DATA_DIR", data)
        .current_dir(data.parent().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("Listening on port"), "stock relay said: {line}");
    Stock(child)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_sync_through_the_stock_relay() {
    let entry = match install() {
        Ok(e) => e,
        Err(why) => {
            println!("SKIPPED: the stock relay could not be installed ({why})");
            return;
        }
    };
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("relay");
    std::fs::create_dir_all(&data).unwrap();
    let port = free_port();
    let _relay = start_stock(&entry, &data, port);
    let url = format!("ws://127.0.0.1:{port}");

    let student = device(&root.path().join("student")).await;
    let advisor = device(&root.path().join("advisor")).await;
    let learner = portfolio_domain::new_id();
    let mine = student.create(DocRole::Portfolio, learner, None).await.unwrap();
    let exp = experience(learner, "Prácticas — bản địa hoá 🌏 实习");
    mine.write_record(&exp).await.unwrap();
    let secret = "Diario privado: không ai được đọc 🤐";
    assert!(mine.write_record(&reflection(learner, "Privado", secret, "private")).await.is_err());
    mine.write_record(&reflection(learner, "Para todos", "Texto visible para la familia 👪", "family")).await.unwrap();

    let a = student.connect(&url, RelayKind::Plain).unwrap();
    a.established(T).await.unwrap();
    assert!(a.wait_synced(&mine, T).await, "the stock relay acknowledges the student's changes");
    let b = advisor.connect(&url, RelayKind::Plain).unwrap();
    b.established(T).await.unwrap();
    let theirs = advisor.find(&mine.id()).await.unwrap().expect("the advisor finds the portfolio");
    assert!(eventually(T, || async { theirs.record(exp.meta().id).await.unwrap().is_some() }).await);
    assert_eq!(theirs.record(exp.meta().id).await.unwrap().unwrap().record, exp);

    // automerge-repo 1.2.1 throttles a document's sync messages to one per
    // 100 ms: saves in quick succession wait for it, a save after a pause does not.
    for (label, gap) in [("back to back", 0), ("after a 300 ms pause", 300)] {
        let gap = Duration::from_millis(gap);
        let mut ms = propagation_ms(&mine, &theirs, &exp, 20, gap).await;
        println!("stock relay {VERSION}, save on student -> shown on advisor, {label}: {}", summary(&mut ms));
        let mut back = propagation_ms(&theirs, &mine, &exp, 10, gap).await;
        println!("stock relay {VERSION}, save on advisor -> shown on student, {label}: {}", summary(&mut back));
    }

    assert!(stored_anywhere(&data, "visible para la familia"), "the check sees the relay's stored text");
    assert!(!stored_anywhere(&data, "không ai được đọc"), "a private entry reached the stock relay");
}
