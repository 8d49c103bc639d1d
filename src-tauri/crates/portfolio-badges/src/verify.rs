//! Offline verification: signatures, revocation lists given by the caller,
//! expiry against a caller-supplied `now`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::dataintegrity::{verify_proofs, ProofOutcome};
use crate::endorse::{self, EndorsementVerification};
use crate::jws::{check_alg, CompactJws};
use crate::keys::{KeyKind, PublicKey};
use crate::model::{BadgeFormat, Credential, Encoding, Examination};

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The signature is valid and the credential is neither expired nor revoked.
    Verified,
    /// Valid (or not checkable) but past its expiry date.
    Expired,
    /// Valid (or not checkable) but its `validFrom` / `issuanceDate` (or a
    /// token's `nbf`) lies in the future, beyond [`CLOCK_SKEW_SECONDS`].
    /// For a CLR: one of its credentials is not valid yet.
    NotYetValid,
    /// Listed as revoked in a revocation list the caller supplied (or marked revoked).
    Revoked,
    /// The signature does not match: the credential was altered, or is unsigned.
    Invalid,
    /// Correct as far as can be seen, but checking needs the network (hosted
    /// assertion, issuer key not supplied).
    UnverifiableOffline,
    /// The proof uses a method this crate does not check.
    Unsupported,
    /// The file or credential could not be read.
    Malformed,
}

/// How far in the future a start date may lie and still count as "now",
/// for clocks that are slightly off: five minutes.
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// The result of verifying a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The verdict.
    pub status: Status,
    /// One or two sentences for a person.
    pub detail: String,
    /// Things checked or not checked that do not change the verdict.
    pub warnings: Vec<String>,
    /// The credential's format, when known.
    pub format: Option<BadgeFormat>,
    /// For a CLR, the verdict on each nested credential.
    pub nested: Vec<Verification>,
    /// The verdict on each endorsement of the credential, its achievement
    /// and its issuer (each with its own status; they do not change `status`).
    pub endorsements: Vec<EndorsementVerification>,
}

/// A revocation list supplied by the caller (OB 2.0 `RevocationList` JSON,
/// or plain ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationList {
    /// `(credential id, reason)` pairs.
    pub revoked: Vec<(String, Option<String>)>,
}

impl RevocationList {
    /// Read an OB 2.0 `RevocationList` (`revokedAssertions`: ids or
    /// `{id, revocationReason}` objects).
    pub fn from_json(v: &Value) -> Self {
        let list = v.get("revokedAssertions").and_then(Value::as_array).cloned().unwrap_or_default();
        let revoked =
            list.iter()
                .filter_map(|e| match e {
                    Value::String(id) => Some((id.clone(), None)),
                    Value::Object(m) => m.get("id").and_then(Value::as_str).map(|id| {
                        (id.to_owned(), m.get("revocationReason").and_then(Value::as_str).map(str::to_owned))
                    }),
                    _ => None,
                })
                .collect();
        RevocationList { revoked }
    }

    fn find(&self, id: &str) -> Option<&(String, Option<String>)> {
        self.revoked.iter().find(|(r, _)| r == id)
    }
}

/// What the caller knows and trusts.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The time to check expiry against.
    pub now: DateTime<Utc>,
    /// Public keys the caller trusts (OB 2.0 issuer keys, VC-JWT keys, Ed25519 keys).
    pub keys: Vec<PublicKey>,
    /// Revocation lists the caller has (fetched earlier, or shipped).
    pub revocation_lists: Vec<RevocationList>,
}

impl VerifyOptions {
    /// Options with no keys and no revocation lists.
    pub fn new(now: DateTime<Utc>) -> Self {
        VerifyOptions { now, keys: Vec::new(), revocation_lists: Vec::new() }
    }

    /// Add trusted keys.
    pub fn with_keys(mut self, keys: impl IntoIterator<Item = PublicKey>) -> Self {
        self.keys.extend(keys);
        self
    }

    /// Add a revocation list.
    pub fn with_revocation_list(mut self, list: RevocationList) -> Self {
        self.revocation_lists.push(list);
        self
    }
}

