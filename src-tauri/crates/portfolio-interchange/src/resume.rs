//! JSON Resume export (<https://jsonresume.org/schema>, v1.0.0).
//!
//! Mapping: experiences of kind job and internship → `work`; volunteering →
//! `volunteer`; courses → `education`; every other kind (project,
//! competition, club, museum or cultural visit, travel, other) → `projects`;
//! badges → `certificates`; the learner's interests → `interests`. Dates are
//! `YYYY-MM-DD`; an ongoing experience has no `endDate`. Only the learner's
//! own data is written; nothing private (journal entries, plans) goes in.

use portfolio_domain::{AnyRecord, ExperienceData, ExperienceKind, Id, RecordKind};
use portfolio_store::Store;
use serde_json::{json, Map, Value};

use crate::InterchangeError;

fn put(obj: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.trim().is_empty() {
        obj.insert(key.into(), Value::String(value.trim().to_string()));
    }
}

fn dates(obj: &mut Map<String, Value>, e: &ExperienceData) {
    obj.insert("startDate".into(), json!(e.start_date.to_string()));
    if let Some(end) = e.end_date {
        obj.insert("endDate".into(), json!(end.to_string()));
    }
}

fn kind_label(k: ExperienceKind) -> &'static str {
    match k {
        ExperienceKind::Project => "Project",
        ExperienceKind::Competition => "Competition",
        ExperienceKind::Club => "Club",
        ExperienceKind::MuseumVisit => "Museum or cultural visit",
        ExperienceKind::Travel => "Travel",
        ExperienceKind::Internship => "Internship",
        ExperienceKind::Job => "Job",
        ExperienceKind::Course => "Course",
        ExperienceKind::Volunteering => "Volunteering",
        ExperienceKind::Other => "Other",
    }
}

/// The learner's résumé as a JSON Resume document.
pub fn export_resume(store: &Store, learner: Id) -> Result<Value, InterchangeError> {
    let l = store.learner(learner)?;
    let p = &l.profile;
    let mut basics = Map::new();
    put(&mut basics, "name", &p.name);
    if let Some(email) = p.emails.first() {
        put(&mut basics, "email", email);
    }
    put(
        &mut basics,
        "label",
        &[p.cohort.as_str(), p.school.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    );
    let (mut work, mut volunteer, mut projects, mut education) = (vec![], vec![], vec![], vec![]);
    for r in store.list(learner, RecordKind::Experience, "")? {
        let AnyRecord::Experience(r) = r else { continue };
        let e = &r.data;
        let mut o = Map::new();
        match e.kind {
            ExperienceKind::Job | ExperienceKind::Internship => {
                put(&mut o, "name", &e.organisation);
                put(&mut o, "position", &e.title);
                put(&mut o, "location", &e.location);
                put(&mut o, "summary", &e.description);
                dates(&mut o, e);
                work.push(Value::Object(o));
            }
            ExperienceKind::Volunteering => {
                put(&mut o, "organization", &e.organisation);
                put(&mut o, "position", &e.title);
                put(&mut o, "summary", &e.description);
                dates(&mut o, e);
                volunteer.push(Value::Object(o));
            }
            ExperienceKind::Course => {
                put(&mut o, "institution", if e.organisation.is_empty() { &e.title } else { &e.organisation });
                put(&mut o, "area", &e.title);
                put(&mut o, "studyType", "Course");
                dates(&mut o, e);
                education.push(Value::Object(o));
            }
            other => {
                put(&mut o, "name", &e.title);
                put(&mut o, "description", &e.description);
                put(&mut o, "entity", &e.organisation);
                put(&mut o, "type", kind_label(other));
                dates(&mut o, e);
                projects.push(Value::Object(o));
            }
        }
    }
    let mut certificates = vec![];
    for r in store.list(learner, RecordKind::Badge, "")? {
        let AnyRecord::Badge(b) = r else { continue };
        let mut o = Map::new();
        put(&mut o, "name", &b.data.name);
        o.insert("date".into(), json!(b.data.issued_on.to_string()));
        put(&mut o, "issuer", &b.data.issuer_name);
        if let Some(url) = b.data.evidence_links.iter().find(|u| u.starts_with("http")) {
            put(&mut o, "url", url);
        }
        certificates.push(Value::Object(o));
    }
    let interests: Vec<Value> =
        p.interests.iter().filter(|i| !i.trim().is_empty()).map(|i| json!({"name": i.trim()})).collect();
    Ok(json!({
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "volunteer": volunteer,
        "education": education,
        "projects": projects,
        "certificates": certificates,
        "interests": interests,
        "meta": {"version": "v1.0.0", "lastModified": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string()},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Option<Value> {
        let candidates = [
            std::env::var("JSON_RESUME_SCHEMA").ok().map(std::path::PathBuf::from),
            Some(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../ui/node_modules/@jsonresume/schema/schema.json"),
            ),
        ];
        for p in candidates.into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(&p) {
                return serde_json::from_str(&text).ok();
            }
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "the JSON Resume schema is missing: run `npm ci` in ui/ (@jsonresume/schema)"
        );
        eprintln!("SKIPPED: JSON Resume schema not found (npm ci in ui/)");
        None
    }

    #[test]
    fn demo_resume_validates_against_the_json_resume_schema() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let l = portfolio_demo::create_demo(&store, chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
        let resume = export_resume(&store, l.id).unwrap();
        assert_eq!(resume["basics"]["name"], "Maya Okafor");
        assert_eq!(resume["work"].as_array().unwrap().len(), 2, "internship + job");
        assert_eq!(resume["volunteer"].as_array().unwrap().len(), 1);
        assert_eq!(resume["education"].as_array().unwrap().len(), 1);
        assert_eq!(resume["projects"].as_array().unwrap().len(), 6);
        assert_eq!(resume["certificates"].as_array().unwrap().len(), 4);
        let Some(schema) = schema() else { return };
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&resume).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The validator does catch a broken résumé.
        let mut broken = resume.clone();
        broken["work"][0]["startDate"] = json!("next spring");
        assert!(!validator.is_valid(&broken));
    }
}
