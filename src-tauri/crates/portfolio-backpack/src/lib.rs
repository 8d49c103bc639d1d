//! The learner's own badge backpack: Open Badges in the portfolio.
//!
//! [`import`] examines a file (baked PNG/SVG, JSON, JWS; detected by content),
//! refuses what is not a badge, and stores each badge (a CLR's nested
//! credentials become one badge each) as a [`BadgeData`] record whose
//! `original_credential` keeps the exact bytes. [`check`] verifies a stored
//! badge offline, every time it is shown, against the learner's emails,
//! with its endorsements (each with its own verdict) and, for a CLR, the
//! achievements it groups. [`share`] gives a stored badge back as the
//! original file, byte-exact, with a note on how to verify it. A Learner
//! Credential Wallet backup given to [`import`] brings every credential in
//! it, with a report line each ([`wallet`]).
//!
//! Nothing here touches the network; `portfolio-badges` does the reading and
//! the cryptography, `portfolio-store` the keeping.
#![warn(missing_docs)]

pub mod holder;
pub mod issuing;
mod report;
mod share;
pub mod wallet;

pub use report::{BadgePart, ClrGroup, EndorsementCheck};
pub use share::{
    linkedin, linkedin_url, presentable, presentation, share, LinkedInCertification, SharedBadge, SharedPresentation,
};

/// Why a badge could not be imported, checked or issued; one sentence each.
#[derive(Debug, thiserror::Error)]
pub enum BackpackError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] portfolio_store::StoreError),
    /// A field is missing or wrong (e.g. an issuer without a name).
    #[error(transparent)]
    Validation(#[from] portfolio_domain::ValidationErrors),
    /// The file or request cannot be accepted (not a badge, already there, a short passphrase).
    #[error("{0}")]
    Refused(String),
    /// No such badge or issuer, or its key is missing.
    #[error("{0}")]
    NotFound(String),
    /// Reading or writing a key file failed.
    #[error("{0}")]
    Storage(String),
    /// Something that should not happen (encoding a credential failed).
    #[error("{0}")]
    Internal(String),
}

/// Result type of this crate.
pub type Result<T, E = BackpackError> = std::result::Result<T, E>;

