//! Endorsements: third parties' statements about a badge, its achievement or
//! its issuer, found where the specifications put them and verified with
//! their own status.
//!
//! * OB 3.0 / CLR 2.0: `endorsement` (embedded `EndorsementCredential`s,
//!   each with its own proof) and `endorsementJwt` (VC-JWTs) on the
//!   credential, on `credentialSubject.achievement` and on the issuer
//!   profile. Each is verified like any credential (signature, expiry,
//!   not-yet-valid, revocation lists), and its `credentialSubject.id` must
//!   name what it sits on when both ids are known.
//! * OB 2.0: `endorsement` on the assertion, the badge class and the issuer.
//!   These are hosted by the endorser, so they cannot be checked offline.
//!
//! Endorsements of endorsements are not read, and at most
//! [`MAX_ENDORSEMENTS`] are read per credential: each costs a signature check.

use serde::Serialize;
use serde_json::Value;

use crate::extract::{first_obj, ob3_display, s};
use crate::jws::{looks_like_jws, CompactJws};
use crate::model::{BadgeFormat, Credential, Encoding, Endorsed, Endorsement};
use crate::verify::{verify_credential, Status, VerifyOptions};

/// At most this many endorsements are read from one credential; the rest
/// are named in a warning.
pub const MAX_ENDORSEMENTS: usize = 64;

/// The verdict on one endorsement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndorsementVerification {
    /// What it endorses.
    pub on: Endorsed,
    /// Who endorses: the endorser's name, or its id when it has no name.
    pub endorser: String,
    /// The endorser's id (URL or DID), when stated.
    pub endorser_id: Option<String>,
    /// The endorser's comment.
    pub comment: Option<String>,
    /// When it was made, as written.
    pub issued_at: Option<String>,
    /// The verdict on the endorsement itself (not on the badge).
    pub status: Status,
    /// One or two sentences for a person.
    pub detail: String,
    /// What was and was not checked.
    pub warnings: Vec<String>,
}

fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(x) => vec![x],
    }
}

fn where_(on: Endorsed) -> &'static str {
    match on {
        Endorsed::Credential => "the badge",
        Endorsed::Achievement => "the achievement",
        Endorsed::Issuer => "the issuer",
    }
}

/// The endorsements in credential JSON `v` of the given format; what could
/// not be read goes into `warnings`.
pub(crate) fn collect(format: BadgeFormat, v: &Value, warnings: &mut Vec<String>) -> Vec<Endorsement> {
    let mut out = Vec::new();
    let mut skipped = 0usize;
    let holders: Vec<(Endorsed, Option<&Value>)> = match format {
        BadgeFormat::Ob2 => {
            let badge = v.get("badge").filter(|b| b.is_object());
            let issuer = badge.and_then(|b| b.get("issuer")).filter(|i| i.is_object());
            vec![(Endorsed::Credential, Some(v)), (Endorsed::Achievement, badge), (Endorsed::Issuer, issuer)]
        }
        BadgeFormat::Ob3 | BadgeFormat::Clr => {
            let subject = first_obj(v.get("credentialSubject"));
            let achievement = subject.and_then(|s| s.get("achievement")).filter(|a| a.is_object());
            let issuer = v.get("issuer").filter(|i| i.is_object());
            vec![(Endorsed::Credential, Some(v)), (Endorsed::Achievement, achievement), (Endorsed::Issuer, issuer)]
        }
    };
    for (on, holder) in holders {
        let Some(h) = holder else { continue };
        let expected_id = s(h.get("id"));
        let mut found: Vec<Result<Credential, String>> = Vec::new();
        for item in items(h.get("endorsement")) {
            found.push(match (format, item) {
                (BadgeFormat::Ob2, _) => ob2_endorsement(item),
                (_, Value::Object(_)) => Ok(ob3_credential(item.clone(), Encoding::Json, None)),
                (_, Value::String(t)) if looks_like_jws(t) => from_token(t),
                _ => Err("it is neither an endorsement credential nor a signed token.".into()),
            });
        }
        if format != BadgeFormat::Ob2 {
            for item in items(h.get("endorsementJwt")) {
                found.push(match item.as_str() {
                    Some(t) if looks_like_jws(t) => from_token(t),
                    _ => Err("it is not a signed token.".into()),
                });
            }
        }
        for (i, r) in found.into_iter().enumerate() {
            match r {
                Ok(_) if out.len() >= MAX_ENDORSEMENTS => skipped += 1,
                Ok(credential) => {
                    let (comment, endorses) = subject_of(&credential);
                    out.push(Endorsement { on, expected_id: expected_id.clone(), credential, comment, endorses })
                }
                Err(e) => warnings.push(format!("Endorsement {} of {} was skipped: {e}", i + 1, where_(on))),
            }
        }
    }
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} more endorsements were not read (only the first {MAX_ENDORSEMENTS} are checked)."
        ));
    }
    out
}

