//! Open Badges: import a file the user picked or dropped, and check a stored
//! badge offline each time it is shown.

use portfolio_backpack::{BadgeCheck, BadgeImport};
use portfolio_domain::{ApiError, ErrorCode, Id};
use tauri::State;

use crate::AppState;

/// Largest badge file accepted over IPC (baked images are small).
const MAX_BADGE_BYTES: usize = 20 * 1024 * 1024;

/// Imports a badge file's bytes into a learner's portfolio.
#[tauri::command]
pub async fn import_badge(state: State<'_, AppState>, learner_id: Id, bytes: Vec<u8>) -> Result<BadgeImport, ApiError> {
    if bytes.len() > MAX_BADGE_BYTES {
        return Err(ApiError::new(ErrorCode::InvalidInput, "This file is too large to be a badge (more than 20 MB)."));
    }
    portfolio_backpack::import(state.store()?, learner_id, &bytes, chrono::Utc::now())
}

/// Verifies a stored badge offline.
#[tauri::command]
pub async fn check_badge(state: State<'_, AppState>, id: Id) -> Result<BadgeCheck, ApiError> {
    portfolio_backpack::check(state.store()?, id, chrono::Utc::now())
}

/// Badge issuers whose keys are on this computer.
#[tauri::command]
pub async fn list_issuers(state: State<'_, AppState>) -> Result<Vec<portfolio_backpack::issuing::Issuer>, ApiError> {
    portfolio_backpack::issuing::issuers(state.store()?)
}

/// Creates an issuer with a new Ed25519 key.
#[tauri::command]
pub async fn create_issuer(
    state: State<'_, AppState>,
    name: String,
    self_asserted: bool,
) -> Result<portfolio_backpack::issuing::Issuer, ApiError> {
    portfolio_backpack::issuing::create_issuer(state.store()?, &name, self_asserted)
}

/// Issues a badge to a learner and adds it to their portfolio.
#[tauri::command]
pub async fn issue_badge(
    state: State<'_, AppState>,
    request: portfolio_backpack::issuing::IssueRequest,
) -> Result<BadgeImport, ApiError> {
    portfolio_backpack::issuing::issue(state.store()?, &request, chrono::Utc::now()).map(|(imported, _)| imported)
}

/// The issuer's private key encrypted with a passphrase, for backup.
#[tauri::command]
pub async fn export_issuer_key(state: State<'_, AppState>, id: String, passphrase: String) -> Result<String, ApiError> {
    portfolio_backpack::issuing::export_issuer_key(state.store()?, &id, &passphrase)
}
