//! Learners: list, add, edit, delete, and the demo portfolio.

use portfolio_domain::{ApiError, Id, Learner, LearnerProfile};
use tauri::State;

use crate::AppState;

/// All learners, sorted by name.
#[tauri::command]
pub async fn list_learners(state: State<'_, AppState>) -> Result<Vec<Learner>, ApiError> {
    Ok(state.store()?.learners()?)
}

/// Adds a learner.
#[tauri::command]
pub async fn create_learner(state: State<'_, AppState>, profile: LearnerProfile) -> Result<Learner, ApiError> {
    Ok(state.store()?.create_learner(profile)?)
}

/// Changes a learner's profile.
#[tauri::command]
pub async fn update_learner(state: State<'_, AppState>, id: Id, profile: LearnerProfile) -> Result<Learner, ApiError> {
    Ok(state.store()?.update_learner(id, profile)?)
}

/// Deletes a learner and all their records.
#[tauri::command]
pub async fn delete_learner(state: State<'_, AppState>, id: Id) -> Result<(), ApiError> {
    state.store()?.delete_learner(id)?;
    Ok(())
}

/// Creates the demo learner with a school year of records.
#[tauri::command]
pub async fn create_demo_learner(state: State<'_, AppState>) -> Result<Learner, ApiError> {
    let today = chrono::Local::now().date_naive();
    Ok(portfolio_demo::create_demo(state.store()?, today)?)
}
