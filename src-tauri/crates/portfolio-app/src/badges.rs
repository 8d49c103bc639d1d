//! Open Badges: importing a file into a learner's portfolio, checking a
//! stored badge offline, verifying a file with no store at all, and the
//! badge issuers whose keys live in the data folder.

use std::path::{Path, PathBuf};

use chrono::Utc;
use portfolio_backpack::issuing::{IssueRequest, Issuer};
use portfolio_backpack::{BadgeCheck, BadgeImport, Trust};
use portfolio_domain::Id;

use crate::files::{read_capped, MAX_BADGE_BYTES, MAX_SMALL_FILE_BYTES};
use crate::{ApiError, App, Result};

impl App {
    /// Imports a badge file's bytes into `learner`'s portfolio.
    pub fn import_badge(&self, learner: Id, bytes: &[u8]) -> Result<BadgeImport> {
        if bytes.len() as u64 > MAX_BADGE_BYTES {
            return Err(ApiError::invalid("This file is too large to be a badge (more than 20 MB)."));
        }
        Ok(portfolio_backpack::import(self.store(), learner, bytes, Utc::now())?)
    }

    /// Imports the badge file at `path` (size checked before it is read).
    pub fn import_badge_file(&self, learner: Id, path: &Path) -> Result<BadgeImport> {
        self.import_badge(learner, &read_capped(path, MAX_BADGE_BYTES)?)
    }

    /// Verifies a stored badge offline.
    pub fn check_badge(&self, id: Id) -> Result<BadgeCheck> {
        Ok(portfolio_backpack::check(self.store(), id, Utc::now())?)
    }

    /// Writes a stored badge of `learner` to `out` as its holder shares it:
    /// the original credential file, byte-exact (baked PNG/SVG, JSON or token
    /// as imported), and for a JSON or token credential a plain-text note on
    /// how to verify it beside it (`<out stem>.verification.txt`).
    pub fn share_badge(&self, learner: Id, badge: Id, out: &Path) -> Result<BadgeShare> {
        let shared = portfolio_backpack::share(self.store(), learner, badge, Utc::now())?;
        crate::files::write(out, &shared.bytes)?;
        let note_file = match &shared.note {
            Some(note) => {
                let path = note_path(out);
                crate::files::write(&path, note.as_bytes())?;
                Some(file_name(&path))
            }
            None => None,
        };
        Ok(BadgeShare {
            name: shared.name,
            file: file_name(out),
            note_file,
            extension: shared.extension.into(),
            sha256: shared.sha256,
        })
    }

    /// The file extension a shared badge's file should have (`png`, `svg`,
    /// `json`, `jwt`), for the name suggested in a save dialog.
    pub fn share_badge_extension(&self, learner: Id, badge: Id) -> Result<(String, String)> {
        let shared = portfolio_backpack::share(self.store(), learner, badge, Utc::now())?;
        Ok((shared.name, shared.extension.into()))
    }

    /// Writes a Verifiable Presentation of `learner`'s badge to `out`: the
    /// credential inside, signed with the learner's own `did:key` (made in
    /// the keys folder on first use). Refuses an Open Badges 2.0 assertion
    /// and a badge entered by hand.
    pub fn share_badge_presentation(&self, learner: Id, badge: Id, out: &Path) -> Result<BadgePresentation> {
        let p = portfolio_backpack::presentation(self.store(), &self.dir().keys(), learner, badge, Utc::now())?;
        crate::files::write(out, p.json.as_bytes())?;
        Ok(BadgePresentation { name: p.name, file: file_name(out), holder: p.holder })
    }

    /// The name of a stored badge of `learner`, checked presentable (for the
    /// file name suggested in a save dialog, before anything is made or written).
    pub fn badge_presentation_name(&self, learner: Id, badge: Id) -> Result<String> {
        Ok(portfolio_backpack::presentable(self.store(), learner, badge)?)
    }

    /// The "Add to LinkedIn profile" address of `learner`'s badge, built
    /// offline (opening it needs the network).
    pub fn badge_linkedin_url(&self, learner: Id, badge: Id) -> Result<String> {
        Ok(portfolio_backpack::linkedin(self.store(), learner, badge)?)
    }

    /// Badge issuers whose keys are on this computer.
    pub fn issuers(&self) -> Result<Vec<Issuer>> {
        Ok(portfolio_backpack::issuing::issuers(&self.dir().keys())?)
    }

    /// Creates an issuer with a new Ed25519 key.
    pub fn create_issuer(&self, name: &str, self_asserted: bool) -> Result<Issuer> {
        Ok(portfolio_backpack::issuing::create_issuer(&self.dir().keys(), name, self_asserted)?)
    }

    /// Issues a badge to a learner and adds it to their portfolio; returns
    /// the import and the baked SVG.
    pub fn issue_badge(&self, request: &IssueRequest) -> Result<(BadgeImport, Vec<u8>)> {
        Ok(portfolio_backpack::issuing::issue(self.store(), &self.dir().keys(), request, Utc::now())?)
    }

    /// The issuer's private key encrypted with `passphrase`, for backup.
    pub fn export_issuer_key(&self, id: &str, passphrase: &str) -> Result<String> {
        Ok(portfolio_backpack::issuing::export_issuer_key(&self.dir().keys(), id, passphrase)?)
    }
}

/// What sharing a badge wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BadgeShare {
    /// The badge's name.
    pub name: String,
    /// The credential file's name (as written, without its folder).
    pub file: String,
    /// The verification note's file name, for a JSON or token credential.
    pub note_file: Option<String>,
    /// `png`, `svg`, `json` or `jwt`.
    pub extension: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// What sharing a badge as a verifiable presentation wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BadgePresentation {
    /// The badge's name.
    pub name: String,
    /// The presentation file's name (as written, without its folder).
    pub file: String,
    /// The learner's `did:key` that signed it.
    pub holder: String,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `badge.json` → `badge.verification.txt`, in the same folder.
fn note_path(out: &Path) -> PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "badge".into());
    out.with_file_name(format!("{stem}.verification.txt"))
}

/// Verifies the badge file at `path` offline, with no store: against
/// `emails`, issuer key files and revocation list files. Every file's size
/// is checked before it is read.
pub fn verify_badge_file(path: &Path, emails: &[String], keys: &[PathBuf], lists: &[PathBuf]) -> Result<BadgeCheck> {
    let text = |p: &PathBuf| read_capped(p, MAX_SMALL_FILE_BYTES).map(|b| String::from_utf8_lossy(&b).into_owned());
    let trust = Trust {
        keys: keys.iter().map(text).collect::<Result<_>>()?,
        revocation_lists: lists.iter().map(text).collect::<Result<_>>()?,
    };
    Ok(portfolio_backpack::check_bytes(&read_capped(path, MAX_BADGE_BYTES)?, emails, &trust, Utc::now()))
}
