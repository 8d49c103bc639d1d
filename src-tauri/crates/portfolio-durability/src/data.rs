//! Realistic record data: the sizes and shapes a real learner's portfolio has.

use chrono::{Duration, NaiveDate};
use portfolio_domain::{LearnerProfile, RecordData};
use serde_json::json;

const WORDS: &[&str] = &[
    "worked",
    "with",
    "the",
    "team",
    "on",
    "a",
    "new",
    "garden",
    "bed",
    "and",
    "measured",
    "soil",
    "acidity",
    "before",
    "planting",
    "seedlings",
    "mentor",
    "showed",
    "me",
    "how",
    "to",
    "record",
    "results",
    "in",
    "spreadsheet",
    "presented",
    "findings",
    "council",
    "learned",
    "that",
    "patience",
    "matters",
    "when",
    "customers",
    "ask",
    "questions",
    "about",
    "repairs",
    "bicycle",
    "workshop",
    "wheel",
    "truing",
    "brakes",
    "invoice",
    "schedule",
    "interview",
    "designer",
    "sketches",
    "prototype",
    "feedback",
    "revised",
    "model",
    "community",
    "radio",
    "episode",
    "edited",
    "audio",
    "published",
    "library",
    "children",
    "reading",
    "program",
    "volunteers",
];

const ORGS: &[&str] = &[
    "Riverside Community Garden",
    "Harbour Bikes Co-op",
    "City Library",
    "Northside Radio 94.1",
    "Greenfield Veterinary Clinic",
    "Makerspace @ The Old Mill",
];

/// Text of about `chars` characters made of plain words (deterministic in `rng`).
pub fn prose(rng: &mut fastrand::Rng, chars: usize) -> String {
    let mut s = String::with_capacity(chars + 16);
    while s.len() < chars {
        if !s.is_empty() {
            s.push(if rng.u8(..12) == 0 { '.' } else { ' ' });
            if s.ends_with('.') {
                s.push(' ');
            }
        }
        s.push_str(WORDS[rng.usize(..WORDS.len())]);
    }
    s
}

fn date(rng: &mut fastrand::Rng) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
    base + Duration::days(rng.i64(0..2_000))
}

fn tags(rng: &mut fastrand::Rng) -> Vec<String> {
    let all = ["empirical", "quantitative", "communication", "social", "personal"];
    let n = rng.usize(1..4);
    all.iter().take(n).map(|s| s.to_string()).collect()
}

fn from_json(v: serde_json::Value) -> RecordData {
    serde_json::from_value(v).expect("generated record data matches the domain types")
}

/// A learner profile.
pub fn learner_profile(name: &str) -> LearnerProfile {
    LearnerProfile {
        name: name.to_string(),
        school: "Big Picture Academy".into(),
        cohort: "Year 10".into(),
        interests: vec!["gardening".into(), "bicycles".into()],
        emails: vec!["learner@example.org".into()],
        ..LearnerProfile::default()
    }
}

/// An experience: title, organisation, location, mentor, ~`description_chars`
/// characters of description and a few tags (about 0.8 KB of JSON at 400).
pub fn experience(rng: &mut fastrand::Rng, description_chars: usize) -> RecordData {
    let start = date(rng);
    from_json(json!({
        "kind": "experience",
        "data": {
            "kind": "internship",
            "title": format!("Internship week {}: {}", rng.u32(1..60), prose(rng, 30)),
            "organisation": ORGS[rng.usize(..ORGS.len())],
            "location": "Fremantle, WA",
            "mentor": {"name": "Sam Rivera", "role": "Workshop lead", "contact": "sam@example.org"},
            "start_date": start,
            "end_date": start + Duration::days(rng.i64(1..90)),
            "hours": f64::from(rng.u32(2..200)),
            "description": prose(rng, description_chars),
            "goal_tags": tags(rng),
            "status": "completed",
        }
    }))
}

/// A reflection of ~`body_chars` characters.
pub fn reflection(rng: &mut fastrand::Rng, body_chars: usize) -> RecordData {
    from_json(json!({
        "kind": "reflection",
        "data": {
            "date": date(rng),
            "title": format!("What I noticed: {}", prose(rng, 24)),
            "body": format!("## This week\n\n{}\n\n- {}\n- {}", prose(rng, body_chars), prose(rng, 40), prose(rng, 40)),
            "prompt": "What surprised you?",
            "visibility": "learning_team",
        }
    }))
}

/// A goal with a few steps and progress notes.
pub fn goal(rng: &mut fastrand::Rng) -> RecordData {
    from_json(json!({
        "kind": "goal",
        "data": {
            "statement": format!("Learn to {}", prose(rng, 50)),
            "why": prose(rng, 200),
            "goal_tags": tags(rng),
            "target_date": date(rng),
            "status": "in_progress",
            "steps": [
                {"text": prose(rng, 40), "done": true},
                {"text": prose(rng, 40), "done": false},
            ],
            "progress_notes": [{"date": date(rng), "text": prose(rng, 120)}],
        }
    }))
}

/// A badge entered by hand (no original credential).
pub fn badge(rng: &mut fastrand::Rng) -> RecordData {
    from_json(json!({
        "kind": "badge",
        "data": {
            "name": format!("Safe Workshop Practice {}", rng.u32(1..9)),
            "issuer_name": ORGS[rng.usize(..ORGS.len())],
            "issued_on": date(rng),
            "description": prose(rng, 250),
            "criteria": prose(rng, 150),
            "evidence_links": ["https://example.org/evidence/1"],
            "goal_tags": tags(rng),
        }
    }))
}

/// Realistic data of a portfolio kind chosen by `rng` (experiences most often).
pub fn any_portfolio(rng: &mut fastrand::Rng) -> RecordData {
    match rng.u8(..10) {
        0..=3 => {
            let n = rng.usize(200..1_200);
            experience(rng, n)
        }
        4..=6 => {
            let n = rng.usize(300..2_500);
            reflection(rng, n)
        }
        7..=8 => goal(rng),
        _ => badge(rng),
    }
}

/// Realistic data of the given portfolio kind (experience, reflection, goal, badge).
pub fn of_kind(rng: &mut fastrand::Rng, kind: portfolio_domain::RecordKind) -> RecordData {
    use portfolio_domain::RecordKind as K;
    match kind {
        K::Reflection => {
            let n = rng.usize(300..2_500);
            reflection(rng, n)
        }
        K::Goal => goal(rng),
        K::Badge => badge(rng),
        _ => {
            let n = rng.usize(200..1_200);
            experience(rng, n)
        }
    }
}
