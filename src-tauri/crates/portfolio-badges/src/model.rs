//! The crate's data types: what was found in a file and what it says.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::BadgeError;

/// Which specification a credential follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeFormat {
    /// Open Badges 2.0 assertion.
    Ob2,
    /// Open Badges 3.0 `OpenBadgeCredential` / `AchievementCredential`.
    Ob3,
    /// Comprehensive Learner Record 2.0 `ClrCredential`.
    Clr,
}

/// How the file was packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// A baked PNG image.
    Png,
    /// A baked SVG image.
    Svg,
    /// A JSON file.
    Json,
    /// A compact JWS/JWT file.
    Jws,
    /// Not recognised.
    Unknown,
}

/// How the credential itself is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Plain JSON (OB 3.0: with embedded Data Integrity proofs; OB 2.0: hosted or unsigned).
    Json,
    /// A compact JWS (OB 2.0 signed assertion) or VC-JWT (OB 3.0 / CLR).
    Jws,
    /// Only a URL to a hosted OB 2.0 assertion (legacy PNG `tEXt`).
    HostedUrl,
}

/// The recipient as the credential names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    /// `email`, `url`, `telephone`, `did`… (OB 2.0 `type`, OB 3.0 `identityType`), if stated.
    pub kind: Option<String>,
    /// The identity: plain, or `sha256$<hex>` / `md5$<hex>` when hashed.
    pub identity: String,
    /// Whether `identity` is a hash.
    pub hashed: bool,
    /// Salt appended to the plain identity before hashing.
    pub salt: Option<String>,
}

/// Does this recipient identity belong to `email`?
///
/// Plain identities are compared case-insensitively. Hashed identities
/// (`sha256$<hex>`) are compared with SHA-256 of `email` followed by the
/// salt (if any), trying the address as given and in lower case. `md5$`
/// hashes (allowed by OB 2.0, long broken) are not supported and never match.
pub fn recipient_matches(recipient: &Recipient, email: &str) -> bool {
    let email = email.trim();
    if !recipient.hashed {
        let id = recipient.identity.trim();
        let id = id.strip_prefix("mailto:").unwrap_or(id);
        return id.eq_ignore_ascii_case(email);
    }
    let Some((alg, hex)) = recipient.identity.split_once('$') else { return false };
    if !alg.eq_ignore_ascii_case("sha256") {
        return false;
    }
    let salt = recipient.salt.as_deref().unwrap_or("");
    [email.to_owned(), email.to_lowercase()].iter().any(|candidate| {
        let digest = Sha256::digest(format!("{candidate}{salt}").as_bytes());
        hex_lower(&digest).eq_ignore_ascii_case(hex.trim())
    })
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// URL of the evidence, if any.
    pub url: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Narrative text.
    pub narrative: Option<String>,
}

/// An alignment to a framework or standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// Name of the target.
    pub target_name: String,
    /// URL of the target.
    pub target_url: Option<String>,
    /// Code within the framework.
    pub target_code: Option<String>,
    /// Framework name.
    pub target_framework: Option<String>,
    /// Description.
    pub target_description: Option<String>,
}

/// What a badge says, ready to show (and to map onto the app's badge record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadgeDisplay {
    /// Badge (achievement) name; the credential's name when the achievement has none.
    pub name: String,
    /// Description of the achievement.
    pub description: String,
    /// Criteria narrative (or the criteria URL when there is no narrative).
    pub criteria: String,
    /// Criteria URL, if any.
    pub criteria_url: Option<String>,
    /// Image: a `data:` URI or a URL, as the credential gives it.
    pub image: Option<String>,
    /// Issuer name (empty when the issuer is only referenced by URL).
    pub issuer_name: String,
    /// Issuer identifier (URL or DID).
    pub issuer_id: Option<String>,
    /// Issue timestamp as written (`issuedOn`, `validFrom`, `issuanceDate`, `awardedDate`).
    pub issued_at: Option<String>,
    /// Issue date.
    pub issued_on: Option<NaiveDate>,
    /// Expiry timestamp as written (`expires`, `validUntil`, `expirationDate`).
    pub expires_at: Option<String>,
    /// Expiry date.
    pub expires_on: Option<NaiveDate>,
    /// Evidence.
    pub evidence: Vec<Evidence>,
    /// OB 3.0 `achievementType`.
    pub achievement_type: Option<String>,
    /// Alignments.
    pub alignments: Vec<Alignment>,
    /// Recipient identity.
    pub recipient: Option<Recipient>,
    /// The credential/assertion id.
    pub credential_id: Option<String>,
    /// The credential JSON (the JWT payload's credential for VC-JWT).
    pub raw_json: Value,
}

