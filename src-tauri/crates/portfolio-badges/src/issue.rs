//! Issuing Open Badges 3.0 credentials signed with `eddsa-rdfc-2022`.
//!
//! [`issue_achievement`] builds an OB 3.0 `OpenBadgeCredential`
//! (`["VerifiableCredential", "OpenBadgeCredential"]`, contexts W3C VC v2 and
//! OB 3.0.3, both bundled) and adds a `DataIntegrityProof`: the
//! document and the proof options are canonicalized with RDFC-1.0 by the
//! same code that [`crate::verify`] uses, and the Ed25519 signature over
//! `SHA-256(options) ‖ SHA-256(document)` is written as multibase base58btc.
//! The issuer's `id` is its `did:key`, so the credential verifies offline
//! without "key not the issuer" warnings, here and in any other
//! implementation. Bake the result with [`crate::bake_png_json`] or
//! [`crate::bake_svg`].
//!
//! ## The recipient
//!
//! The learner is named in `credentialSubject.identifier` by OB 3.0
//! `IdentityObject`s: the e-mail address as `sha256$<hex>` of the trimmed,
//! lower-cased address followed by a random salt (`hashed: true`,
//! `identityType: emailAddress`), and the name in plain text
//! (`hashed: false`, `identityType: name`), as a badge shows it anyway.
//!
//! ## Self-asserted achievements
//!
//! When [`IssuerProfile::self_asserted`] is set, the learner vouches for
//! themself. Nothing in a signature can tell this apart from an
//! independent award, so the credential says it in three places, all
//! covered by the signature:
//!
//! * `issuer.name` ends with ` (self-asserted)`, which every badge viewer
//!   shows;
//! * the credential's `description` and the issuer's `description` state
//!   that the learner asserted the achievement themself and nobody else
//!   checked it;
//! * `achievement.tag` contains `self-asserted`, for software.
//!
//! The `achievementType` is left as given: it says what kind of
//! achievement it is, not who vouches for it.

use chrono::{DateTime, SecondsFormat, Utc};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::dataintegrity;
use crate::issuer::{IssuerKey, IssuerProfile};
use crate::jsonld::JsonLdError;

/// The `@context` of credentials issued here.
pub const CONTEXTS: [&str; 2] =
    ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

/// Suffix added to a self-asserting issuer's name.
pub const SELF_ASSERTED_SUFFIX: &str = " (self-asserted)";
/// Tag added to a self-asserted achievement.
pub const SELF_ASSERTED_TAG: &str = "self-asserted";

/// `achievementType` values defined by OB 3.0 (others must start with `ext:`).
const ACHIEVEMENT_TYPES: &[&str] = &[
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
];

/// Why a credential could not be issued.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IssueError {
    /// A required text is empty.
    #[error("The achievement needs a {0}.")]
    Missing(&'static str),
    /// Neither a name nor an e-mail address identifies the learner.
    #[error("The learner must be identified by a name or an e-mail address.")]
    NoRecipient,
    /// The image is not a `data:image/…` URI.
    #[error("The badge image must be embedded as a data:image/… URI (PNG, SVG, JPEG…).")]
    BadImage,
    /// Not an OB 3.0 achievement type.
    #[error("'{0}' is not an Open Badges 3.0 achievement type (for example Badge, Competency, Course, Certificate; custom types start with 'ext:').")]
    BadAchievementType(String),
    /// The profile names another key than the one signing.
    #[error("The issuer profile belongs to {profile}, but the key given is {key}; a credential must be signed with its issuer's own key.")]
    KeyMismatch {
        /// The profile's id.
        profile: String,
        /// The key's did:key.
        key: String,
    },
    /// `valid_until` is not after the issue date.
    #[error("The credential would expire before it is valid: the end of validity must be after the issue date.")]
    BadValidity,
    /// Canonicalization failed (a bug: issued credentials use bundled contexts).
    #[error("The credential could not be signed: {0}")]
    Canonicalization(#[from] JsonLdError),
}

/// What was achieved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementInput {
    /// Name of the achievement, e.g. "Robotics Level 1".
    pub name: String,
    /// What it is.
    pub description: String,
    /// How it is earned (`criteria.narrative`; Markdown allowed by OB 3.0).
    pub criteria_narrative: String,
    /// Badge image as a `data:image/…` URI.
    pub image: Option<String>,
    /// OB 3.0 `achievementType`, e.g. `Badge`, `Competency` or `ext:…`.
    pub achievement_type: Option<String>,
}

