//! Issuing badges offline: issuer profiles with Ed25519 keys kept in the data
//! folder's `keys/` (owner-only files), and OB 3.0 credentials issued to a
//! learner, baked into an SVG badge and imported into their portfolio.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use portfolio_badges::{
    bake_svg, export_key, issue_achievement, load_key, save_key, AchievementInput, IssuerKey, IssuerProfile,
};
use portfolio_domain::Id;
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{BackpackError, BadgeImport, Result};

/// An issuer as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Issuer {
    /// The issuer's `did:key`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// True for a learner asserting their own achievements.
    pub self_asserted: bool,
}

/// What to issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IssueRequest {
    /// Issuer id (`did:key`).
    pub issuer_id: String,
    /// Learner receiving it.
    pub learner_id: Id,
    /// Badge name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// How it was earned.
    pub criteria: String,
}

fn err(kind: fn(String) -> BackpackError, e: impl std::fmt::Display) -> BackpackError {
    kind(e.to_string())
}

fn profile_path(dir: &Path, id: &str) -> PathBuf {
    let tail: String = id.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    dir.join(format!("issuer-{tail}.profile.json"))
}

fn key_path(dir: &Path, id: &str) -> Result<PathBuf> {
    let p: IssuerProfile = read_profile(dir, id)?;
    let path = dir.join(format!("issuer-key-{}.json", p.id.trim_start_matches("did:key:")));
    if path.exists() {
        Ok(path)
    } else {
        Err(err(
            BackpackError::NotFound,
            format!("The key of issuer \u{201c}{}\u{201d} is missing from {}.", p.name, dir.display()),
        ))
    }
}

fn read_profile(dir: &Path, id: &str) -> Result<IssuerProfile> {
    let text = std::fs::read_to_string(profile_path(dir, id))
        .map_err(|_| err(BackpackError::NotFound, format!("No issuer with id {id} exists on this computer.")))?;
    serde_json::from_str(&text)
        .map_err(|e| err(BackpackError::Storage, format!("The issuer profile {id} is damaged: {e}")))
}

/// Issuers whose keys are on this computer, by name.
/// `keys` is the data folder's keys folder.
pub fn issuers(keys: &Path) -> Result<Vec<Issuer>> {
    let dir = keys.to_path_buf();
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(out) };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("issuer-") && name.ends_with(".profile.json") {
            if let Ok(p) = std::fs::read_to_string(e.path())
                .map_err(|_| ())
                .and_then(|t| serde_json::from_str::<IssuerProfile>(&t).map_err(|_| ()))
            {
                out.push(Issuer { id: p.id, name: p.name, self_asserted: p.self_asserted });
            }
        }
    }
    out.sort_by_cached_key(|i| i.name.to_lowercase());
    Ok(out)
}

/// Creates an issuer with a new Ed25519 key (saved owner-only).
pub fn create_issuer(keys: &Path, name: &str, self_asserted: bool) -> Result<Issuer> {
    let name = name.trim();
    if name.is_empty() {
        return Err(BackpackError::Validation(portfolio_domain::ValidationErrors(vec![
            portfolio_domain::FieldError { field: "name".into(), message: "Issuer name is required.".into() },
        ])));
    }
    let dir = keys;
    std::fs::create_dir_all(dir)
        .map_err(|e| err(BackpackError::Storage, format!("Could not create {}: {e}", dir.display())))?;
    let key = IssuerKey::generate();
    save_key(dir, &key).map_err(|e| err(BackpackError::Storage, e))?;
    let profile = if self_asserted { IssuerProfile::self_asserted(&key, name) } else { IssuerProfile::new(&key, name) };
    let text = serde_json::to_string_pretty(&profile).map_err(|e| err(BackpackError::Internal, e))?;
    let path = profile_path(dir, &profile.id);
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| err(BackpackError::Storage, format!("Could not save the issuer: {e}")))?;
    Ok(Issuer { id: profile.id, name: profile.name, self_asserted })
}