use chrono::{DateTime, Utc};
use portfolio_badges::{
    examine, recipient_matches, verify, BadgeDisplay, BadgeFormat, Examination, PublicKey, RevocationList,
    VerifyOptions,
};
use portfolio_domain::{AnyRecord, AuthorRole, BadgeData, BadgeSource, Id, RecordData, RecordKind};
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The result of checking a badge, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeCheck {
    /// `verified`, `expired`, `not_yet_valid` (its `validFrom` /
    /// `issuanceDate` lies in the future; for a CLR, one of its credentials'),
    /// `revoked`, `invalid`, `unverifiable_offline`, `unsupported`,
    /// `malformed`, or `manual` for badges typed in by hand.
    pub status: String,
    /// A sentence for a person.
    pub detail: String,
    /// What was and was not checked.
    pub warnings: Vec<String>,
    /// `ob2`, `ob3` or `clr`, when known; `presentation` for a verifiable presentation (`badge verify`).
    pub format: Option<String>,
    /// Whether the badge names one of the learner's emails (`None`: the badge
    /// names no email, or the learner has none).
    pub recipient_matches: Option<bool>,
    /// The recipient identity as the badge states it.
    pub recipient: Option<String>,
    /// Achievement type (OB 3.0).
    pub achievement_type: Option<String>,
    /// Alignments: `name — framework (url)`.
    pub alignments: Vec<String>,
    /// Where in the file the badge was found.
    pub found_in: Option<String>,
    /// SHA-256 of the original file.
    pub sha256: Option<String>,
    /// The credential JSON, pretty-printed (empty for manual badges).
    pub raw_json: String,
    /// Endorsements of the badge, its achievement or its issuer, each with its own status.
    pub endorsements: Vec<EndorsementCheck>,
    /// For a CLR: the record and the achievements it groups.
    pub clr: Option<ClrGroup>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeImport {
    /// The badge records created (a CLR gives several, a wallet backup one
    /// or more per credential).
    pub records: Vec<AnyRecord>,
    /// The check of the imported file (of a wallet backup: of its first
    /// credential imported; every credential's is in `wallet`).
    pub check: BadgeCheck,
    /// For a Learner Credential Wallet backup: each credential in it and
    /// what its import did, in backup order. Empty for a badge file.
    #[serde(default)]
    pub wallet: Vec<wallet::WalletItem>,
}

fn to_data(d: &BadgeDisplay, format: BadgeFormat, original: Vec<u8>, today: chrono::NaiveDate) -> BadgeData {
    let clip = |s: &str| s.chars().take(portfolio_domain::validate::MAX_SHORT).collect::<String>();
    BadgeData {
        name: if d.name.trim().is_empty() { "Untitled badge".into() } else { clip(&d.name) },
        issuer_name: if d.issuer_name.trim().is_empty() {
            clip(d.issuer_id.as_deref().unwrap_or("Unknown issuer"))
        } else {
            clip(&d.issuer_name)
        },
        issued_on: d.issued_on.unwrap_or(today),
        expires_on: d.expires_on.filter(|e| Some(*e) >= d.issued_on.or(Some(today))),
        description: d.description.clone(),
        criteria: if d.criteria.is_empty() { d.criteria_url.clone().unwrap_or_default() } else { d.criteria.clone() },
        image_ref: d
            .image
            .as_ref()
            .filter(|i| !i.starts_with("data:") && i.chars().count() <= portfolio_domain::validate::MAX_SHORT)
            .cloned(),
        evidence_links: d.evidence_links().into_iter().map(|l| clip(&l)).filter(|l| !l.trim().is_empty()).collect(),
        goal_tags: Vec::new(),
        attached_keys: Vec::new(),
        source: if format == BadgeFormat::Ob2 { BadgeSource::OpenBadges2 } else { BadgeSource::OpenBadges3 },
        original_credential: Some(original),
    }
}

/// Keys and revocation lists the user supplied, as text.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// Public keys (PEM, JWK, `did:key`).
    pub keys: Vec<String>,
    /// OB 2.0 revocation lists (JSON).
    pub revocation_lists: Vec<String>,
}

/// The verify options of `trust` at `now`, and notes on what could not be read.
fn options(trust: &Trust, now: DateTime<Utc>) -> (VerifyOptions, Vec<String>) {
    let mut opts = VerifyOptions::new(now);
    let mut notes = Vec::new();
    for (i, k) in trust.keys.iter().enumerate() {
        match PublicKey::parse(k) {
            Ok(key) => opts.keys.push(key),
            Err(e) => notes.push(format!("Attached key {} could not be read: {e}", i + 1)),
        }
    }
    for (i, r) in trust.revocation_lists.iter().enumerate() {
        match serde_json::from_str::<serde_json::Value>(r) {
            Ok(v) => opts.revocation_lists.push(RevocationList::from_json(&v)),
            Err(e) => notes.push(format!("Revocation list {} is not JSON: {e}", i + 1)),
        }
    }
    (opts, notes)
}

