//! Learners: list, add, edit, delete, their photo, and the demo portfolio.

use portfolio_domain::{ApiError, ErrorCode, Id, Learner, LearnerProfile};
use tauri::ipc::Request;
use tauri::State;

use super::evidence::{decode, header, raw_body};
use crate::AppState;

/// All learners, sorted by name.
#[tauri::command]
pub async fn list_learners(state: State<'_, AppState>) -> Result<Vec<Learner>, ApiError> {
    Ok(state.store()?.learners()?)
}

/// Adds a learner (without a photo: that is set afterwards with
/// [`set_learner_photo`]).
#[tauri::command]
pub async fn create_learner(state: State<'_, AppState>, mut profile: LearnerProfile) -> Result<Learner, ApiError> {
    profile.photo_sha256.clear();
    Ok(state.store()?.create_learner(profile)?)
}

/// Changes a learner's profile. The photo is kept as stored: it changes only
/// through [`set_learner_photo`] and [`remove_learner_photo`], so a form
/// opened before the photo changed cannot undo that.
#[tauri::command]
pub async fn update_learner(
    state: State<'_, AppState>,
    id: Id,
    mut profile: LearnerProfile,
) -> Result<Learner, ApiError> {
    let store = state.store()?;
    profile.photo_sha256 = store.learner(id)?.profile.photo_sha256;
    Ok(store.update_learner(id, profile)?)
}

/// Makes a picture the learner's photo: its bytes are the raw request body,
/// header `x-id` is the learner's id and `x-name` the file's name
/// (percent-encoded). Imported like evidence (same caps and checks); a file
/// that is not a picture is refused. Returns the learner as saved.
#[tauri::command]
pub async fn set_learner_photo(request: Request<'_>, state: State<'_, AppState>) -> Result<Learner, ApiError> {
    let id: Id = header(&request, "x-id")?
        .parse()
        .map_err(|_| ApiError::new(ErrorCode::InvalidInput, "The learner id is not valid."))?;
    let name = decode(header(&request, "x-name")?);
    let bytes = raw_body(&request, &name)?;
    let store = state.store()?.clone();
    let media = state.media()?.clone();
    // Decoding and resizing are CPU work: keep them off the async workers.
    tauri::async_runtime::spawn_blocking(move || {
        portfolio_evidence::set_learner_photo(&store, &media, id, &name, &bytes)
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

/// Clears the learner's photo. The file stays in the media folder until the
/// clean-up of unused files removes it. Returns the learner as saved.
#[tauri::command]
pub async fn remove_learner_photo(state: State<'_, AppState>, learner_id: Id) -> Result<Learner, ApiError> {
    portfolio_evidence::remove_learner_photo(state.store()?, learner_id)
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
