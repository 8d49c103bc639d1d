//! Realistic records for tests (feature `test-support`).

use portfolio_domain::{AnyRecord, AuthorRole, Id, Record, RecordData};
use serde_json::json;

/// An experience of `learner` with a Spanish/Vietnamese description.
pub fn experience(learner: Id, title: &str) -> AnyRecord {
    let data = RecordData::from_json(
        portfolio_domain::RecordKind::Experience,
        json!({
            "title": title,
            "organisation": "Taller de Bicicletas Đà Nẵng",
            "start_date": "2026-09-07",
            "hours": 12.5,
            "description": "Reparé frenos y aprendí a cambiar radios. Học sửa phanh 🚲",
        }),
    )
    .expect("fixture experience");
    wrap(learner, AuthorRole::Student, data)
}

/// A journal entry of `learner` with the given visibility
/// (`"private"`, `"learning_team"` or `"family"`).
pub fn reflection(learner: Id, title: &str, body: &str, visibility: &str) -> AnyRecord {
    let data = RecordData::from_json(
        portfolio_domain::RecordKind::Reflection,
        json!({ "date": "2026-10-02", "title": title, "body": body, "visibility": visibility }),
    )
    .expect("fixture reflection");
    wrap(learner, AuthorRole::Student, data)
}

fn wrap(learner: Id, role: AuthorRole, data: RecordData) -> AnyRecord {
    let now = chrono::Utc::now();
    let meta = Record::new(learner, role, ()).meta;
    AnyRecord::from_parts(portfolio_domain::RecordMeta { created: now, updated: now, ..meta }, data)
}

/// A device in `dir`: its key in `dir/keys`, its sled database in `dir/db`.
pub async fn device(dir: &std::path::Path) -> crate::SyncRepo {
    let id = crate::DeviceIdentity::load_or_create(&dir.join("keys")).expect("device key");
    let db = sled::open(dir.join("db")).expect("sled");
    crate::SyncRepo::open(db.open_tree("sync-docs").expect("tree"), id).await.expect("repo")
}

/// True when `needle` is in any file under `dir`, raw or inside Automerge
/// chunks (every file's changes loaded and saved without compression, so
/// deleted values in the history count too).
pub fn stored_anywhere(dir: &std::path::Path, needle: &str) -> bool {
    bytes_stored_anywhere(dir, needle.as_bytes())
}

/// [`stored_anywhere`] for bytes (e.g. a slice of a photo).
pub fn bytes_stored_anywhere(dir: &std::path::Path, needle: &[u8]) -> bool {
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut all = automerge::Automerge::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            return true;
        }
        let _ = all.load_incremental(&bytes);
    }
    let plain = all.save_nocompress();
    plain.windows(needle.len()).any(|w| w == needle)
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Waits until `check` passes (polling every 10 ms) or `timeout`; true if it passed.
pub async fn eventually<F, Fut>(timeout: std::time::Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    false
}

/// [`eventually`] for code that blocks (polling every 2 ms): true if `check` passed before `timeout`.
pub fn wait_until(timeout: std::time::Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if check() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    false
}

/// Milliseconds as "min / median / max" over `samples`.
pub fn summary(samples: &mut [f64]) -> String {
    samples.sort_by(|a, b| a.total_cmp(b));
    if samples.is_empty() {
        return "no samples".into();
    }
    format!(
        "min {:.1} ms / median {:.1} ms / max {:.1} ms (n = {})",
        samples[0],
        samples[samples.len() / 2],
        samples[samples.len() - 1],
        samples.len()
    )
}

/// Renames `record` (an experience or journal entry).
pub fn retitled(record: &AnyRecord, title: &str) -> AnyRecord {
    let mut r = record.clone();
    match &mut r {
        AnyRecord::Experience(e) => e.data.title = title.into(),
        AnyRecord::Reflection(e) => e.data.title = title.into(),
        _ => panic!("retitled: experiences and journal entries only"),
    }
    r
}

fn title_of(record: &AnyRecord) -> &str {
    match record {
        AnyRecord::Experience(e) => &e.data.title,
        AnyRecord::Reflection(e) => &e.data.title,
        _ => "",
    }
}

/// Milliseconds from a save of `record` (renamed each round) into `from`
/// until `to` shows it, `rounds` times, waiting `gap` before each save.
pub async fn propagation_ms(
    from: &crate::SyncDoc,
    to: &crate::SyncDoc,
    record: &AnyRecord,
    rounds: usize,
    gap: std::time::Duration,
) -> Vec<f64> {
    use futures::StreamExt;
    let id = record.meta().id;
    let mut out = Vec::new();
    for i in 0..rounds {
        tokio::time::sleep(gap).await;
        let title = format!("Ronda {i} ⏱ vòng {i}");
        let mut changes = to.changes();
        let start = std::time::Instant::now();
        from.write_record(&retitled(record, &title)).await.expect("write");
        let arrived = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            loop {
                if let Ok(Some(r)) = to.record(id).await {
                    if title_of(&r.record) == title {
                        return;
                    }
                }
                if changes.next().await.is_none() {
                    return;
                }
            }
        })
        .await;
        assert!(arrived.is_ok(), "round {i}: the change did not arrive within 5 s");
        out.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    out
}

/// Version 1 of a team manifest for `learner`, signed by `student`.
pub fn signed_manifest(
    student: &crate::SyncRepo,
    learner: Id,
    docs: &crate::LearnerDocs,
    members: Vec<crate::Member>,
) -> crate::SignedManifest {
    crate::TeamManifest {
        learner_id: learner,
        version: 1,
        student: student.did(),
        members,
        documents: docs.clone(),
        issued_at: chrono::Utc::now(),
        invites: vec![],
    }
    .sign(student.identity())
    .expect("the student signs its own manifest")
}
