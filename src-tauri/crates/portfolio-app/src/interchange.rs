//! Leap2A (Mahara) import and export, and JSON Resume export.

use std::path::Path;

use chrono::Utc;
use portfolio_domain::Id;
use portfolio_interchange::{ExportSummary, Leap2aImportReport, Limits};

use crate::files::read_capped;
use crate::{App, Result};

impl App {
    /// Imports a Leap2A export (a zip or a bare leap2a.xml, e.g. from Mahara)
    /// as a new learner, files as evidence; importing the same export again
    /// adds nothing. The file's size is checked before it is read.
    pub fn import_leap2a_file(&self, path: &Path) -> Result<Leap2aImportReport> {
        let limits = Limits::default();
        let bytes = read_capped(path, limits.max_file)?;
        Ok(portfolio_interchange::import_leap2a(self.store(), self.media(), &bytes, limits)?)
    }

    /// Writes a learner's portfolio as a Leap2A zip to `path`.
    pub fn export_leap2a(&self, learner: Id, path: &Path) -> Result<ExportSummary> {
        let (bytes, summary) = portfolio_interchange::export_leap2a(self.store(), self.media(), learner, Utc::now())?;
        crate::files::write(path, &bytes)?;
        Ok(summary)
    }

    /// Writes a learner's résumé as JSON Resume (v1.0.0) to `path`.
    pub fn export_resume(&self, learner: Id, path: &Path) -> Result<()> {
        let resume = portfolio_interchange::resume::export_resume(self.store(), learner)?;
        let text = serde_json::to_string_pretty(&resume).map_err(|e| crate::ApiError::internal(e.to_string()))?;
        crate::files::write(path, (text + "\n").as_bytes())
    }
}