fn ob3_credential(v: Value, encoding: Encoding, jws: Option<String>) -> Credential {
    Credential {
        format: BadgeFormat::Ob3,
        encoding,
        jws,
        hosted_url: None,
        display: ob3_display(&v),
        nested: Vec::new(),
        endorsements: Vec::new(),
    }
}

fn from_token(token: &str) -> Result<Credential, String> {
    let jws = CompactJws::parse(token).map_err(|e| e.to_string())?;
    let payload = Value::Object(jws.payload.clone());
    let cred = match payload.get("vc") {
        Some(vc @ Value::Object(_)) => vc.clone(),
        _ => payload,
    };
    Ok(ob3_credential(cred, Encoding::Jws, Some(jws.compact.clone())))
}

/// An OB 2.0 endorsement: a URL, or an `Endorsement` object (hosted by its endorser).
fn ob2_endorsement(item: &Value) -> Result<Credential, String> {
    let mut c = crate::detect::hosted_stub();
    c.endorsements = Vec::new();
    match item {
        Value::String(u) if u.starts_with("https://") || u.starts_with("http://") => {
            c.hosted_url = Some(u.clone());
            c.display.credential_id = Some(u.clone());
            Ok(c)
        }
        Value::Object(m) => {
            let d = &mut c.display;
            d.credential_id = s(m.get("id"));
            d.issued_at = s(m.get("issuedOn"));
            match m.get("issuer") {
                Some(Value::Object(i)) => {
                    d.issuer_name = s(i.get("name")).unwrap_or_default();
                    d.issuer_id = s(i.get("id"));
                }
                Some(Value::String(u)) => d.issuer_id = Some(u.clone()),
                _ => {}
            }
            d.raw_json = item.clone();
            c.hosted_url = d.credential_id.clone();
            Ok(c)
        }
        _ => Err("it is neither an address nor an endorsement.".into()),
    }
}

/// `(endorsementComment, the id it endorses)`.
fn subject_of(c: &Credential) -> (Option<String>, Option<String>) {
    let raw = &c.display.raw_json;
    let subject = if c.format == BadgeFormat::Ob2 {
        raw.get("claim").filter(|x| x.is_object())
    } else {
        first_obj(raw.get("credentialSubject"))
    };
    (subject.and_then(|x| s(x.get("endorsementComment"))), subject.and_then(|x| s(x.get("id"))))
}

/// Verify one endorsement with its own status.
pub(crate) fn check(e: &Endorsement, opts: &VerifyOptions) -> EndorsementVerification {
    let d = &e.credential.display;
    let endorser = if d.issuer_name.trim().is_empty() {
        d.issuer_id.clone().unwrap_or_else(|| "An unnamed endorser".into())
    } else {
        d.issuer_name.clone()
    };
    let (mut status, mut detail, mut warnings) = if e.credential.format == BadgeFormat::Ob2 {
        let at = e.credential.hosted_url.as_deref().unwrap_or("no address given");
        (
            Status::UnverifiableOffline,
            format!(
                "This Open Badges 2.0 endorsement is hosted by its endorser ({at}), so it cannot be checked offline."
            ),
            Vec::new(),
        )
    } else {
        let v = verify_credential(&e.credential, opts, None);
        (v.status, v.detail, v.warnings)
    };
    if e.credential.format != BadgeFormat::Ob2 {
        let types = crate::extract::strings(d.raw_json.get("type"));
        if !types.contains(&"EndorsementCredential") {
            warnings.push("It does not call itself an EndorsementCredential.".into());
        }
    }
    if let (Some(says), Some(expected)) = (&e.endorses, &e.expected_id) {
        if says != expected && !matches!(status, Status::Invalid | Status::Malformed) {
            warnings.insert(0, format!("Signature check: {detail}"));
            status = Status::Invalid;
            detail = format!("It endorses something else ({says}), not {} ({expected}).", where_(e.on));
        }
    }
    EndorsementVerification {
        on: e.on,
        endorser,
        endorser_id: d.issuer_id.clone(),
        comment: e.comment.clone(),
        issued_at: d.issued_at.clone(),
        status,
        detail,
        warnings,
    }
}