/// The issuer's private key, encrypted with `passphrase`, for backup.
pub fn export_issuer_key(keys: &Path, id: &str, passphrase: &str) -> Result<String> {
    let key = load_key(&key_path(keys, id)?).map_err(|e| err(BackpackError::Storage, e))?;
    export_key(&key, passphrase).map_err(|e| err(BackpackError::Refused, e))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A simple round badge with the name on it, to bake the credential into.
pub fn badge_artwork(name: &str, issuer: &str) -> String {
    let short: String = name.chars().take(28).collect();
    let by: String = issuer.chars().take(32).collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><circle cx="128" cy="128" r="120" fill="#0f6e6e"/><circle cx="128" cy="128" r="104" fill="none" stroke="#ffffff" stroke-width="4"/><text x="128" y="122" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="bold" fill="#ffffff" text-anchor="middle">{}</text><text x="128" y="150" font-family="DejaVu Sans, sans-serif" font-size="12" fill="#d7f0ee" text-anchor="middle">{}</text></svg>"##,
        xml_escape(&short),
        xml_escape(&by)
    )
}

/// Issues an OB 3.0 credential to the learner (recipient: their name and
/// first email, hashed), bakes it into an SVG badge and imports it into their
/// portfolio. Returns the import and the baked SVG bytes.
pub fn issue(store: &Store, keys: &Path, req: &IssueRequest, now: DateTime<Utc>) -> Result<(BadgeImport, Vec<u8>)> {
    let learner = store.learner(req.learner_id)?;
    let profile = read_profile(keys, &req.issuer_id)?;
    let key = load_key(&key_path(keys, &req.issuer_id)?).map_err(|e| err(BackpackError::Storage, e))?;
    let input = AchievementInput {
        name: req.name.trim().to_string(),
        description: req.description.trim().to_string(),
        criteria_narrative: req.criteria.trim().to_string(),
        image: None,
        achievement_type: Some("Badge".into()),
    };
    let recipient = portfolio_badges::issue::Recipient {
        name: Some(learner.profile.name.clone()),
        email: learner.profile.emails.first().cloned(),
    };
    let credential =
        issue_achievement(&key, &profile, &input, &recipient, now, None).map_err(|e| err(BackpackError::Refused, e))?;
    let json = serde_json::to_vec(&credential).map_err(|e| err(BackpackError::Internal, e))?;
    let svg = bake_svg(badge_artwork(&input.name, &profile.name).as_bytes(), &json)
        .map_err(|e| err(BackpackError::Internal, e))?;
    let imported = crate::import(store, req.learner_id, &svg, now)?;
    Ok((imported, svg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::{AnyRecord, LearnerProfile};

    #[test]
    fn an_advisor_issues_a_badge_that_verifies_and_lands_in_the_portfolio() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path().join("store")).unwrap();
        let profile =
            LearnerProfile { name: "Ana Reyes".into(), emails: vec!["ana@example.org".into()], ..Default::default() };
        let l = store.create_learner(profile).unwrap();
        let keys = tmp.path().join("keys");
        let issuer = create_issuer(&keys, "Ms. Delgado, Harbor City Met", false).unwrap();
        assert!(issuer.id.starts_with("did:key:z6Mk"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let key_file = std::fs::read_dir(tmp.path().join("keys"))
                .unwrap()
                .flatten()
                .find(|e| e.file_name().to_string_lossy().starts_with("issuer-key-"))
                .unwrap();
            assert_eq!(key_file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(issuers(&keys).unwrap(), vec![issuer.clone()]);
        let req = IssueRequest {
            issuer_id: issuer.id.clone(),
            learner_id: l.id,
            name: "Field Researcher".into(),
            description: "Designed and ran a field study.".into(),
            criteria: "Ten rounds of counts and a public presentation.".into(),
        };
        let (out, svg) = issue(&store, &keys, &req, Utc::now()).unwrap();
        assert_eq!(out.check.status, "verified", "{:?}", out.check);
        assert_eq!(out.check.recipient_matches, Some(true));
        assert!(String::from_utf8_lossy(&svg).contains("openbadges:credential"));
        let AnyRecord::Badge(b) = &out.records[0] else { panic!() };
        assert_eq!(b.data.name, "Field Researcher");
        assert_eq!(b.data.original_credential.as_deref(), Some(svg.as_slice()));
        let exported = export_issuer_key(&keys, &issuer.id, "correct horse battery").unwrap();
        assert!(portfolio_badges::import_key(&exported, "correct horse battery").is_ok());
        assert!(export_issuer_key(&keys, &issuer.id, "short").is_err());
        assert!(matches!(create_issuer(&keys, "  ", false).unwrap_err(), BackpackError::Validation(_)));
    }
}
