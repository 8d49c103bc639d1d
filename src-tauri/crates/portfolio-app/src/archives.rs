//! Nothing lost, nothing locked in: `.lportfolio` archives, backups and
//! recovery when the store does not open.

use std::path::Path;

use chrono::Utc;
use portfolio_archive::backup::{self, BackupInfo};
use portfolio_archive::{ExportReport, ImportMode, ImportPlan, ImportReport, Limits, Scope};
use portfolio_media::MediaStore;
use portfolio_store::Store;

use crate::{ApiError, App, DataDir, ErrorCode, Result};

/// The version written into archives' manifests.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// An archive read and checked once, with everything it will write decided:
/// what [`ArchiveImport::report`] says is exactly what [`App::import_archive`] does.
pub struct ArchiveImport {
    plan: ImportPlan,
}

impl ArchiveImport {
    /// What importing will do.
    pub fn report(&self) -> &ImportReport {
        self.plan.report()
    }
}

impl App {
    /// Backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        Ok(backup::list(&self.dir().backups())?)
    }

    /// Backs up every learner now (`reason`: `manual`, `before-import`, ...).
    pub fn create_backup(&self, reason: &str) -> Result<BackupInfo> {
        Ok(backup::create(self.store(), self.media(), &self.dir().backups(), reason, Utc::now())?)
    }

    /// Replaces everything with backup `name` (the current state is backed up first).
    pub fn restore_backup(&self, name: &str) -> Result<ImportReport> {
        Ok(backup::restore(self.store(), self.media(), &self.dir().backups(), name, Utc::now())?)
    }

    /// Writes the learner's (or everyone's) archive to `path`, atomically.
    pub fn export_archive(&self, scope: Scope, path: &Path) -> Result<ExportReport> {
        Ok(portfolio_archive::export_to_file_with_report(self.store(), self.media(), scope, APP_VERSION, path)?)
    }

    /// Reads the archive file at `path` once (its size checked against the
    /// archive crate's cap before reading), checks it and plans the import.
    /// Nothing is written.
    pub fn plan_archive_import(&self, path: &Path, mode: ImportMode) -> Result<ArchiveImport> {
        let plan = portfolio_archive::plan_import_file(self.store(), path, mode, &Limits::default())?;
        Ok(ArchiveImport { plan })
    }

    /// Imports a planned archive, all or nothing, after backing up
    /// everything (when there is anything to lose).
    pub fn import_archive(&self, planned: ArchiveImport) -> Result<ImportReport> {
        if !self.store().learners()?.is_empty() {
            self.create_backup("before-import")?;
        }
        Ok(planned.plan.apply(self.store(), self.media())?)
    }

    /// When the store of `dir` could not be opened (`open_error`): moves the
    /// damaged store aside (never deletes it) and rebuilds a store from
    /// backup `name`. The caller restarts afterwards.
    pub fn recover_from_backup(dir: &DataDir, open_error: &ApiError, name: &str) -> Result<ImportReport> {
        if open_error.code == ErrorCode::StoreInUse {
            return Err(open_error.clone());
        }
        let aside = dir.damaged_store(Utc::now());
        std::fs::rename(dir.store(), &aside)
            .map_err(|e| ApiError::storage(format!("Could not move the damaged store aside: {e}")))?;
        let fresh = Store::open_with_backups(dir.store(), &dir.backups())?;
        let media = MediaStore::open(dir.media())?;
        let report = backup::restore(&fresh, &media, &dir.backups(), name, Utc::now())?;
        fresh.flush()?;
        Ok(report)
    }
}

/// The import mode from the CLI's flags.
pub fn import_mode(merge: bool, copy: bool) -> ImportMode {
    match (merge, copy) {
        (true, _) => ImportMode::Merge,
        (false, true) => ImportMode::Copy,
        _ => ImportMode::Auto,
    }
}