/// Verify with the current time and the given keys.
pub fn verify_with_keys(ex: &Examination, keys: &[PublicKey]) -> Verification {
    verify(ex, &VerifyOptions::new(Utc::now()).with_keys(keys.iter().cloned()))
}

/// Verify an examined file offline.
pub fn verify(ex: &Examination, opts: &VerifyOptions) -> Verification {
    match (&ex.credential, &ex.error) {
        (Some(c), _) => verify_credential(c, opts, None),
        (None, Some(e)) => Verification {
            status: Status::Malformed,
            detail: e.to_string(),
            warnings: ex.warnings.clone(),
            format: None,
            nested: Vec::new(),
            endorsements: Vec::new(),
        },
        (None, None) => Verification {
            status: Status::Malformed,
            detail: "No badge was found.".into(),
            warnings: Vec::new(),
            format: None,
            nested: Vec::new(),
            endorsements: Vec::new(),
        },
    }
}

/// Base verdict from the signature check.
struct Sig {
    status: Status,
    detail: String,
    warnings: Vec<String>,
}

fn sig(status: Status, detail: impl Into<String>) -> Sig {
    Sig { status, detail: detail.into(), warnings: Vec::new() }
}

pub(crate) fn verify_credential(c: &Credential, opts: &VerifyOptions, outer: Option<&Verification>) -> Verification {
    let json = &c.display.raw_json;
    let mut base = match (c.format, c.encoding) {
        (_, Encoding::HostedUrl) => sig(
            Status::UnverifiableOffline,
            format!(
                "This is a hosted Open Badges 2.0 assertion ({}): it can only be checked by fetching it from the issuer, so it cannot be verified offline.",
                c.hosted_url.as_deref().unwrap_or("no address")
            ),
        ),
        (BadgeFormat::Ob2, Encoding::Json) => {
            let vt = json.get("verification").and_then(|v| v.get("type")).and_then(Value::as_str);
            match vt {
                Some("signed" | "SignedBadge") => sig(
                    Status::UnverifiableOffline,
                    "This signed Open Badges 2.0 assertion was found without its signature (JWS), so it cannot be verified.",
                ),
                _ => sig(
                    Status::UnverifiableOffline,
                    format!(
                        "This is a hosted Open Badges 2.0 assertion ({}): it can only be checked by fetching it from the issuer, so it cannot be verified offline.",
                        c.hosted_url.as_deref().or(c.display.credential_id.as_deref()).unwrap_or("no address")
                    ),
                ),
            }
        }
        (BadgeFormat::Ob2, Encoding::Jws) => ob2_jws(c, opts),
        (_, Encoding::Jws) => vc_jwt(c, opts),
        (_, Encoding::Json) => match (verify_proofs(json, &opts.keys), outer) {
            (ProofOutcome::Invalid(_), Some(o)) if json.get("proof").is_none() => Sig {
                status: o.status,
                detail: "This credential has no proof of its own; it is covered by the CLR's signature.".into(),
                warnings: Vec::new(),
            },
            (ProofOutcome::Valid { suite, warnings }, _) => Sig {
                status: Status::Verified,
                detail: format!("The {suite} signature is valid."),
                warnings,
            },
            (ProofOutcome::Invalid(d), _) => sig(Status::Invalid, d),
            (ProofOutcome::Unsupported(d), _) => sig(Status::Unsupported, d),
            (ProofOutcome::Unverifiable(d), _) => sig(Status::UnverifiableOffline, d),
            (ProofOutcome::Malformed(d), _) => sig(Status::Malformed, d),
        },
    };
    let mut warnings = std::mem::take(&mut base.warnings);
    let mut status = base.status;
    let mut detail = base.detail;
    if !matches!(status, Status::Invalid | Status::Malformed) {
        if let Some(reason) = revoked(c, opts) {
            warnings.insert(0, format!("Signature check: {detail}"));
            status = Status::Revoked;
            detail = reason;
        } else if let Some(when) = expired(c, opts.now) {
            warnings.insert(0, format!("Signature check: {detail}"));
            status = Status::Expired;
            detail = format!("This credential expired on {when}.");
        } else if let Some(from) = not_yet_valid(c, opts.now) {
            warnings.insert(0, format!("Signature check: {detail}"));
            status = Status::NotYetValid;
            detail = format!("This credential is not valid yet: it is valid from {from}.");
        }
    }
    offline_warnings(json, &mut warnings);
    let endorsements = c.endorsements.iter().map(|e| endorse::check(e, opts)).collect();
    let mut v = Verification { status, detail, warnings, format: Some(c.format), nested: Vec::new(), endorsements };
    let nested: Vec<Verification> = c.nested.iter().map(|n| verify_credential(n, opts, Some(&v))).collect();
    v.nested = nested;
    worst_of_parts(c, &mut v);
    v
}

