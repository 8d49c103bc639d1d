//! Nothing lost, nothing locked in: portfolio archives, backups and recovery.
//! File locations are chosen in native dialogs opened from Rust, so no path
//! ever crosses IPC.

use portfolio_app::{ApiError, App};
use portfolio_archive::backup::BackupInfo;
use portfolio_archive::{ImportMode, ImportReport, Scope};
use portfolio_domain::Id;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::AppState;

/// Backups, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    state.app()?.backups()
}

/// Backs up every learner now.
#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    let app = state.app()?.clone();
    blocking(move || app.create_backup("manual")).await
}

/// Replaces everything with a backup (the current state is backed up first).
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> Result<ImportReport, ApiError> {
    let app = state.app()?.clone();
    blocking(move || app.restore_backup(&name)).await
}

/// Asks where to save, then writes the learner's (or everyone's) portfolio
/// archive; its size in bytes. `None` when the user cancelled.
#[tauri::command]
pub async fn export_archive<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Option<Id>,
    suggested_name: String,
) -> Result<Option<u64>, ApiError> {
    let app = state.app()?.clone();
    let file = super::safe_file_stem(&suggested_name);
    let Some(path) = handle
        .dialog()
        .file()
        .set_file_name(format!("{file}.lportfolio"))
        .add_filter("Learner Portfolio archive", &["lportfolio"])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    let scope = learner_id.map(Scope::Learner).unwrap_or(Scope::All);
    blocking(move || app.export_archive(scope, &path).map(|r| Some(r.size))).await
}

/// Asks for an archive, checks it, backs up, then imports it all or nothing.
/// `None` when the user cancelled.
#[tauri::command]
pub async fn import_archive<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    mode: ImportMode,
) -> Result<Option<ImportReport>, ApiError> {
    let app = state.app()?.clone();
    let Some(path) =
        handle.dialog().file().add_filter("Learner Portfolio archive", &["lportfolio", "zip"]).blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    blocking(move || {
        let planned = app.plan_archive_import(&path, mode)?;
        app.import_archive(planned).map(Some)
    })
    .await
}

/// When the store could not be opened: moves the damaged store aside (never
/// deletes it), rebuilds a store from backup `name`, and restarts the app.
#[tauri::command]
pub async fn recover_from_backup<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<(), ApiError> {
    let Err(open_error) = state.app() else {
        return Err(ApiError::invalid("The portfolio opened normally: use Restore in Backups instead."));
    };
    let dir = state.data_dir().ok_or_else(|| open_error.clone())?.clone();
    blocking(move || App::recover_from_backup(&dir, &open_error, &name)).await?;
    handle.restart();
}
