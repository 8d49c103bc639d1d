//! Fixtures for tests of crates that use evidence (feature `test-support`).

use std::path::Path;

use portfolio_domain::{AuthorRole, Id, LearnerProfile, RecordData, RecordKind};
use portfolio_store::Store;

/// A store in `dir/store` with one learner, a marking period, an experience,
/// a signed Learning Plan with goals `g-field` ("Run a field study") and
/// `g-talk` ("Talk to the council"), and an exhibition "Q1 exhibition" with
/// two items. Returns (store, learner id, plan id, exhibition id).
///
/// # Panics
/// When the store cannot be made (tests only).
pub fn loop_store(dir: &Path) -> (Store, Id, Id, Id) {
    let store = Store::open(dir.join("store")).expect("test store opens");
    let l = store.create_learner(LearnerProfile { name: "Maya".into(), ..Default::default() }).expect("learner");
    let rec = |kind, v| {
        let data = RecordData::from_json(kind, v).expect("fixture data");
        store.create(l.id, AuthorRole::Student, data).expect("fixture record")
    };
    let period = rec(RecordKind::Period, serde_json::json!({"name": "Q1", "start": "2026-09-01", "end": "2026-11-09"}));
    let pid = period.meta().id;
    let exp = rec(RecordKind::Experience, serde_json::json!({"title": "Clinic", "start_date": "2026-09-01"}));
    let plan = rec(
        RecordKind::Plan,
        serde_json::json!({"period_id": pid, "content": {"goals": [
            {"id": "g-field", "title": "Run a field study"}, {"id": "g-talk", "title": "Talk to the council"}]},
            "signoffs": [{"name": "Maya", "role": "student", "signed_at": "2026-09-02T10:00:00Z"}]}),
    );
    let item = serde_json::json!({"item": {"kind": "experience", "id": exp.meta().id}});
    let ex = rec(
        RecordKind::Exhibition,
        serde_json::json!({"period_id": pid, "title": "Q1 exhibition", "date": "2026-11-05", "items": [item, item],
            "rubric": {"criteria": [{"id": "c", "name": "Reasoning"}], "levels": [{"value": 1, "name": "Emerging"}]}}),
    );
    (store, l.id, plan.meta().id, ex.meta().id)
}