/// How bad a verdict found on a part of a CLR is; `None` for verdicts that
/// say nothing against the part (verified, or not checkable here).
fn part_severity(s: Status) -> Option<u8> {
    match s {
        Status::NotYetValid => Some(1),
        Status::Expired => Some(2),
        Status::Revoked => Some(3),
        Status::Invalid | Status::Malformed => Some(4),
        Status::Verified | Status::UnverifiableOffline | Status::Unsupported => None,
    }
}

/// A CLR whose own signature is valid takes the worst verdict among its
/// credentials, naming the part; its own verdict goes into the warnings.
fn worst_of_parts(c: &Credential, v: &mut Verification) {
    if v.status != Status::Verified {
        return;
    }
    let worst = v
        .nested
        .iter()
        .zip(&c.nested)
        .filter_map(|(n, cred)| part_severity(n.status).map(|s| (s, n, cred)))
        .max_by_key(|(s, _, _)| *s);
    if let Some((_, n, cred)) = worst {
        let name = if cred.display.name.trim().is_empty() { "(untitled)" } else { cred.display.name.as_str() };
        v.warnings.insert(0, format!("Signature check: {}", v.detail));
        v.status = n.status;
        v.detail = format!(
            "The record's own signature is valid, but its credential \u{201c}{name}\u{201d} is not: {}",
            n.detail
        );
    }
}

/// The latest start of validity (`validFrom`, VCDM 1.1 `issuanceDate`,
/// OB 2.0 `issuedOn`, a token's `nbf`) when it lies beyond the clock skew
/// after `now`.
fn not_yet_valid(c: &Credential, now: DateTime<Utc>) -> Option<String> {
    let json = &c.display.raw_json;
    let fields: &[&str] = if c.format == BadgeFormat::Ob2 { &["issuedOn"] } else { &["validFrom", "issuanceDate"] };
    let mut starts: Vec<DateTime<Utc>> =
        fields.iter().filter_map(|f| json.get(*f).and_then(Value::as_str).and_then(parse_time)).collect();
    starts.extend(token_time(c, "nbf"));
    let limit = now + chrono::Duration::seconds(CLOCK_SKEW_SECONDS);
    starts.into_iter().max().filter(|start| *start > limit).map(|start| start.to_rfc3339())
}

fn revoked(c: &Credential, opts: &VerifyOptions) -> Option<String> {
    let json = &c.display.raw_json;
    if json.get("revoked").and_then(Value::as_bool) == Some(true) {
        let why = json.get("revocationReason").and_then(Value::as_str).unwrap_or("no reason given");
        return Some(format!("The issuer has marked this badge as revoked ({why})."));
    }
    let id = c.display.credential_id.as_deref().or(c.hosted_url.as_deref())?;
    opts.revocation_lists.iter().find_map(|l| l.find(id)).map(|(_, reason)| match reason {
        Some(r) => format!("This badge is listed as revoked by its issuer: {r}."),
        None => "This badge is listed as revoked by its issuer.".into(),
    })
}