impl BadgeDisplay {
    /// Evidence URLs (for the app's `evidence_links`).
    pub fn evidence_links(&self) -> Vec<String> {
        self.evidence.iter().filter_map(|e| e.url.clone()).collect()
    }
}

/// One credential found in a file (a CLR holds nested ones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Credential {
    /// Specification followed.
    pub format: BadgeFormat,
    /// How it is secured.
    pub encoding: Encoding,
    /// The compact token, for JWS/VC-JWT.
    pub jws: Option<String>,
    /// Hosted assertion URL (OB 2.0 hosted verification or legacy URL bake).
    pub hosted_url: Option<String>,
    /// Display data.
    pub display: BadgeDisplay,
    /// Credentials nested in a CLR (each becomes its own badge).
    pub nested: Vec<Credential>,
    /// Endorsements carried by the credential, its achievement or its issuer.
    pub endorsements: Vec<Endorsement>,
}

/// What an endorsement speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endorsed {
    /// The credential (the award to this learner).
    Credential,
    /// The achievement (the badge itself, whoever earns it).
    Achievement,
    /// The issuer.
    Issuer,
}

/// A third party's statement about a badge, its achievement or its issuer
/// (OB 3.0 `EndorsementCredential` in `endorsement` / `endorsementJwt`, or
/// an OB 2.0 `Endorsement`), as found; verified by
/// [`verify`](crate::verify) with its own status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endorsement {
    /// What it endorses.
    pub on: Endorsed,
    /// The id of what it should endorse (the credential's, achievement's or issuer's id), if stated.
    pub expected_id: Option<String>,
    /// The endorsement itself: an OB 3.0 `EndorsementCredential`
    /// (`display` holds its endorser and dates), or an OB 2.0 `Endorsement`.
    pub credential: Credential,
    /// The endorser's comment (`endorsementComment`).
    pub comment: Option<String>,
    /// The id the endorsement says it endorses (`credentialSubject.id`, OB 2.0 `claim.id`).
    pub endorses: Option<String>,
}

/// Everything learned from reading a file, before any verification.
///
/// [`examine`](crate::examine) always returns one; when the file cannot be
/// read as a badge, `error` says why and `credential` is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Examination {
    /// How the file was packaged.
    pub container: Container,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// The original bytes, exactly as given (for the app's `original_credential`).
    #[serde(skip)]
    pub original: Vec<u8>,
    /// Where the badge was found: `png:iTXt:openbadgecredential`, `svg:credential`, `json`, `jws`.
    pub found_in: Option<String>,
    /// The credential, when one was read.
    pub credential: Option<Credential>,
    /// Why no credential could be read.
    pub error: Option<BadgeError>,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

impl Examination {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        Examination {
            container: Container::Unknown,
            sha256: hex_lower(&Sha256::digest(bytes)),
            original: bytes.to_vec(),
            found_in: None,
            credential: None,
            error: None,
            warnings: Vec::new(),
        }
    }

    /// The format of the top-level credential.
    pub fn format(&self) -> Option<BadgeFormat> {
        self.credential.as_ref().map(|c| c.format)
    }

    /// The badges to import: the credential itself, or for a CLR each nested
    /// credential (the CLR itself when it holds none).
    pub fn badges(&self) -> Vec<&BadgeDisplay> {
        match &self.credential {
            None => Vec::new(),
            Some(c) if c.format == BadgeFormat::Clr && !c.nested.is_empty() => {
                c.nested.iter().map(|n| &n.display).collect()
            }
            Some(c) => vec![&c.display],
        }
    }
}
