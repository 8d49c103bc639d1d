//! The learning-plan loop: frameworks of learning goals, the period
//! overview, exhibition score summaries and starting the next plan.

use std::path::Path;

use portfolio_domain::{AnyRecord, CriterionSummary, Framework, Id, PeriodOverview, RecordKind};

use crate::files::read_capped;
use crate::{ApiError, App, ErrorCode, Result};

impl App {
    /// Every framework (built-ins first).
    pub fn frameworks(&self) -> Result<Vec<Framework>> {
        Ok(self.store().frameworks()?)
    }

    /// Creates or updates one of the user's frameworks.
    pub fn save_framework(&self, framework: Framework) -> Result<Framework> {
        Ok(self.store().save_framework(framework)?)
    }

    /// Deletes one of the user's frameworks (not one in use).
    pub fn delete_framework(&self, id: &str) -> Result<Framework> {
        Ok(self.store().delete_framework(id)?)
    }

    /// Imports a Mahara SmartEvidence `.matrix` file's bytes as a new framework.
    pub fn import_matrix(&self, bytes: &[u8]) -> Result<Framework> {
        Ok(self.store().import_matrix(bytes)?)
    }

    /// Imports the `.matrix` file at `path` (size checked before it is read).
    pub fn import_matrix_file(&self, path: &Path) -> Result<Framework> {
        self.import_matrix(&read_capped(path, portfolio_domain::matrix::MAX_MATRIX_BYTES as u64)?)
    }

    /// A framework as `.matrix` text.
    pub fn export_matrix(&self, id: &str) -> Result<String> {
        Ok(self.store().export_matrix(id)?)
    }

    /// Evidence, hours and plan progress per learning goal, and what is missing.
    pub fn period_overview(&self, learner: Id, period: Id) -> Result<PeriodOverview> {
        Ok(self.store().period_overview(learner, period)?)
    }

    /// Per-criterion aggregation of an exhibition's handed-in score sheets.
    pub fn exhibition_summary(&self, id: Id) -> Result<Vec<CriterionSummary>> {
        match self.store().get(RecordKind::Exhibition, id)? {
            AnyRecord::Exhibition(e) => Ok(portfolio_domain::summarize(&e.data)),
            _ => Err(ApiError::new(ErrorCode::NotFound, "That exhibition does not exist.")),
        }
    }

    /// Creates the next period's plan with the exhibition's recommendations.
    pub fn start_next_plan(&self, exhibition: Id, next_period: Id) -> Result<AnyRecord> {
        self.guard_record_write_of(RecordKind::Exhibition, exhibition)?;
        Ok(self.store().start_next_plan(exhibition, next_period)?)
    }
}
