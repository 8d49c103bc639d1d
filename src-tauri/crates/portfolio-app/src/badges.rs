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
