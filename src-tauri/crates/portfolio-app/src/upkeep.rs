//! Start-up upkeep and the integrity check: indexes rebuilt from the records
//! when damaged (the records are the truth), missing evidence files reported,
//! unused originals cleaned up after the grace period, the daily backup.

use std::time::{Duration, SystemTime};

use chrono::Utc;
use portfolio_evidence::SweepReport;
use portfolio_store::IntegrityReport;

use crate::{ApiError, App, Result};

impl App {
    /// Everything done when the app starts. Problems are returned as
    /// sentences to log; a failed step never stops the app.
    pub fn startup_upkeep(&self) -> Vec<String> {
        let mut notes = Vec::new();
        match self.store().check_integrity() {
            Ok(report) if report.problems.iter().any(|p| p.contains("index")) => match self.store().repair_indexes() {
                Ok(n) => notes.push(format!("rebuilt the indexes from the records ({n} entries)")),
                Err(e) => notes.push(format!("could not rebuild the indexes: {e}")),
            },
            Ok(report) => notes.extend(report.problems),
            Err(e) => notes.push(format!("integrity check failed: {e}")),
        }
        match portfolio_evidence::missing_files(self.store(), self.media()) {
            Ok(missing) => notes.extend(missing),
            Err(e) => notes.push(format!("could not check the evidence files: {e}")),
        }
        // Originals no record has used for 30 days go, with their derivatives.
        match self.collect_garbage(portfolio_evidence::DEFAULT_GRACE, false) {
            Ok(r) => notes.extend(
                r.removed
                    .iter()
                    .map(|u| format!("removed the unused evidence file \u{201c}{}\u{201d} ({})", u.name, u.sha256)),
            ),
            Err(e) => notes.push(format!("could not clean up unused evidence files: {}", e.message)),
        }
        if let Err(e) =
            portfolio_archive::backup::daily_if_due(self.store(), self.media(), &self.dir().backups(), Utc::now())
        {
            notes.push(format!("the daily backup failed: {e}"));
        }
        notes
    }

    /// Removes originals no record has used for longer than `grace`, with
    /// their derivatives, and empties the viewing copies (a dry run only reports).
    pub fn collect_garbage(&self, grace: Duration, dry_run: bool) -> Result<SweepReport> {
        Ok(portfolio_evidence::collect_garbage(
            self.store(),
            self.media(),
            SystemTime::now(),
            grace,
            dry_run,
            &self.dir().viewing(),
        )?)
    }

    /// Checks the store's records and indexes and the evidence files; index
    /// damage alone is repaired on the spot. Returns the report after any
    /// repair and how many index entries were rebuilt.
    pub fn check(&self) -> Result<(IntegrityReport, Option<usize>)> {
        let mut report = self.store().check_integrity()?;
        let mut rebuilt = None;
        if !report.problems.is_empty() && report.problems.iter().all(|p| p.contains("index")) {
            rebuilt = Some(self.store().repair_indexes()?);
            report = self.store().check_integrity()?;
        }
        report.problems.extend(portfolio_evidence::missing_files(self.store(), self.media())?);
        Ok((report, rebuilt))
    }
}

/// The refusal when a check found problems.
pub fn problems_found(n: usize) -> ApiError {
    ApiError::storage(format!("{n} problem(s) found."))
}
