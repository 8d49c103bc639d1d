//! Evidence files: attaching, a learner's photo, handing files to the system
//! viewer, and the pictures the UI shows (by content hash only).

use std::path::{Path, PathBuf};

use portfolio_domain::{Id, Learner};
use portfolio_evidence::{AttachOutcome, EvidenceRow, Target};

use crate::files::MAX_EVIDENCE_BYTES;
use crate::{ApiError, App, Result};

/// How many files are imported at once by [`App::attach_files`].
const WORKERS: usize = 2;

/// One file's result from [`App::attach_files`].
pub type FileResult = (PathBuf, Result<AttachOutcome>);

fn check_size(name: &str, bytes: &[u8]) -> Result<()> {
    if bytes.len() as u64 > MAX_EVIDENCE_BYTES {
        return Err(ApiError::invalid(format!("\u{201c}{name}\u{201d} is larger than 200 MB.")));
    }
    Ok(())
}

impl App {
    /// Imports one file's bytes (called `name`) and attaches it at `target`,
    /// as one read-modify-write of the record.
    pub fn attach_bytes(&self, target: &Target, name: &str, bytes: &[u8]) -> Result<AttachOutcome> {
        check_size(name, bytes)?;
        self.guard_record_write_of(target.kind, target.id)?;
        self.saved(portfolio_evidence::attach_bytes_to(self.store(), self.media(), target, name, bytes)?)
    }

    /// Imports files from disk (in parallel) and attaches each at `target`,
    /// which must be one of `learner`'s records; one result per file, in
    /// order. A refused file does not stop the rest.
    pub fn attach_files(&self, learner: Id, target: &Target, paths: &[PathBuf]) -> Result<Vec<FileResult>> {
        if self.store().get(target.kind, target.id)?.meta().learner_id != learner {
            return Err(ApiError::invalid(format!("That {} belongs to another learner.", target.kind.as_str())));
        }
        self.guard_record_write(learner)?;
        let results = portfolio_evidence::attach_paths(self.store(), self.media(), target, paths, WORKERS)?;
        self.saved(results.into_iter().map(|(p, r)| (p, r.map_err(ApiError::from))).collect())
    }

    /// Makes a picture the learner's photo (same caps and checks as evidence).
    pub fn set_learner_photo(&self, learner: Id, name: &str, bytes: &[u8]) -> Result<Learner> {
        check_size(name, bytes)?;
        Ok(portfolio_evidence::set_learner_photo(self.store(), self.media(), learner, name, bytes)?)
    }

    /// Clears the learner's photo (the file stays until the clean-up).
    pub fn remove_learner_photo(&self, learner: Id) -> Result<Learner> {
        Ok(portfolio_evidence::remove_learner_photo(self.store(), learner)?)
    }

    /// Every piece of evidence of a learner, by record.
    pub fn evidence(&self, learner: Id) -> Result<Vec<EvidenceRow>> {
        Ok(portfolio_evidence::list(self.store(), learner)?)
    }

    /// A read-only copy of `learner`'s evidence `sha256`, named as imported,
    /// for the system viewer (the original is never handed out).
    pub fn viewing_copy(&self, learner: Id, sha256: &str) -> Result<PathBuf> {
        let viewing = self.dir().viewing();
        Ok(portfolio_evidence::viewing_copy(self.store(), self.media(), learner, sha256, &viewing)?)
    }

    /// The stored original of `learner`'s evidence `sha256` (to show it in
    /// the file manager).
    pub fn original_path(&self, learner: Id, sha256: &str) -> Result<PathBuf> {
        Ok(portfolio_evidence::original_of(self.store(), self.media(), learner, sha256)?.0)
    }

    /// The bytes and MIME type of an image derivative (`thumb`, `screen`,
    /// `print`) by content hash, only from inside the media folder; `None`
    /// for anything else.
    pub fn media_file(&self, sha256: &str, variant: &str) -> Option<(Vec<u8>, &'static str)> {
        let file = portfolio_evidence::derivative_path(self.media(), sha256, variant).ok()?;
        if !portfolio_evidence::is_inside(self.media().root(), &file) {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        let mime = if file.extension().is_some_and(|e| e == "png") { "image/png" } else { "image/jpeg" };
        Some((bytes, mime))
    }
}

/// A `KIND:ID[#PART]` target from the CLI's `--to`.
pub fn parse_target(text: &str) -> Result<Target> {
    Ok(Target::parse(text)?)
}

/// True when `path` names a file inside `root` (both resolved).
pub fn is_inside(root: &Path, path: &Path) -> bool {
    portfolio_evidence::is_inside(root, path)
}
