//! Reading display data out of OB 2.0 / OB 3.0 / CLR JSON.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::model::{Alignment, BadgeDisplay, BadgeFormat, Evidence, Recipient};

/// Strings of a JSON string-or-array.
pub(crate) fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A trimmed, non-empty string value.
pub(crate) fn s(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned)
}

/// The object, or the first object of an array.
pub(crate) fn first_obj(v: Option<&Value>) -> Option<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().find(|x| x.is_object()),
        Some(o @ Value::Object(_)) => Some(o),
        _ => None,
    }
}

/// `issuer`/`image`-style value: a string, or an object with `id`.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(x)) => Some(x.clone()),
        Some(Value::Object(m)) => s(m.get("id")),
        _ => None,
    }
}

/// Parse an ISO 8601 date-time or date into a calendar date.
pub(crate) fn date_of(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(d.date());
    }
    NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d").ok()
}

/// Classify credential JSON.
pub(crate) fn classify(v: &Value) -> Option<BadgeFormat> {
    let ctx: Vec<&str> = match v.get("@context") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        other => strings(other),
    };
    let types = strings(v.get("type"));
    let has_type = |t: &str| types.contains(&t);
    if has_type("ClrCredential") || ctx.iter().any(|c| c.contains("/spec/clr/v2p0")) {
        return Some(BadgeFormat::Clr);
    }
    if has_type("OpenBadgeCredential") || has_type("AchievementCredential") {
        return Some(BadgeFormat::Ob3);
    }
    if has_type("VerifiableCredential")
        && ctx.iter().any(|c| c.contains("/ob/v3p0") || c.contains("openbadges-specification"))
    {
        return Some(BadgeFormat::Ob3);
    }
    let ob2_shape = v.get("recipient").is_some() && v.get("badge").is_some();
    if has_type("Assertion") || (ob2_shape && ctx.iter().any(|c| c.contains("openbadges"))) {
        return Some(BadgeFormat::Ob2);
    }
    None
}

fn alignments(v: Option<&Value>) -> Vec<Alignment> {
    let list: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|a| {
            Some(Alignment {
                target_name: s(a.get("targetName"))?,
                target_url: s(a.get("targetUrl")),
                target_code: s(a.get("targetCode")),
                target_framework: s(a.get("targetFramework")),
                target_description: s(a.get("targetDescription")),
            })
        })
        .collect()
}

fn evidence(v: Option<&Value>) -> Vec<Evidence> {
    let list: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(x) => vec![x],
        None => Vec::new(),
    };
    list.into_iter()
        .filter_map(|e| match e {
            Value::String(u) => Some(Evidence { url: Some(u.clone()), name: None, narrative: None }),
            Value::Object(m) => Some(Evidence {
                url: s(m.get("id")).or_else(|| s(m.get("url"))),
                name: s(m.get("name")),
                narrative: s(m.get("narrative")),
            }),
            _ => None,
        })
        .collect()
}

fn criteria(v: Option<&Value>) -> (String, Option<String>) {
    match v {
        Some(Value::String(u)) => (u.clone(), Some(u.clone())),
        Some(Value::Object(m)) => {
            let url = s(m.get("id")).or_else(|| s(m.get("url")));
            (s(m.get("narrative")).or_else(|| url.clone()).unwrap_or_default(), url)
        }
        _ => (String::new(), None),
    }
}

fn empty_display(raw: &Value) -> BadgeDisplay {
    BadgeDisplay {
        name: String::new(),
        description: String::new(),
        criteria: String::new(),
        criteria_url: None,
        image: None,
        issuer_name: String::new(),
        issuer_id: None,
        issued_at: None,
        issued_on: None,
        expires_at: None,
        expires_on: None,
        evidence: Vec::new(),
        achievement_type: None,
        alignments: Vec::new(),
        recipient: None,
        credential_id: s(raw.get("id")),
        raw_json: raw.clone(),
    }
}

