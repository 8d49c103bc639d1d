//! Sync benchmark on loopback through the project's relay (prints figures):
//! a 2,000-record portfolio written on the student's device, its first sync
//! to a fresh advisor device, and save-to-arrival latency.
//!
//! `cargo run --release -p portfolio-relay --example sync_bench [RECORDS]`
//!
//! Evidence files (photos) are not part of the documents and are not measured here.

use std::time::{Duration, Instant};

use portfolio_domain::AuthorRole;
use portfolio_relay::{start, RelayConfig};
use portfolio_sync::fixtures::{device, eventually, experience, propagation_ms, reflection, signed_manifest, summary};
use portfolio_sync::{Member, RelayKind};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let root = tempfile::tempdir().unwrap();
    let relay =
        start(RelayConfig { addr: "127.0.0.1:0".parse().unwrap(), data_dir: root.path().join("relay") }).await.unwrap();
    let student = device(&root.path().join("student")).await;
    let advisor = device(&root.path().join("advisor")).await;
    let learner = portfolio_domain::new_id();
    let docs = student.create_learner_docs(learner).await.unwrap();
    student.publish_manifest(signed_manifest(
        &student,
        learner,
        &docs,
        vec![Member { did: advisor.did(), name: "Dr. Rahman".into(), role: AuthorRole::Advisor }],
    ));
    let portfolio = student.find(&docs.portfolio).await.unwrap().unwrap();

    let t = Instant::now();
    let body = "Hoy aprendí a centrar una rueda. Hôm nay tôi học cân bánh xe. ".repeat(8);
    for i in 0..n {
        let r = if i % 4 == 3 {
            reflection(learner, &format!("Diario {i} ✍️"), &body, "family")
        } else {
            experience(learner, &format!("Experiencia {i} 🚲"))
        };
        portfolio.write_record(&r).await.unwrap();
    }
    println!("write {n} records into the portfolio document: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let size = portfolio.with_doc(|d| d.save().len()).await.unwrap();
    println!("document size (compressed, as saved): {:.1} KiB", size as f64 / 1024.0);

    let t = Instant::now();
    let link = student.connect(&relay.url(), RelayKind::Project).unwrap();
    link.established(Duration::from_secs(10)).await.unwrap();
    assert!(link.wait_synced(&portfolio, Duration::from_secs(120)).await);
    println!("upload to the relay (connect + sync): {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

    let t = Instant::now();
    let a_link = advisor.connect(&relay.url(), RelayKind::Project).unwrap();
    a_link.established(Duration::from_secs(10)).await.unwrap();
    let theirs = advisor.find(&docs.portfolio).await.unwrap().unwrap();
    assert!(
        eventually(Duration::from_secs(120), || async { theirs.records().await.unwrap().records.len() == n }).await
    );
    println!(
        "first sync on a fresh advisor device (connect + find + all {n} records readable): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let _ = theirs.records().await.unwrap();
    println!("read all {n} records back from the document: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

    let probe = experience(learner, "Sonda");
    portfolio.write_record(&probe).await.unwrap();
    for (label, gap) in [("back to back", 0), ("after a 300 ms pause", 300)] {
        let mut ms = propagation_ms(&portfolio, &theirs, &probe, 30, Duration::from_millis(gap)).await;
        println!("save on student -> shown on advisor ({n}-record document), {label}: {}", summary(&mut ms));
    }
    relay.stop().await;
}