fn check_of(ex: &Examination, emails: &[String], trust: &Trust, now: DateTime<Utc>) -> BadgeCheck {
    let (opts, notes) = options(trust, now);
    let mut v = verify(ex, &opts);
    v.warnings.extend(notes);
    let display = ex.credential.as_ref().map(|c| &c.display);
    let recipient = display.and_then(|d| d.recipient.as_ref());
    BadgeCheck {
        status: report::word(v.status),
        detail: v.detail.clone(),
        warnings: v.warnings.clone(),
        format: v.format.map(report::word),
        recipient_matches: recipient
            .filter(|_| !emails.is_empty())
            .map(|r| emails.iter().any(|e| recipient_matches(r, e))),
        recipient: recipient.map(|r| r.identity.clone()),
        achievement_type: display.and_then(|d| d.achievement_type.clone()),
        alignments: display
            .map(|d| {
                d.alignments
                    .iter()
                    .map(|a| {
                        let mut s = a.target_name.clone();
                        if let Some(f) = &a.target_framework {
                            s.push_str(&format!(" \u{2014} {f}"));
                        }
                        if let Some(u) = &a.target_url {
                            s.push_str(&format!(" ({u})"));
                        }
                        s
                    })
                    .collect()
            })
            .unwrap_or_default(),
        found_in: ex.found_in.clone(),
        sha256: Some(ex.sha256.clone()),
        raw_json: display.map(|d| serde_json::to_string_pretty(&d.raw_json).unwrap_or_default()).unwrap_or_default(),
        endorsements: report::endorsements(&v.endorsements),
        clr: ex.credential.as_ref().and_then(|c| report::clr_group(c, &v)),
    }
}

/// Checks a file without storing it (`learner-portfolio-cli badge verify`).
/// A Verifiable Presentation (a holder's, e.g. one shared from this app) is
/// checked too: the holder's signature, then each credential in it, one
/// warning line each.
pub fn check_bytes(bytes: &[u8], emails: &[String], trust: &Trust, now: DateTime<Utc>) -> BadgeCheck {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(16)]);
    if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
        if let Ok(vp) = serde_json::from_slice::<serde_json::Value>(bytes) {
            if portfolio_badges::present::is_presentation(&vp) {
                return check_presentation(&vp, trust, now);
            }
        }
    }
    check_of(&examine(bytes), emails, trust, now)
}

fn check_presentation(vp: &serde_json::Value, trust: &Trust, now: DateTime<Utc>) -> BadgeCheck {
    let (opts, notes) = options(trust, now);
    let v = portfolio_badges::verify_presentation(vp, &opts);
    let mut warnings = v.warnings.clone();
    warnings.extend(notes);
    for (i, c) in v.credentials.iter().enumerate() {
        warnings.push(format!("Credential {} in it: {} \u{2014} {}", i + 1, report::word(c.status), c.detail));
    }
    BadgeCheck {
        status: report::word(v.status),
        detail: format!(
            "A verifiable presentation by {}: {}",
            v.holder.as_deref().unwrap_or("an unnamed holder"),
            v.detail
        ),
        warnings,
        format: Some("presentation".into()),
        recipient_matches: None,
        recipient: v.holder.clone(),
        achievement_type: None,
        alignments: Vec::new(),
        found_in: None,
        sha256: None,
        raw_json: serde_json::to_string_pretty(vp).unwrap_or_default(),
        endorsements: Vec::new(),
        clr: None,
    }
}