/// Display data of an OB 2.0 assertion. Warnings note what is only referenced.
pub(crate) fn ob2_display(a: &Value, warnings: &mut Vec<String>) -> BadgeDisplay {
    let mut d = empty_display(a);
    d.issued_at = s(a.get("issuedOn"));
    d.issued_on = d.issued_at.as_deref().and_then(date_of);
    d.expires_at = s(a.get("expires"));
    d.expires_on = d.expires_at.as_deref().and_then(date_of);
    d.evidence = evidence(a.get("evidence"));
    d.image = id_of(a.get("image"));
    if let Some(r) = a.get("recipient").filter(|r| r.is_object()) {
        if let Some(identity) = s(r.get("identity")) {
            d.recipient = Some(Recipient {
                kind: s(r.get("type")),
                hashed: r.get("hashed").and_then(Value::as_bool).unwrap_or(identity.contains('$')),
                salt: s(r.get("salt")),
                identity,
            });
        }
    }
    match a.get("badge") {
        Some(Value::Object(_)) => {
            let b = &a["badge"];
            d.name = s(b.get("name")).unwrap_or_default();
            d.description = s(b.get("description")).unwrap_or_default();
            (d.criteria, d.criteria_url) = criteria(b.get("criteria"));
            if d.image.is_none() {
                d.image = id_of(b.get("image"));
            }
            d.alignments = alignments(b.get("alignment"));
            match b.get("issuer") {
                Some(Value::Object(i)) => {
                    d.issuer_name = s(i.get("name")).unwrap_or_default();
                    d.issuer_id = s(i.get("id"));
                }
                Some(Value::String(u)) => {
                    d.issuer_id = Some(u.clone());
                    warnings.push(format!("The issuer's details are hosted at {u} and were not fetched (offline)."));
                }
                _ => {}
            }
        }
        Some(Value::String(u)) => {
            warnings.push(format!(
                "The badge's name, description and issuer are hosted at {u} and were not fetched (offline)."
            ));
        }
        _ => warnings.push("The assertion does not describe its badge (no 'badge').".into()),
    }
    d
}

/// Display data of an OB 3.0 credential (also used for CLR).
pub(crate) fn ob3_display(c: &Value) -> BadgeDisplay {
    let mut d = empty_display(c);
    let subject = first_obj(c.get("credentialSubject"));
    let achievement = subject.and_then(|x| x.get("achievement")).filter(|x| x.is_object());
    d.name = achievement.and_then(|a| s(a.get("name"))).or_else(|| s(c.get("name"))).unwrap_or_default();
    d.description =
        achievement.and_then(|a| s(a.get("description"))).or_else(|| s(c.get("description"))).unwrap_or_default();
    if let Some(a) = achievement {
        (d.criteria, d.criteria_url) = criteria(a.get("criteria"));
        d.achievement_type = s(a.get("achievementType"));
        d.alignments = alignments(a.get("alignment"));
        d.image = id_of(a.get("image"));
    }
    if d.image.is_none() {
        d.image = id_of(c.get("image"));
    }
    match c.get("issuer") {
        Some(Value::Object(i)) => {
            d.issuer_name = s(i.get("name")).unwrap_or_default();
            d.issuer_id = s(i.get("id"));
        }
        Some(Value::String(u)) => d.issuer_id = Some(u.clone()),
        _ => {}
    }
    d.issued_at = s(c.get("validFrom"))
        .or_else(|| s(c.get("issuanceDate")))
        .or_else(|| s(c.get("awardedDate")))
        .or_else(|| subject.and_then(|x| s(x.get("awardedDate"))));
    d.issued_on = d.issued_at.as_deref().and_then(date_of);
    d.expires_at = s(c.get("validUntil")).or_else(|| s(c.get("expirationDate")));
    d.expires_on = d.expires_at.as_deref().and_then(date_of);
    d.evidence = evidence(c.get("evidence"));
    if let Some(sub) = subject {
        let ident = first_obj(sub.get("identifier"));
        d.recipient = match ident {
            Some(i) => s(i.get("identityHash")).map(|identity| Recipient {
                kind: s(i.get("identityType")),
                hashed: i.get("hashed").and_then(Value::as_bool).unwrap_or(false),
                salt: s(i.get("salt")),
                identity,
            }),
            None => s(sub.get("id")).map(|identity| Recipient {
                kind: identity.starts_with("did:").then(|| "did".to_owned()),
                hashed: false,
                salt: None,
                identity,
            }),
        };
    }
    d
}
