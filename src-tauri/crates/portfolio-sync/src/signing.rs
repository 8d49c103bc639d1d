//! Sign-offs from each person's own device: an Ed25519 signature over a
//! canonical JSON form of one plan revision.
//!
//! What is signed ([`revision_payload`]), as canonical JSON (object keys
//! sorted by their UTF-8 bytes, no whitespace, strings escaped by
//! serde_json):
//! ```text
//! {"content": <PlanContent without evidence>, "learner_id": "<uuid>",
//!  "name": "<signer>", "period_id": "<uuid>", "plan_id": "<uuid>",
//!  "revision": 1, "role": "advisor", "signed_at": "<RFC 3339>",
//!  "signer": "did:key:…", "type": "lp-plan-signoff/1"}
//! ```
//! Evidence is left out because the plan revision rule
//! (`PlanData::apply_edit`) does not count it as what a signature covers.

use chrono::{DateTime, Utc};
use portfolio_domain::{AuthorRole, Id, PlanContent, PlanData};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use crate::error::{Result, SyncError};
use crate::identity::{verify, DeviceIdentity};

/// One person's signature on one revision of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PlanSignature {
    /// The learner.
    pub learner_id: Id,
    /// The plan record.
    pub plan_id: Id,
    /// The revision signed.
    pub revision: u32,
    /// The signer's device (`did:key`).
    pub signer: String,
    /// The signer's name as they typed it.
    pub name: String,
    /// Their role on the team.
    pub role: AuthorRole,
    /// When they signed.
    pub signed_at: DateTime<Utc>,
    /// Ed25519 over the canonical payload, base64url.
    pub signature: String,
}

/// How a signature checks against a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Valid and on the plan's current revision.
    Valid,
    /// Valid, but on an earlier revision (kept in the plan's history): it does
    /// not cover the current one.
    EarlierRevision {
        /// The revision it covers.
        revision: u32,
    },
    /// Forged, altered, or about another plan or learner.
    Invalid {
        /// Why, in a sentence.
        reason: String,
    },
}

/// Writes `value` as canonical JSON: keys sorted, no whitespace.
pub fn canonical_json(value: &Json) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Json, out: &mut String) {
    match value {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The exact bytes a signature covers.
#[allow(clippy::too_many_arguments)]
pub fn revision_payload(
    learner_id: Id,
    plan_id: Id,
    period_id: Id,
    revision: u32,
    content: &PlanContent,
    signer: &str,
    name: &str,
    role: AuthorRole,
    signed_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let v = json!({
        "type": "lp-plan-signoff/1",
        "learner_id": learner_id,
        "plan_id": plan_id,
        "period_id": period_id,
        "revision": revision,
        "content": serde_json::to_value(content.without_evidence())?,
        "signer": signer,
        "name": name,
        "role": role,
        "signed_at": signed_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    });
    Ok(canonical_json(&v).into_bytes())
}

/// Signs the current revision of `plan` as `name` in `role` with this device's key.
pub fn sign_plan(
    identity: &DeviceIdentity,
    learner_id: Id,
    plan_id: Id,
    plan: &PlanData,
    name: &str,
    role: AuthorRole,
    signed_at: DateTime<Utc>,
) -> Result<PlanSignature> {
    let signer = identity.did();
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(SyncError::BadSignature("a signature needs the signer's name".into()));
    }
    let payload = revision_payload(
        learner_id,
        plan_id,
        plan.period_id,
        plan.revision,
        &plan.content,
        &signer,
        &name,
        role,
        signed_at,
    )?;
    Ok(PlanSignature {
        learner_id,
        plan_id,
        revision: plan.revision,
        signature: identity.sign(&payload),
        signer,
        name,
        role,
        signed_at,
    })
}

/// Checks `sig` against the plan record `plan_id` of `learner_id` as stored
/// now: the current revision, or an earlier one from its history.
pub fn check_plan_signature(sig: &PlanSignature, learner_id: Id, plan_id: Id, plan: &PlanData) -> SignatureStatus {
    let invalid = |reason: &str| SignatureStatus::Invalid { reason: reason.to_string() };
    if sig.learner_id != learner_id {
        return invalid("It was made for another learner.");
    }
    if sig.plan_id != plan_id {
        return invalid("It was made for another plan.");
    }
    let content = if sig.revision == plan.revision {
        &plan.content
    } else if let Some(old) = plan.history.iter().find(|h| h.revision == sig.revision) {
        &old.content
    } else {
        return invalid(&format!("The plan has no revision {}.", sig.revision));
    };
    let payload = match revision_payload(
        learner_id,
        plan_id,
        plan.period_id,
        sig.revision,
        content,
        &sig.signer,
        &sig.name,
        sig.role,
        sig.signed_at,
    ) {
        Ok(p) => p,
        Err(e) => return invalid(&e.to_string()),
    };
    match verify(&sig.signer, &payload, &sig.signature) {
        Err(_) => invalid(&format!(
            "The signature of {} does not match revision {} of this plan: it was forged or the plan was altered.",
            sig.name, sig.revision
        )),
        Ok(()) if sig.revision == plan.revision => SignatureStatus::Valid,
        Ok(()) => SignatureStatus::EarlierRevision { revision: sig.revision },
    }
}

#[cfg(test)]
#[path = "signing_tests.rs"]
mod tests;
