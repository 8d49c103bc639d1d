//! The learning-plan loop: frameworks, the period overview, exhibition score
//! summaries and starting the next plan. Periods, plans, check-ins,
//! exhibitions and narratives themselves are records (see `records`).

use portfolio_app::ApiError;
use portfolio_domain::{AnyRecord, CriterionSummary, Framework, Id, PeriodOverview};
use tauri::State;

use crate::AppState;

/// Every framework (built-ins first).
#[tauri::command]
pub async fn list_frameworks(state: State<'_, AppState>) -> Result<Vec<Framework>, ApiError> {
    state.app()?.frameworks()
}

/// Creates or updates one of the user's frameworks.
#[tauri::command]
pub async fn save_framework(state: State<'_, AppState>, framework: Framework) -> Result<Framework, ApiError> {
    state.app()?.save_framework(framework)
}

/// Deletes one of the user's frameworks (not one in use).
#[tauri::command]
pub async fn delete_framework(state: State<'_, AppState>, id: String) -> Result<Framework, ApiError> {
    state.app()?.delete_framework(&id)
}

/// Imports a Mahara SmartEvidence `.matrix` file's text (the user picked it).
#[tauri::command]
pub async fn import_framework_matrix(state: State<'_, AppState>, text: String) -> Result<Framework, ApiError> {
    state.app()?.import_matrix(text.as_bytes())
}

/// A framework as `.matrix` text.
#[tauri::command]
pub async fn export_framework_matrix(state: State<'_, AppState>, id: String) -> Result<String, ApiError> {
    state.app()?.export_matrix(&id)
}

/// Evidence, hours and plan progress per learning goal, and what is missing.
#[tauri::command]
pub async fn period_overview(
    state: State<'_, AppState>,
    learner_id: Id,
    period_id: Id,
) -> Result<PeriodOverview, ApiError> {
    state.app()?.period_overview(learner_id, period_id)
}

/// Per-criterion aggregation of an exhibition's handed-in score sheets.
#[tauri::command]
pub async fn exhibition_summary(state: State<'_, AppState>, id: Id) -> Result<Vec<CriterionSummary>, ApiError> {
    state.app()?.exhibition_summary(id)
}

/// Creates the next period's plan with the exhibition's recommendations.
#[tauri::command]
pub async fn start_next_plan(
    state: State<'_, AppState>,
    exhibition_id: Id,
    period_id: Id,
) -> Result<AnyRecord, ApiError> {
    state.app()?.start_next_plan(exhibition_id, period_id)
}