fn parse_time(t: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t.trim()) {
        return Some(d.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(t.trim().get(..10)?, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|d| d.and_utc())
}

/// A time claim (`nbf`, `exp`) of the credential's token, if it has one.
fn token_time(c: &Credential, claim: &str) -> Option<DateTime<Utc>> {
    let t = CompactJws::parse(c.jws.as_deref()?).ok()?.payload.get(claim)?.as_i64()?;
    DateTime::from_timestamp(t, 0)
}

fn expired(c: &Credential, now: DateTime<Utc>) -> Option<String> {
    let mut ends: Vec<DateTime<Utc>> = c.display.expires_at.as_deref().and_then(parse_time).into_iter().collect();
    ends.extend(token_time(c, "exp"));
    ends.into_iter().min().filter(|end| *end <= now).map(|end| end.to_rfc3339())
}

fn offline_warnings(json: &Value, warnings: &mut Vec<String>) {
    let describe = |v: &Value| -> String {
        let list: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            x => vec![x],
        };
        list.iter()
            .map(|x| {
                let t = x.get("type").and_then(Value::as_str).unwrap_or("status");
                match x.get("id").and_then(Value::as_str) {
                    Some(id) => format!("{t} at {id}"),
                    None => t.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(s) = json.get("credentialStatus") {
        warnings.push(format!("Revocation status ({}) was not checked (offline).", describe(s)));
    }
    if let Some(s) = json.get("refreshService") {
        warnings.push(format!("Refresh service ({}) was not checked (offline).", describe(s)));
    }
}

/// `Some(true)` when a key verifies, `Some(false)` when applicable keys
/// exist but none verifies, `None` when no key fits the algorithm.
fn try_keys(jws: &CompactJws, keys: &[&PublicKey]) -> Option<bool> {
    let mut applicable = false;
    for k in keys {
        if let Ok(ok) = jws.verify_with(k) {
            applicable = true;
            if ok {
                return Some(true);
            }
        }
    }
    applicable.then_some(false)
}

fn ob2_jws(c: &Credential, opts: &VerifyOptions) -> Sig {
    let Some(jws) = c.jws.as_deref().and_then(|t| CompactJws::parse(t).ok()) else {
        return sig(Status::Malformed, "The signed assertion could not be read.");
    };
    if let Err(e) = check_alg(jws.alg().unwrap_or("")) {
        return sig(Status::Invalid, format!("The signature cannot be accepted: {e}."));
    }
    let creator = c.display.raw_json.get("verification").and_then(|v| v.get("creator")).and_then(Value::as_str);
    let keys = candidate_keys(&opts.keys, creator, KeyKind::Rsa);
    match try_keys(&jws, &keys) {
        Some(true) => sig(Status::Verified, "The Open Badges 2.0 signature is valid for a key you supplied."),
        Some(false) => sig(
            Status::Invalid,
            "The signature does not match the issuer key(s) supplied: the assertion was altered or signed with another key.",
        ),
        None => sig(
            Status::UnverifiableOffline,
            format!(
                "This signed Open Badges 2.0 assertion needs the issuer's public key ({}) to be checked; it cannot be fetched offline.",
                creator.unwrap_or("not named")
            ),
        ),
    }
}

fn vc_jwt(c: &Credential, opts: &VerifyOptions) -> Sig {
    let Some(jws) = c.jws.as_deref().and_then(|t| CompactJws::parse(t).ok()) else {
        return sig(Status::Malformed, "The signed credential (VC-JWT) could not be read.");
    };
    let alg = jws.alg().unwrap_or("");
    if let Err(e) = check_alg(alg) {
        return sig(Status::Invalid, format!("The signature cannot be accepted: {e}."));
    }
    let mut warnings = Vec::new();
    let kid = jws.header.get("kid").and_then(Value::as_str);
    let header_key = if let Some(jwk) = jws.header.get("jwk") {
        match PublicKey::from_jwk(jwk) {
            Ok(k) => {
                warnings.push(
                    "The signing key is embedded in the token itself: the signature shows the credential has not been altered, not which organisation signed it."
                        .into(),
                );
                Some(k)
            }
            Err(e) => return sig(Status::Invalid, format!("The token's embedded key is unusable: {e}")),
        }
    } else if let Some(k) = kid.filter(|k| k.starts_with("did:key:")) {
        match PublicKey::from_did_key(k) {
            Ok(key) => Some(key),
            Err(e) => return sig(Status::Invalid, format!("The token's did:key is unusable: {e}")),
        }
    } else {
        None
    };
    let verdict = match &header_key {
        Some(k) => match jws.verify_with(k) {
            Ok(true) => Some(true),
            Ok(false) => Some(false),
            Err(e) => return sig(Status::Invalid, format!("The signature cannot be checked: {e}.")),
        },
        None => {
            let kind = match alg {
                "ES256" => KeyKind::P256,
                "EdDSA" | "Ed25519" => KeyKind::Ed25519,
                _ => KeyKind::Rsa,
            };
            try_keys(&jws, &candidate_keys(&opts.keys, kid, kind))
        }
    };
    match verdict {
        Some(false) => {
            return sig(
                Status::Invalid,
                "The VC-JWT signature is not valid: the credential was altered or signed with another key.",
            )
        }
        None => {
            return sig(
                Status::UnverifiableOffline,
                format!(
                    "The VC-JWT's signing key ({}) is neither embedded nor supplied, and cannot be fetched offline.",
                    kid.unwrap_or("not named")
                ),
            )
        }
        Some(true) => {}
    }
    if let Err(e) = check_claims(&jws, &c.display.raw_json, &mut warnings) {
        return sig(Status::Invalid, e);
    }
    Sig { status: Status::Verified, detail: format!("The VC-JWT signature ({alg}) is valid."), warnings }
}

/// The caller's keys to try for a credential that names its key `wanted`:
/// keys with that id if there are any; otherwise the caller's keys without
/// an id (the caller asks for them to be tried). Keys carrying another id
/// belong to other issuers and are not tried.
pub(crate) fn candidate_keys<'a>(keys: &'a [PublicKey], wanted: Option<&str>, kind: KeyKind) -> Vec<&'a PublicKey> {
    let designated: Vec<&PublicKey> =
        keys.iter().filter(|k| k.kind() == kind && wanted.is_some() && k.id.as_deref() == wanted).collect();
    if !designated.is_empty() {
        return designated;
    }
    keys.iter().filter(|k| k.kind() == kind && k.id.is_none()).collect()
}

fn id_of(v: Option<&Value>) -> Option<&str> {
    match v {
        Some(Value::String(s)) => Some(s),
        Some(Value::Object(m)) => m.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// VC-JWT claims must agree with the credential (VC Data Model 1.1 §6.3.1).
fn check_claims(jws: &CompactJws, vc: &Value, warnings: &mut Vec<String>) -> Result<(), String> {
    let claim = |k: &str| jws.payload.get(k);
    let has_vc_claim = claim("vc").is_some();
    if let (Some(iss), Some(issuer)) = (claim("iss").and_then(Value::as_str), id_of(vc.get("issuer"))) {
        if iss != issuer {
            return Err(format!("The token's issuer ('iss' {iss}) differs from the credential's issuer ({issuer})."));
        }
    }
    if let (Some(jti), Some(id)) = (claim("jti").and_then(Value::as_str), vc.get("id").and_then(Value::as_str)) {
        if jti != id {
            return Err(format!("The token's id ('jti' {jti}) differs from the credential's id ({id})."));
        }
    }
    let subject_id = match vc.get("credentialSubject") {
        Some(Value::Array(a)) => id_of(a.first()),
        other => id_of(other),
    };
    match (claim("sub").and_then(Value::as_str), subject_id) {
        (Some(sub), Some(id)) if sub != id => {
            return Err(format!("The token's subject ('sub' {sub}) differs from the credential's subject ({id})."));
        }
        (None, _) if has_vc_claim || claim("iss").is_some() || claim("jti").is_some() => {
            warnings.push("The token has no 'sub' claim naming the recipient.".into())
        }
        _ => {}
    }
    let date_claim = |k: &str, fields: &[&str], warnings: &mut Vec<String>| {
        let Some(t) = claim(k).and_then(Value::as_i64) else { return };
        let Some(field) = fields.iter().find_map(|f| vc.get(*f).and_then(Value::as_str)) else { return };
        if let Some(d) = parse_time(field) {
            if d.timestamp() != t {
                warnings.push(format!("The token's '{k}' ({t}) does not match the credential's date ({field})."));
            }
        }
    };
    date_claim("nbf", &["validFrom", "issuanceDate"], warnings);
    date_claim("exp", &["validUntil", "expirationDate"], warnings);
    Ok(())
}