/// The learner receiving the credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// Name, stated in plain text.
    pub name: Option<String>,
    /// E-mail address, stated only as a salted SHA-256 hash.
    pub email: Option<String>,
}

fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn urn_uuid() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

fn non_empty(s: &str, what: &'static str) -> Result<String, IssueError> {
    let t = s.trim();
    if t.is_empty() {
        Err(IssueError::Missing(what))
    } else {
        Ok(t.to_owned())
    }
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `sha256$<hex>` of `identity` followed by `salt` (OB 3.0 IdentityObject).
pub fn identity_hash(identity: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{identity}{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

fn identifiers(r: &Recipient) -> Result<Vec<Value>, IssueError> {
    let mut out = Vec::new();
    if let Some(email) = opt(&r.email) {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let salt: String = salt.iter().map(|b| format!("{b:02x}")).collect();
        out.push(json!({
            "type": "IdentityObject",
            "identityHash": identity_hash(&email.to_lowercase(), &salt),
            "identityType": "emailAddress",
            "hashed": true,
            "salt": salt,
        }));
    }
    if let Some(name) = opt(&r.name) {
        out.push(json!({"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": false}));
    }
    if out.is_empty() {
        return Err(IssueError::NoRecipient);
    }
    Ok(out)
}

/// Issue an OB 3.0 credential for `achievement` to `recipient`, signed by
/// `key` as `issuer` (whose `id` must be `key`'s `did:key`), valid from
/// `issued` (also the proof's `created`) until `valid_until` if given.
///
/// The credential and achievement get fresh `urn:uuid` ids. See the
/// [module documentation](self) for the recipient and self-asserted
/// labelling.
pub fn issue_achievement(
    key: &IssuerKey,
    issuer: &IssuerProfile,
    achievement: &AchievementInput,
    recipient: &Recipient,
    issued: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
) -> Result<Value, IssueError> {
    if issuer.id != key.did_key() {
        return Err(IssueError::KeyMismatch { profile: issuer.id.clone(), key: key.did_key() });
    }
    let name = non_empty(&achievement.name, "name")?;
    let description = non_empty(&achievement.description, "description")?;
    let narrative = non_empty(&achievement.criteria_narrative, "description of how it is earned (criteria)")?;
    let issuer_name = non_empty(&issuer.name, "issuer name")?;
    if valid_until.is_some_and(|u| u <= issued) {
        return Err(IssueError::BadValidity);
    }

    let mut ach = Map::new();
    ach.insert("id".into(), json!(urn_uuid()));
    ach.insert("type".into(), json!(["Achievement"]));
    ach.insert("name".into(), json!(name));
    ach.insert("description".into(), json!(description));
    ach.insert("criteria".into(), json!({"narrative": narrative}));
    if let Some(t) = opt(&achievement.achievement_type) {
        let ok = ACHIEVEMENT_TYPES.contains(&t) || t.strip_prefix("ext:").is_some_and(|r| !r.is_empty());
        if !ok {
            return Err(IssueError::BadAchievementType(t.to_owned()));
        }
        ach.insert("achievementType".into(), json!(t));
    }
    if let Some(img) = opt(&achievement.image) {
        if !img.starts_with("data:image/") || !img.contains(',') {
            return Err(IssueError::BadImage);
        }
        ach.insert("image".into(), json!({"id": img, "type": "Image"}));
    }

    let mut iss = Map::new();
    iss.insert("id".into(), json!(issuer.id));
    iss.insert("type".into(), json!(["Profile"]));
    let shown_name = if issuer.self_asserted { format!("{issuer_name}{SELF_ASSERTED_SUFFIX}") } else { issuer_name };
    iss.insert("name".into(), json!(shown_name));
    if let Some(u) = opt(&issuer.url) {
        iss.insert("url".into(), json!(u));
    }
    if let Some(e) = opt(&issuer.email) {
        iss.insert("email".into(), json!(e));
    }

    let mut vc = Map::new();
    vc.insert("@context".into(), json!(CONTEXTS));
    vc.insert("id".into(), json!(urn_uuid()));
    vc.insert("type".into(), json!(["VerifiableCredential", "OpenBadgeCredential"]));
    vc.insert("name".into(), json!(name));
    if issuer.self_asserted {
        let note = "Self-asserted: the learner states this achievement about themself; no one else has checked it.";
        vc.insert("description".into(), json!(note));
        iss.insert("description".into(), json!(note));
        ach.insert("tag".into(), json!([SELF_ASSERTED_TAG]));
    }
    vc.insert("issuer".into(), Value::Object(iss));
    vc.insert("validFrom".into(), json!(ts(&issued)));
    if let Some(u) = valid_until {
        vc.insert("validUntil".into(), json!(ts(&u)));
    }
    vc.insert(
        "credentialSubject".into(),
        json!({"type": ["AchievementSubject"], "identifier": identifiers(recipient)?, "achievement": Value::Object(ach)}),
    );
    sign(key, Value::Object(vc), issued)
}

/// Add an `eddsa-rdfc-2022` `DataIntegrityProof` by `key` to `credential`
/// (any JSON-LD document using bundled contexts), replacing any proof.
pub fn sign(key: &IssuerKey, mut credential: Value, created: DateTime<Utc>) -> Result<Value, IssueError> {
    if let Some(m) = credential.as_object_mut() {
        m.remove("proof");
    }
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": ts(&created),
        "verificationMethod": key.verification_method(),
        "proofPurpose": "assertionMethod",
    });
    let hashes = dataintegrity::proof_hashes(&credential, &proof)?;
    proof["proofValue"] = json!(format!("z{}", bs58::encode(key.sign(&hashes.hash_data)).into_string()));
    credential["proof"] = proof;
    Ok(credential)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{examine, verify, Status, VerifyOptions};
    use chrono::TimeZone;

    fn input() -> AchievementInput {
        AchievementInput {
            name: "Robotics Level 1".into(),
            description: "Built and programmed a line-following robot.".into(),
            criteria_narrative: "Demonstrate a robot that follows a line for 2 m.".into(),
            image: Some("data:image/png;base64,iVBORw0KGgo=".into()),
            achievement_type: Some("Badge".into()),
        }
    }

    #[test]
    fn issued_credential_verifies_and_shows_the_recipient() {
        let key = IssuerKey::from_secret_bytes(&[5u8; 32]);
        let issuer = IssuerProfile::new(&key, "Ms Advisor");
        let who = Recipient { name: Some("Ada Learner".into()), email: Some(" Ada@Example.org ".into()) };
        let t = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        let vc = issue_achievement(&key, &issuer, &input(), &who, t, None).unwrap();
        assert_eq!(vc["issuer"]["id"], key.did_key());
        assert_eq!(vc["proof"]["verificationMethod"], key.verification_method());
        let ex = examine(vc.to_string().as_bytes());
        let b = ex.badges()[0];
        assert_eq!(b.name, "Robotics Level 1");
        assert!(crate::recipient_matches(b.recipient.as_ref().unwrap(), "ada@example.org"), "{b:?}");
        let v = verify(&ex, &VerifyOptions::new(t));
        assert_eq!((v.status, v.warnings.len()), (Status::Verified, 0), "{v:?}");
    }

    #[test]
    fn self_asserted_is_labelled_and_inputs_are_checked() {
        let key = IssuerKey::generate();
        let me = IssuerProfile::self_asserted(&key, "Ada Learner");
        let t = Utc::now();
        let vc = issue_achievement(&key, &me, &input(), &Recipient { name: Some("Ada".into()), email: None }, t, None)
            .unwrap();
        assert_eq!(vc["issuer"]["name"], "Ada Learner (self-asserted)");
        assert_eq!(vc["credentialSubject"]["achievement"]["tag"][0], SELF_ASSERTED_TAG);
        assert!(vc["description"].as_str().unwrap().starts_with("Self-asserted"));

        let other = IssuerProfile::new(&IssuerKey::generate(), "X");
        assert!(matches!(
            issue_achievement(&key, &other, &input(), &Recipient::default(), t, None),
            Err(IssueError::KeyMismatch { .. })
        ));
        let nobody = issue_achievement(&key, &me, &input(), &Recipient::default(), t, None);
        assert_eq!(nobody.unwrap_err(), IssueError::NoRecipient);
        let r = Recipient { name: Some("A".into()), email: None };
        let bad_img = AchievementInput { image: Some("https://x/y.png".into()), ..input() };
        assert_eq!(issue_achievement(&key, &me, &bad_img, &r, t, None).unwrap_err(), IssueError::BadImage);
        let bad_type = AchievementInput { achievement_type: Some("Trophy".into()), ..input() };
        assert!(matches!(issue_achievement(&key, &me, &bad_type, &r, t, None), Err(IssueError::BadAchievementType(_))));
        assert_eq!(issue_achievement(&key, &me, &input(), &r, t, Some(t)).unwrap_err(), IssueError::BadValidity);
        let unnamed = AchievementInput { name: " ".into(), ..input() };
        assert_eq!(issue_achievement(&key, &me, &unnamed, &r, t, None).unwrap_err(), IssueError::Missing("name"));
    }
}