/// Imports a badge file into `learner`'s portfolio. Refuses files that hold
/// no badge (with the reason) and files already imported; nothing is stored
/// from a refused file.
pub fn import(store: &Store, learner: Id, bytes: &[u8], now: DateTime<Utc>) -> Result<BadgeImport> {
    let l = store.learner(learner)?;
    if wallet::is_wallet_backup(bytes) {
        let (items, records, check) = wallet::import_wallet(store, learner, bytes, now)?;
        let Some(check) = check else {
            let n = items.len();
            if items.iter().all(|i| i.outcome == wallet::WalletOutcome::Duplicate) {
                return Err(BackpackError::Refused(format!(
                    "All {n} credentials of this wallet backup are already in this portfolio."
                )));
            }
            let why: Vec<String> = items.iter().map(|i| format!("\u{201c}{}\u{201d}: {}", i.name, i.message)).collect();
            return Err(BackpackError::Refused(format!(
                "None of the {n} credentials of this wallet backup could be imported. {}",
                why.join(" ")
            )));
        };
        return Ok(BadgeImport { records, check, wallet: items });
    }
    let ex = examine(bytes);
    let Some(credential) = &ex.credential else {
        let why = ex.error.as_ref().map(|e| e.to_string()).unwrap_or_else(|| "No badge was found in the file.".into());
        return Err(BackpackError::Refused(format!("This file is not a badge, or it is damaged: {why}")));
    };
    for existing in store.list(learner, RecordKind::Badge, "")? {
        if let AnyRecord::Badge(b) = existing {
            if b.data.original_credential.as_deref() == Some(bytes) {
                return Err(BackpackError::Refused(format!(
                    "\u{201c}{}\u{201d} is already in this portfolio.",
                    b.data.name
                )));
            }
        }
    }
    let today = now.date_naive();
    let items: Vec<RecordData> = if credential.format == BadgeFormat::Clr && !credential.nested.is_empty() {
        credential
            .nested
            .iter()
            .map(|n| {
                let json = serde_json::to_vec_pretty(&n.display.raw_json).unwrap_or_default();
                RecordData::Badge(to_data(&n.display, n.format, json, today))
            })
            .collect()
    } else {
        vec![RecordData::Badge(to_data(&credential.display, credential.format, bytes.to_vec(), today))]
    };
    let records = store.create_many(learner, AuthorRole::Student, items)?;
    Ok(BadgeImport { records, check: check_of(&ex, &l.profile.emails, &Trust::default(), now), wallet: Vec::new() })
}

