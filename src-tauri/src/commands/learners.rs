//! Learners: list, add, edit, delete, their photo, and the demo portfolio.

use portfolio_app::ApiError;
use portfolio_domain::{Id, Learner, LearnerProfile};
use tauri::ipc::Request;
use tauri::State;

use super::blocking;
use super::evidence::{decode, header, raw_body};
use crate::AppState;

/// All learners, sorted by name.
#[tauri::command]
pub async fn list_learners(state: State<'_, AppState>) -> Result<Vec<Learner>, ApiError> {
    state.app()?.learners()
}

/// Adds a learner (without a photo: that is set afterwards with
/// [`set_learner_photo`]).
#[tauri::command]
pub async fn create_learner(state: State<'_, AppState>, profile: LearnerProfile) -> Result<Learner, ApiError> {
    state.app()?.create_learner(profile)
}

/// Changes a learner's profile (the stored photo is kept).
#[tauri::command]
pub async fn update_learner(state: State<'_, AppState>, id: Id, profile: LearnerProfile) -> Result<Learner, ApiError> {
    state.app()?.update_learner(id, profile)
}

/// Makes a picture the learner's photo: its bytes are the raw request body,
/// header `x-id` is the learner's id and `x-name` the file's name
/// (percent-encoded). Returns the learner as saved.
#[tauri::command]
pub async fn set_learner_photo(request: Request<'_>, state: State<'_, AppState>) -> Result<Learner, ApiError> {
    let id: Id = header(&request, "x-id")?.parse().map_err(|_| ApiError::invalid("The learner id is not valid."))?;
    let name = decode(header(&request, "x-name")?);
    let bytes = raw_body(&request)?;
    let app = state.app()?.clone();
    blocking(move || app.set_learner_photo(id, &name, &bytes)).await
}

/// Clears the learner's photo. Returns the learner as saved.
#[tauri::command]
pub async fn remove_learner_photo(state: State<'_, AppState>, learner_id: Id) -> Result<Learner, ApiError> {
    state.app()?.remove_learner_photo(learner_id)
}

/// Deletes a learner and all their records.
#[tauri::command]
pub async fn delete_learner(state: State<'_, AppState>, id: Id) -> Result<(), ApiError> {
    state.app()?.delete_learner(id).map(|_| ())
}

/// Creates the demo learner with a school year of records.
#[tauri::command]
pub async fn create_demo_learner(state: State<'_, AppState>) -> Result<Learner, ApiError> {
    state.app()?.create_demo(chrono::Local::now().date_naive())
}
