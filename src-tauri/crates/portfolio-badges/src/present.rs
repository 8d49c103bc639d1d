//! Verifiable Presentations: a holder shares credentials signed with their
//! own key, and anyone checks both the holder's signature and each
//! credential's own.
//!
//! [`present`] wraps one credential in a `VerifiablePresentation` whose
//! `holder` is the learner's `did:key` and signs it with `eddsa-rdfc-2022`
//! (`proofPurpose: authentication`), the same canonicalization and signing
//! as issuing ([`crate::issue::sign`]). A JSON credential is embedded as is
//! (VC 2.0 presentation for a VC 2.0 credential, VC 1.1 for a VC 1.1 one, so
//! the protected base contexts agree); a VC-JWT goes in as a VC 2.0
//! `EnvelopedVerifiableCredential` (`data:application/vc+jwt,<token>`). An
//! Open Badges 2.0 assertion is not a verifiable credential and is refused.
//!
//! [`verify_presentation`] checks the holder's proof and then every
//! credential in it as [`crate::verify`] does; the presentation is verified
//! only when its own signature and all its credentials are.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use thiserror::Error;

use crate::dataintegrity::{verify_proofs_by, ProofOutcome, Signer};
use crate::issuer::IssuerKey;
use crate::jsonld::JsonLdError;
use crate::model::{BadgeFormat, Credential, Encoding};
use crate::verify::{Status, Verification, VerifyOptions};

/// At most this many credentials are read from one presentation.
pub const MAX_PRESENTED: usize = 64;

/// A presentation's holder.
const HOLDER: Signer = Signer { field: "holder", purpose: "authentication" };

const V1: &str = "https://www.w3.org/2018/credentials/v1";
const V2: &str = "https://www.w3.org/ns/credentials/v2";
const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
const JWT_PREFIX: &str = "data:application/vc+jwt,";

/// Why a presentation could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PresentError {
    /// The credential cannot go into a verifiable presentation.
    #[error("{0}")]
    NotPresentable(String),
    /// Canonicalization failed.
    #[error("The presentation could not be signed: {0}")]
    Canonicalization(#[from] JsonLdError),
}

/// Can `credential` go in a verifiable presentation? An Open Badges 2.0
/// assertion cannot (it is not a verifiable credential).
pub fn presentable(credential: &Credential) -> Result<(), PresentError> {
    match (credential.format, credential.encoding) {
        (BadgeFormat::Ob2, _) | (_, Encoding::HostedUrl) => Err(not_presentable()),
        _ => Ok(()),
    }
}

fn not_presentable() -> PresentError {
    PresentError::NotPresentable(
        "An Open Badges 2.0 assertion is not a verifiable credential, so it cannot go in a verifiable presentation; share the badge file instead.".into(),
    )
}

/// The `did:key` presentation of `credential` by `holder`, signed at `created`.
pub fn present(holder: &IssuerKey, credential: &Credential, created: DateTime<Utc>) -> Result<Value, PresentError> {
    let (context, embedded) = match (credential.format, credential.encoding) {
        (BadgeFormat::Ob2, _) | (_, Encoding::HostedUrl) => return Err(not_presentable()),
        (_, Encoding::Jws) => {
            let token = credential.jws.as_deref().unwrap_or_default();
            let envelope =
                json!({"@context": V2, "id": format!("{JWT_PREFIX}{token}"), "type": "EnvelopedVerifiableCredential"});
            (json!([V2]), envelope)
        }
        (_, Encoding::Json) => {
            let vc = credential.display.raw_json.clone();
            let first = match vc.get("@context") {
                Some(Value::Array(a)) => a.first().and_then(Value::as_str),
                Some(Value::String(s)) => Some(s.as_str()),
                _ => None,
            };
            let ctx = if first == Some(V1) { json!([V1, DATA_INTEGRITY_V2]) } else { json!([V2]) };
            (ctx, vc)
        }
    };
    let vp = json!({
        "@context": context,
        "id": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        "type": ["VerifiablePresentation"],
        "holder": holder.did_key(),
        "verifiableCredential": [embedded],
    });
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created.to_rfc3339_opts(SecondsFormat::Secs, true),
        "verificationMethod": holder.verification_method(),
        "proofPurpose": HOLDER.purpose,
    });
    let hashes = crate::dataintegrity::proof_hashes(&vp, &proof)?;
    proof["proofValue"] = json!(format!("z{}", bs58::encode(holder.sign(&hashes.hash_data)).into_string()));
    let mut vp = vp;
    vp["proof"] = proof;
    Ok(vp)
}

