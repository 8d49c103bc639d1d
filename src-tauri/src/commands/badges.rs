//! Open Badges: import a file the user picked or dropped, check a stored
//! badge offline each time it is shown, and the issuers on this computer.

use portfolio_app::{ApiError, BadgePresentation, BadgeShare};
use portfolio_backpack::issuing::{IssueRequest, Issuer};
use portfolio_backpack::{BadgeCheck, BadgeImport};
use portfolio_domain::Id;
use tauri::{AppHandle, Runtime, State};

use super::blocking;
use crate::AppState;

/// Imports a badge file's bytes into a learner's portfolio.
#[tauri::command]
pub async fn import_badge(state: State<'_, AppState>, learner_id: Id, bytes: Vec<u8>) -> Result<BadgeImport, ApiError> {
    state.app()?.import_badge(learner_id, &bytes)
}

/// Verifies a stored badge offline.
#[tauri::command]
pub async fn check_badge(state: State<'_, AppState>, id: Id) -> Result<BadgeCheck, ApiError> {
    state.app()?.check_badge(id)
}

/// Asks where to save, then writes the badge's original credential file
/// (and, for JSON, its verification note beside it). `None` when the user cancelled.
#[tauri::command]
pub async fn share_badge<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    id: Id,
) -> Result<Option<BadgeShare>, ApiError> {
    let app = state.app()?.clone();
    let (name, ext) = app.share_badge_extension(learner_id, id)?;
    let file = format!("{}.{ext}", super::safe_file_stem(&name));
    let Some(path) = super::save_path(&handle, file, "Badge", &ext)? else { return Ok(None) };
    blocking(move || app.share_badge(learner_id, id, &path).map(Some)).await
}

/// Asks where to save, then writes a Verifiable Presentation of the badge
/// signed with the learner's own key. `None` when the user cancelled.
#[tauri::command]
pub async fn share_badge_presentation<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    id: Id,
) -> Result<Option<BadgePresentation>, ApiError> {
    let app = state.app()?.clone();
    let name = app.badge_presentation_name(learner_id, id)?;
    let file = format!("{}.presentation.json", super::safe_file_stem(&name));
    let Some(path) = super::save_path(&handle, file, "Verifiable presentation", "json")? else { return Ok(None) };
    blocking(move || app.share_badge_presentation(learner_id, id, &path).map(Some)).await
}

/// Opens LinkedIn's "Add licence or certification" page for the badge in
/// the system browser (the address is built offline); returns the address.
#[tauri::command]
pub async fn add_badge_to_linkedin<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    id: Id,
) -> Result<String, ApiError> {
    use tauri_plugin_opener::OpenerExt;
    let url = state.app()?.badge_linkedin_url(learner_id, id)?;
    handle
        .opener()
        .open_url(&url, None::<&str>)
        .map_err(|e| ApiError::invalid(format!("The browser could not be opened: {e}")))?;
    Ok(url)
}

/// Badge issuers whose keys are on this computer.
#[tauri::command]
pub async fn list_issuers(state: State<'_, AppState>) -> Result<Vec<Issuer>, ApiError> {
    state.app()?.issuers()
}

/// Creates an issuer with a new Ed25519 key.
#[tauri::command]
pub async fn create_issuer(state: State<'_, AppState>, name: String, self_asserted: bool) -> Result<Issuer, ApiError> {
    state.app()?.create_issuer(&name, self_asserted)
}

/// Issues a badge to a learner and adds it to their portfolio.
#[tauri::command]
pub async fn issue_badge(state: State<'_, AppState>, request: IssueRequest) -> Result<BadgeImport, ApiError> {
    state.app()?.issue_badge(&request).map(|(imported, _)| imported)
}

/// The issuer's private key encrypted with a passphrase, for backup.
#[tauri::command]
pub async fn export_issuer_key(state: State<'_, AppState>, id: String, passphrase: String) -> Result<String, ApiError> {
    state.app()?.export_issuer_key(&id, &passphrase)
}
