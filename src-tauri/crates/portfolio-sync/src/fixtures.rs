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