/// The verdict on a presentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentationVerification {
    /// `Verified` only when the holder's signature and every credential are.
    pub status: Status,
    /// One or two sentences for a person.
    pub detail: String,
    /// Things checked or not checked that do not change the verdict.
    pub warnings: Vec<String>,
    /// The holder, as the presentation names it.
    pub holder: Option<String>,
    /// The verdict on each credential, in order.
    pub credentials: Vec<Verification>,
}

/// Is `v` a verifiable presentation (its `type` includes `VerifiablePresentation`)?
pub fn is_presentation(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "VerifiablePresentation",
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some("VerifiablePresentation")),
        _ => false,
    }
}

/// Verify a presentation offline: the holder's proof, then each credential.
pub fn verify_presentation(vp: &Value, opts: &VerifyOptions) -> PresentationVerification {
    let holder = vp.get("holder").and_then(|h| h.as_str().or_else(|| h.get("id").and_then(Value::as_str)));
    let mut out = PresentationVerification {
        status: Status::Malformed,
        detail: String::new(),
        warnings: Vec::new(),
        holder: holder.map(str::to_owned),
        credentials: Vec::new(),
    };
    if !is_presentation(vp) {
        out.detail = "This is not a verifiable presentation (its type is not VerifiablePresentation).".into();
        return out;
    }
    let items: Vec<&Value> = match vp.get("verifiableCredential") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        Some(v @ Value::String(_)) => vec![v],
        _ => Vec::new(),
    };
    if items.len() > MAX_PRESENTED {
        out.detail = format!("The presentation holds {} credentials; at most {MAX_PRESENTED} are read.", items.len());
        return out;
    }
    let (status, detail, warnings) = match verify_proofs_by(vp, &opts.keys, HOLDER) {
        ProofOutcome::Valid { suite, warnings } => {
            (Status::Verified, format!("The holder's {suite} signature is valid."), warnings)
        }
        ProofOutcome::Invalid(d) => (Status::Invalid, d.replace("credential", "presentation"), Vec::new()),
        ProofOutcome::Unsupported(d) => (Status::Unsupported, d, Vec::new()),
        ProofOutcome::Unverifiable(d) => (Status::UnverifiableOffline, d, Vec::new()),
        ProofOutcome::Malformed(d) => (Status::Malformed, d, Vec::new()),
    };
    out.warnings = warnings;
    for item in items {
        let bytes = match item {
            Value::Object(m) if m.get("id").and_then(Value::as_str).is_some_and(|i| i.starts_with(JWT_PREFIX)) => {
                m["id"].as_str().and_then(|i| i.strip_prefix(JWT_PREFIX)).unwrap_or_default().as_bytes().to_vec()
            }
            Value::String(s) => s.as_bytes().to_vec(),
            other => other.to_string().into_bytes(),
        };
        out.credentials.push(crate::verify(&crate::examine(&bytes), opts));
    }
    let worst = out.credentials.iter().find(|c| c.status != Status::Verified);
    (out.status, out.detail) = match (status, worst) {
        (Status::Verified, None) if out.credentials.is_empty() => {
            (Status::Malformed, "The presentation holds no credential.".to_owned())
        }
        (Status::Verified, None) => (Status::Verified, detail),
        (Status::Verified, Some(c)) => {
            (c.status, format!("{detail} But a credential in it is not verified: {}", c.detail))
        }
        (s, _) => (s, detail),
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::{issue_achievement, AchievementInput, Recipient};
    use crate::issuer::IssuerProfile;
    use crate::{examine, verify};
    use chrono::TimeZone;

    fn badge(t: DateTime<Utc>) -> Value {
        let key = IssuerKey::from_secret_bytes(&[7u8; 32]);
        let input = AchievementInput {
            name: "Robotics".into(),
            description: "Built a robot.".into(),
            criteria_narrative: "A robot.".into(),
            ..Default::default()
        };
        let who = Recipient { name: Some("Ada".into()), email: None };
        issue_achievement(&key, &IssuerProfile::new(&key, "School"), &input, &who, t, None).unwrap()
    }

    #[test]
    fn a_signed_presentation_verifies_and_tampering_is_caught() {
        let t = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        let vc = badge(t);
        let holder = IssuerKey::from_secret_bytes(&[9u8; 32]);
        let ex = examine(vc.to_string().as_bytes());
        let vp = present(&holder, ex.credential.as_ref().unwrap(), t).unwrap();
        assert_eq!(vp["holder"], holder.did_key());
        assert_eq!(vp["proof"]["proofPurpose"], "authentication");
        let opts = VerifyOptions::new(t);
        let v = verify_presentation(&vp, &opts);
        assert_eq!((v.status, v.credentials.len()), (Status::Verified, 1), "{v:?}");
        assert!(v.warnings.is_empty(), "{v:?}");
        assert_eq!(v.credentials[0].status, Status::Verified);

        // The holder's signature covers the embedded credential.
        let mut t1 = vp.clone();
        t1["verifiableCredential"][0]["name"] = json!("Robotics (gold)");
        assert_eq!(verify_presentation(&t1, &opts).status, Status::Invalid);
        let mut t2 = vp.clone();
        t2["holder"] = json!(IssuerKey::from_secret_bytes(&[8u8; 32]).did_key());
        assert_eq!(verify_presentation(&t2, &opts).status, Status::Invalid);
        let mut t3 = vp.clone();
        t3["bogusField"] = json!("x");
        let v3 = verify_presentation(&t3, &opts);
        assert_eq!(v3.status, Status::Invalid);
        assert!(v3.detail.contains("signature does not cover"), "{}", v3.detail);
        // A re-signed presentation of an altered credential: the holder's
        // signature holds, the credential's does not.
        let mut altered = vc.clone();
        altered["name"] = json!("Robotics (gold)");
        let vp4 = present(&holder, examine(altered.to_string().as_bytes()).credential.as_ref().unwrap(), t).unwrap();
        let v4 = verify_presentation(&vp4, &opts);
        assert_eq!(v4.status, Status::Invalid, "{v4:?}");
        assert!(v4.detail.contains("holder's eddsa-rdfc-2022 signature is valid"), "{}", v4.detail);
        assert!(!is_presentation(&vc));
        assert_eq!(verify_presentation(&vc, &opts).status, Status::Malformed);
    }

    #[test]
    fn a_vc_1_1_credential_goes_in_a_vc_1_1_presentation() {
        let t = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        let key = IssuerKey::from_secret_bytes(&[7u8; 32]);
        let mut vc = badge(t);
        vc["@context"] = json!([V1, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", DATA_INTEGRITY_V2]);
        let m = vc.as_object_mut().unwrap();
        let from = m.remove("validFrom").unwrap();
        m.insert("issuanceDate".into(), from);
        let vc = crate::issue::sign(&key, vc, t).unwrap();
        let opts = VerifyOptions::new(t);
        let ex = examine(vc.to_string().as_bytes());
        assert_eq!(verify(&ex, &opts).status, Status::Verified);
        let vp = present(&IssuerKey::from_secret_bytes(&[9u8; 32]), ex.credential.as_ref().unwrap(), t).unwrap();
        assert_eq!(vp["@context"][0], V1);
        let v = verify_presentation(&vp, &opts);
        assert_eq!(v.status, Status::Verified, "{v:?}");
        let mut t1 = vp.clone();
        t1["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = json!("Other");
        assert_eq!(verify_presentation(&t1, &opts).status, Status::Invalid);
    }

    #[test]
    fn a_vc_jwt_is_enveloped_and_ob2_refused() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let k = IssuerKey::from_secret_bytes(&[3u8; 32]);
        let t = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        let mut vc = badge(t);
        vc.as_object_mut().unwrap().remove("proof");
        vc["issuer"]["id"] = json!(k.did_key());
        let header = json!({"alg": "EdDSA", "kid": k.verification_method()});
        let claims = json!({"vc": vc, "iss": k.did_key(), "jti": vc["id"], "nbf": 1714521600});
        let input = format!("{}.{}", b64.encode(header.to_string()), b64.encode(claims.to_string()));
        let token = format!("{input}.{}", b64.encode(k.sign(input.as_bytes())));
        let ex = examine(token.as_bytes());
        assert_eq!(
            verify(&ex, &VerifyOptions::new(t)).status,
            Status::Verified,
            "{:?}",
            verify(&ex, &VerifyOptions::new(t))
        );
        let holder = IssuerKey::from_secret_bytes(&[9u8; 32]);
        let vp = present(&holder, ex.credential.as_ref().unwrap(), t).unwrap();
        assert_eq!(vp["verifiableCredential"][0]["type"], "EnvelopedVerifiableCredential");
        let v = verify_presentation(&vp, &VerifyOptions::new(t));
        assert_eq!(v.status, Status::Verified, "{v:?}");

        let ob2 = json!({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/a/1",
                         "recipient": {"type": "email", "identity": "a@example.org", "hashed": false},
                         "badge": "https://example.org/b/1", "verification": {"type": "hosted"}, "issuedOn": "2024-01-01T00:00:00Z"});
        let ex = examine(ob2.to_string().as_bytes());
        let e = present(&holder, ex.credential.as_ref().unwrap(), t).unwrap_err();
        assert!(e.to_string().contains("Open Badges 2.0"), "{e}");
    }
}
