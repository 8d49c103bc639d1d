//! Mahara SmartEvidence `.matrix` files ↔ frameworks.
//!
//! A `.matrix` file is JSON: `{"framework": {name, description, institution,
//! selfassess, evidencestatuses, standards[], standardelements[]}}`. Each
//! learning goal becomes a *standard*; its guiding questions become the
//! standard's *elements*. Mahara's HTML descriptions are reduced to plain text
//! on import (user text never becomes HTML here).

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::framework::{slug, Framework, LearningGoal};
use crate::validate::{Validate, MAX_ITEMS};

/// Largest `.matrix` file accepted.
pub const MAX_MATRIX_BYTES: usize = 2 * 1024 * 1024;

/// Why a `.matrix` file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixError {
    /// Too big.
    #[error("The .matrix file is too large ({0} bytes; at most 2 MB).")]
    TooLarge(usize),
    /// Not JSON.
    #[error("The .matrix file is not valid JSON: {0}")]
    NotJson(String),
    /// JSON, but not the SmartEvidence shape.
    #[error("The .matrix file is not a SmartEvidence framework: {0}")]
    Shape(String),
    /// A framework that breaks the app's rules.
    #[error("The framework in the .matrix file is not usable: {0}")]
    Invalid(String),
}

/// Writes a framework as a SmartEvidence `.matrix` document.
pub fn to_matrix(f: &Framework) -> Value {
    let standards: Vec<Value> = f
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| json!({"shortname": g.name, "name": g.name, "description": g.description, "standardid": i + 1}))
        .collect();
    let elements: Vec<Value> = f
        .goals
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            g.guiding_questions.iter().enumerate().map(move |(j, q)| {
                json!({"shortname": format!("{}.{}", i + 1, j + 1), "name": q, "description": "", "standardid": i + 1, "elementid": format!("{}.{}", i + 1, j + 1)})
            })
        })
        .collect();
    json!({"framework": {
        "name": f.name,
        "description": f.description,
        "institution": if f.institution.is_empty() { "all" } else { f.institution.as_str() },
        "selfassess": true,
        "evidencestatuses": [{"begun": "Ready for assessment"}, {"incomplete": "Not yet shown"}, {"partialcomplete": "Partly shown"}, {"completed": "Shown"}],
        "standards": standards,
        "standardelements": elements,
    }})
}