/// Checks a stored badge (offline) for display.
pub fn check(store: &Store, badge: Id, now: DateTime<Utc>) -> Result<BadgeCheck> {
    let AnyRecord::Badge(b) = store.get(RecordKind::Badge, badge)? else {
        return Err(BackpackError::NotFound("That badge does not exist.".into()));
    };
    let emails = store.learner(b.meta.learner_id)?.profile.emails;
    match &b.data.original_credential {
        Some(bytes) => {
            let trust = Trust { keys: b.data.attached_keys.clone(), revocation_lists: Vec::new() };
            Ok(check_of(&examine(bytes), &emails, &trust, now))
        }
        None => Ok(BadgeCheck {
            status: "manual".into(),
            detail: "Entered by hand: there is no credential to verify.".into(),
            warnings: vec![],
            format: None,
            recipient_matches: None,
            recipient: None,
            achievement_type: None,
            alignments: vec![],
            found_in: None,
            sha256: None,
            raw_json: String::new(),
            endorsements: vec![],
            clr: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::LearnerProfile;
    use std::path::PathBuf;

    fn fixtures() -> Option<PathBuf> {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/fixtures/openbadges");
        if p.is_dir() {
            Some(p)
        } else {
            eprintln!("SKIPPED: Open Badges fixtures not found at {}", p.display());
            None
        }
    }

    #[test]
    fn imports_a_baked_ob3_png_keeps_bytes_and_refuses_duplicates() {
        let Some(dir) = fixtures() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let bytes = std::fs::read(dir.join("ob30_simple-json.png")).unwrap();
        let out = import(&store, l.id, &bytes, Utc::now()).unwrap();
        assert_eq!(out.check.status, "verified", "{:?}", out.check);
        assert_eq!(out.check.format.as_deref(), Some("ob3"));
        assert_eq!(out.records.len(), 1);
        let AnyRecord::Badge(b) = &out.records[0] else { panic!() };
        assert_eq!(b.data.source, BadgeSource::OpenBadges3);
        assert_eq!(b.data.original_credential.as_deref(), Some(bytes.as_slice()));
        assert!(!b.data.name.is_empty());
        assert_eq!(check(&store, b.meta.id, Utc::now()).unwrap().status, "verified");
        let err = import(&store, l.id, &bytes, Utc::now()).unwrap_err();
        assert!(err.to_string().ends_with("is already in this portfolio."), "{}", err.to_string());
        assert_eq!(store.counts(l.id).unwrap().badge, 1);
    }

    #[test]
    fn hosted_ob2_matches_the_learner_email_and_is_not_called_valid() {
        let Some(dir) = fixtures() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let profile =
            LearnerProfile { name: "Nobody".into(), emails: vec!["nobody@example.org".into()], ..Default::default() };
        let l = store.create_learner(profile).unwrap();
        let out = import(&store, l.id, &std::fs::read(dir.join("ob20_simple-badge.png")).unwrap(), Utc::now()).unwrap();
        assert_eq!(out.check.status, "unverifiable_offline");
        assert_eq!(out.check.recipient_matches, Some(true));
        let AnyRecord::Badge(b) = &out.records[0] else { panic!() };
        assert_eq!(b.data.source, BadgeSource::OpenBadges2);
    }

    #[test]
    fn an_attached_issuer_key_verifies_a_signed_ob2_badge() {
        let Some(dir) = fixtures() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let out = import(&store, l.id, &std::fs::read(dir.join("ob20_simple.jwt")).unwrap(), Utc::now()).unwrap();
        assert_eq!(out.check.status, "unverifiable_offline", "{:?}", out.check);
        let AnyRecord::Badge(mut b) = out.records[0].clone() else { panic!() };
        b.data.attached_keys = vec![std::fs::read_to_string(dir.join("ob20_key1.json")).unwrap()];
        store.update(b.meta.id, RecordData::Badge(b.data.clone())).unwrap();
        assert_eq!(check(&store, b.meta.id, Utc::now()).unwrap().status, "verified");
        // The wrong key does not verify it.
        b.data.attached_keys = vec![std::fs::read_to_string(dir.join("ob20_key2.json")).unwrap()];
        store.update(b.meta.id, RecordData::Badge(b.data)).unwrap();
        assert_ne!(check(&store, b.meta.id, Utc::now()).unwrap().status, "verified");
    }

    #[test]
    fn refuses_non_badges_and_stores_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let err = import(&store, l.id, b"{ not json", Utc::now()).unwrap_err();
        assert!(matches!(err, BackpackError::Refused(_)));
        assert!(err.to_string().starts_with("This file is not a badge, or it is damaged:"), "{}", err.to_string());
        assert_eq!(store.counts(l.id).unwrap().badge, 0);
        let manual = store
            .create(
                l.id,
                AuthorRole::Student,
                RecordData::from_json(
                    RecordKind::Badge,
                    serde_json::json!({"name": "N", "issuer_name": "I", "issued_on": "2026-01-01"}),
                )
                .unwrap(),
            )
            .unwrap();
        assert_eq!(check(&store, manual.meta().id, Utc::now()).unwrap().status, "manual");
    }

    #[test]
    fn a_badge_dated_in_the_future_is_not_yet_valid_until_its_date() {
        use portfolio_badges::issue::Recipient;
        use portfolio_badges::{issue_achievement, AchievementInput, IssuerKey, IssuerProfile};
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Lucía".into(), ..Default::default() }).unwrap();
        let key = IssuerKey::from_secret_bytes(&[3; 32]);
        let input = AchievementInput {
            name: "Natación 🏊".into(),
            description: "Nada 50 m.".into(),
            criteria_narrative: "Nadar 50 m sin parar.".into(),
            image: None,
            achievement_type: None,
        };
        let who = Recipient { name: Some("Lucía".into()), email: None };
        let now = Utc::now();
        let from = now + chrono::Duration::days(7);
        let vc = issue_achievement(&key, &IssuerProfile::new(&key, "Club Acuático"), &input, &who, from, None).unwrap();
        let out = import(&store, l.id, vc.to_string().as_bytes(), now).unwrap();
        assert_eq!(out.check.status, "not_yet_valid", "{:?}", out.check);
        assert!(out.check.detail.contains("not valid yet"), "{}", out.check.detail);
        let id = out.records[0].meta().id;
        assert_eq!(check(&store, id, from + chrono::Duration::minutes(1)).unwrap().status, "verified");
    }
}
