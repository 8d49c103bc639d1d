//! What a check shows beyond the verdict: endorsements with their own
//! verdicts, and a CLR's achievements as one group.

use portfolio_badges::{Credential, EndorsementVerification, Verification};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An endorsement of the badge, its achievement or its issuer, with its own
/// verdict (which does not change the badge's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EndorsementCheck {
    /// What it endorses: `credential`, `achievement` or `issuer`.
    pub on: String,
    /// Who endorses (a name, or an id when the endorser gives no name).
    pub endorser: String,
    /// The endorser's id (URL or DID).
    pub endorser_id: Option<String>,
    /// What the endorser says.
    pub comment: Option<String>,
    /// When it was made, as written.
    pub issued_at: Option<String>,
    /// The endorsement's own status (same words as [`BadgeCheck::status`](crate::BadgeCheck::status)).
    pub status: String,
    /// A sentence for a person.
    pub detail: String,
    /// What was and was not checked.
    pub warnings: Vec<String>,
}

/// One achievement of a CLR, with its own verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgePart {
    /// The achievement's name.
    pub name: String,
    /// Who issued it.
    pub issuer_name: String,
    /// Its status (same words as [`BadgeCheck::status`](crate::BadgeCheck::status)).
    pub status: String,
    /// A sentence for a person.
    pub detail: String,
    /// Its endorsements.
    pub endorsements: Vec<EndorsementCheck>,
}

/// A Comprehensive Learner Record: one signed record grouping achievements
/// (imported as one badge each, in this order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClrGroup {
    /// The record's name.
    pub name: String,
    /// Who issued the record.
    pub issuer_name: String,
    /// The achievements it holds.
    pub parts: Vec<BadgePart>,
}

/// A status as its snake_case word.
pub(crate) fn word<T: Serialize>(s: T) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(crate) fn endorsements(list: &[EndorsementVerification]) -> Vec<EndorsementCheck> {
    list.iter()
        .map(|e| EndorsementCheck {
            on: word(e.on),
            endorser: e.endorser.clone(),
            endorser_id: e.endorser_id.clone(),
            comment: e.comment.clone(),
            issued_at: e.issued_at.clone(),
            status: word(e.status),
            detail: e.detail.clone(),
            warnings: e.warnings.clone(),
        })
        .collect()
}

fn named(name: &str, fallback: &str) -> String {
    if name.trim().is_empty() {
        fallback.to_owned()
    } else {
        name.to_owned()
    }
}

/// The group of a CLR holding credentials; `None` for anything else.
pub(crate) fn clr_group(c: &Credential, v: &Verification) -> Option<ClrGroup> {
    if c.format != portfolio_badges::BadgeFormat::Clr || c.nested.is_empty() {
        return None;
    }
    let parts = c
        .nested
        .iter()
        .zip(&v.nested)
        .map(|(n, nv)| BadgePart {
            name: named(&n.display.name, "Untitled badge"),
            issuer_name: named(&n.display.issuer_name, n.display.issuer_id.as_deref().unwrap_or("Unknown issuer")),
            status: word(nv.status),
            detail: nv.detail.clone(),
            endorsements: endorsements(&nv.endorsements),
        })
        .collect();
    Some(ClrGroup {
        name: named(&c.display.name, "Learner record"),
        issuer_name: named(&c.display.issuer_name, c.display.issuer_id.as_deref().unwrap_or("Unknown issuer")),
        parts,
    })
}