/// Plain text from Mahara's HTML fragments: tags dropped, common entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => plain_text(s),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Reads a SmartEvidence `.matrix` file into a (new, non-built-in) framework
/// with id `id`. Accepts the flat `standardelements` layout and the older
/// nested `standardelement` layout.
pub fn from_matrix(bytes: &[u8], id: String) -> Result<Framework, MatrixError> {
    if bytes.len() > MAX_MATRIX_BYTES {
        return Err(MatrixError::TooLarge(bytes.len()));
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| MatrixError::NotJson(e.to_string()))?;
    let fw = doc
        .get("framework")
        .filter(|f| f.is_object())
        .ok_or_else(|| MatrixError::Shape("there is no \"framework\" object at the top".into()))?;
    let standards = fw["standards"]
        .as_array()
        .ok_or_else(|| MatrixError::Shape("\"standards\" is missing or not a list".into()))?;
    if standards.len() > MAX_ITEMS {
        return Err(MatrixError::Invalid(format!(
            "it has {} learning goals, more than the {MAX_ITEMS} a framework can have.",
            standards.len()
        )));
    }
    // Guiding questions by standard id, in file order: one pass over the
    // elements (the key is the id's JSON text, so `1` and `"1"` stay apart
    // exactly as they did when compared as JSON values).
    let mut by_standard: HashMap<String, Vec<String>> = HashMap::new();
    let flat = fw["standardelements"].as_array();
    for e in flat.into_iter().flatten() {
        let sid = &e["standardid"];
        if !sid.is_null() {
            by_standard.entry(sid.to_string()).or_default().push(text(e, "name"));
        }
    }
    let mut goals: Vec<LearningGoal> = Vec::with_capacity(standards.len());
    // Ids in use, and for each base id the next suffix to try: linear in the
    // number of standards even when they all share one shortname.
    let mut used: HashSet<String> = HashSet::with_capacity(standards.len());
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (i, s) in standards.iter().enumerate() {
        if !s.is_object() {
            return Err(MatrixError::Shape(format!("standard {} is not an object", i + 1)));
        }
        let name = {
            let short = text(s, "shortname");
            if short.is_empty() {
                text(s, "name")
            } else {
                short
            }
        };
        let long_name = text(s, "name");
        let mut description = text(s, "description");
        if description.is_empty() && long_name != name {
            description = long_name;
        }
        let sid = &s["standardid"];
        let mut questions: Vec<String> = match flat {
            Some(_) if sid.is_null() => Vec::new(),
            // A standard id listed twice gets its questions once (the first time).
            Some(_) => by_standard.remove(&sid.to_string()).unwrap_or_default(),
            None => s["standardelement"]
                .as_array()
                .map(|els| els.iter().map(|e| text(e, "name")).collect())
                .unwrap_or_default(),
        };
        questions.retain(|q| !q.is_empty());
        let base = slug(&name);
        let mut id = base.clone();
        if used.contains(&id) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}_{n}");
                *n += 1;
                if !used.contains(&id) {
                    break;
                }
            }
        }
        used.insert(id.clone());
        goals.push(LearningGoal { id, name, description, guiding_questions: questions });
    }
    let institution = match text(fw, "institution").as_str() {
        "all" => String::new(),
        other => other.to_string(),
    };
    let f = Framework {
        id,
        name: text(fw, "name"),
        description: text(fw, "description"),
        institution,
        goals,
        builtin: false,
        updated: Some(chrono::Utc::now()),
    };
    f.validate().map_err(|e| MatrixError::Invalid(e.to_string()))?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin_frameworks;

    #[test]
    fn round_trips_a_framework() {
        let f = builtin_frameworks().remove(1);
        let bytes = serde_json::to_vec_pretty(&to_matrix(&f)).unwrap();
        let back = from_matrix(&bytes, "x".into()).unwrap();
        assert_eq!(back.name, f.name);
        assert_eq!(back.institution, f.institution);
        assert_eq!(back.goals, f.goals);
    }

    #[test]
    fn reads_mahara_layouts_and_strips_html() {
        let flat = br#"{"framework":{"institution":"all","name":"Practising Teacher Criteria","description":"<p>The criteria &amp; indicators</p>","selfassess":false,
          "standards":[{"shortname":"Professional relationships","name":"Professional relationships and values","description":"","standardid":1},{"shortname":"Knowledge","name":"Knowledge","description":"<b>Use</b> it","standardid":2}],
          "standardelements":[{"shortname":"1","name":"1. Establish relationships","description":"","standardid":1,"elementid":"1.0"},{"shortname":"2","name":"2. <i>Well-being</i>","standardid":1,"elementid":"2.0"},{"shortname":"6","name":"6. Plan","standardid":2,"elementid":"6.0"}]}}"#;
        let f = from_matrix(flat, "t".into()).unwrap();
        assert_eq!(f.description, "The criteria & indicators");
        assert_eq!(f.institution, "");
        assert_eq!(f.goals.len(), 2);
        assert_eq!(f.goals[0].id, "professional_relationships");
        assert_eq!(f.goals[0].description, "Professional relationships and values");
        assert_eq!(f.goals[0].guiding_questions, ["1. Establish relationships", "2. Well-being"]);
        assert_eq!(f.goals[1].description, "Use it");
        let nested = br#"{"framework":{"name":"SmartEvidence","standards":[{"shortname":"PK 1.","name":"Know the students","standardelement":[{"shortname":"1.1","name":"one point one"}]}]}}"#;
        let f = from_matrix(nested, "n".into()).unwrap();
        assert_eq!(f.goals[0].guiding_questions, ["one point one"]);
    }

    #[test]
    fn refuses_bad_files_with_reasons() {
        assert!(matches!(from_matrix(b"{nope", "x".into()), Err(MatrixError::NotJson(_))));
        assert_eq!(
            from_matrix(b"[]", "x".into()).unwrap_err().to_string(),
            "The .matrix file is not a SmartEvidence framework: there is no \"framework\" object at the top"
        );
        assert!(matches!(
            from_matrix(br#"{"framework":{"name":"x","standards":[]}}"#, "x".into()),
            Err(MatrixError::Invalid(_))
        ));
        let huge = vec![b' '; MAX_MATRIX_BYTES + 1];
        assert!(matches!(from_matrix(&huge, "x".into()), Err(MatrixError::TooLarge(_))));
    }

    fn matrix_of(standards: usize, elements_each: usize, shortname: impl Fn(usize) -> String) -> Vec<u8> {
        let standards: Vec<Value> = (0..standards)
            .map(|i| json!({"shortname": shortname(i), "name": "Cộng đồng", "standardid": i + 1}))
            .collect();
        let elements: Vec<Value> = (0..standards.len() * elements_each)
            .map(|k| json!({"name": format!("¿Pregunta {k}?"), "standardid": k % standards.len().max(1) + 1}))
            .collect();
        serde_json::to_vec(
            &json!({"framework": {"name": "Hostile", "standards": standards, "standardelements": elements}}),
        )
        .unwrap()
    }

    #[test]
    fn standards_sharing_one_shortname_get_unique_ids_in_linear_time() {
        // "x_2" taken by a real name first: the suffixes skip it.
        let bytes = matrix_of(MAX_ITEMS, 20, |i| if i == 1 { "x_2".into() } else { "x".into() });
        let started = std::time::Instant::now();
        let f = from_matrix(&bytes, "h".into()).unwrap();
        println!("{} standards, {} elements: {:?}", MAX_ITEMS, MAX_ITEMS * 20, started.elapsed());
        let ids: Vec<&str> = f.goals.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(&ids[..4], ["x", "x_2", "x_3", "x_4"]);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), MAX_ITEMS);
        assert_eq!(f.goals[0].guiding_questions.len(), 20);
        assert_eq!(f.goals[0].guiding_questions[1], format!("¿Pregunta {MAX_ITEMS}?"));
    }

    #[test]
    fn too_many_standards_are_refused_before_any_work() {
        // 110,000 standards sharing one shortname still fit under the 2 MB cap.
        let bytes = br#"{"framework":{"name":"Hostile","standards":[{"shortname":"x"}"#;
        let mut doc = bytes.to_vec();
        for _ in 1..110_000 {
            doc.extend_from_slice(br#",{"shortname":"x"}"#);
        }
        doc.extend_from_slice(b"]}}");
        assert!(doc.len() < MAX_MATRIX_BYTES);
        let started = std::time::Instant::now();
        let err = from_matrix(&doc, "h".into()).unwrap_err();
        println!("110000 standards refused in {:?}", started.elapsed());
        assert_eq!(
            err.to_string(),
            "The framework in the .matrix file is not usable: it has 110000 learning goals, more than the 500 a framework can have."
        );
    }
}
