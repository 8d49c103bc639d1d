//! Nothing lost, nothing locked in: portfolio archives, backups and recovery.
//! File locations are chosen in native dialogs opened from Rust, so no path
//! ever crosses IPC.

use std::path::PathBuf;

use portfolio_archive::backup::{self, BackupInfo};
use portfolio_archive::{ImportMode, ImportReport, Scope};
use portfolio_domain::{ApiError, ErrorCode, Id};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::AppState;

fn backups_dir(state: &AppState) -> Result<PathBuf, ApiError> {
    state
        .data_dir()
        .map(|d| d.join("backups"))
        .ok_or_else(|| ApiError::new(ErrorCode::StoreUnavailable, "No data folder is in use."))
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Backups, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    Ok(backup::list(&backups_dir(&state)?)?)
}

/// Backs up every learner now.
#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    Ok(backup::create(state.store()?, &backups_dir(&state)?, "manual", now())?)
}

/// Replaces everything with a backup (the current state is backed up first).
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> Result<ImportReport, ApiError> {
    Ok(backup::restore(state.store()?, &backups_dir(&state)?, &name, now())?)
}

/// Asks where to save, then writes the learner's (or everyone's) portfolio
/// archive. `None` when the user cancelled.
#[tauri::command]
pub async fn export_archive<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Option<Id>,
    suggested_name: String,
) -> Result<Option<u64>, ApiError> {
    let store = state.store()?;
    let scope = learner_id.map(Scope::Learner).unwrap_or(Scope::All);
    let file: String = suggested_name.chars().filter(|c| c.is_alphanumeric() || " -_.".contains(*c)).collect();
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(format!("{}.lportfolio", file.trim()))
        .add_filter("Learner Portfolio archive", &["lportfolio"])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
    Ok(Some(portfolio_archive::export_to_file(store, scope, env!("CARGO_PKG_VERSION"), &path)?))
}

/// Asks for an archive, checks it, backs up, then imports it all or nothing.
/// `None` when the user cancelled.
#[tauri::command]
pub async fn import_archive<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    mode: ImportMode,
) -> Result<Option<ImportReport>, ApiError> {
    let store = state.store()?;
    let Some(path) =
        app.dialog().file().add_filter("Learner Portfolio archive", &["lportfolio", "zip"]).blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let bytes = std::fs::read(&path)
        .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("Could not read {}: {e}", path.display())))?;
    portfolio_archive::preview(store, &bytes, mode)?;
    if !store.learners()?.is_empty() {
        backup::create(store, &backups_dir(&state)?, "before-import", now())?;
    }
    Ok(Some(portfolio_archive::import(store, &bytes, mode)?))
}

/// When the store could not be opened: moves the damaged store aside (never
/// deletes it), rebuilds a store from backup `name`, and restarts the app.
#[tauri::command]
pub async fn recover_from_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<(), ApiError> {
    let Err(open_error) = state.store() else {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "The portfolio opened normally: use Restore in Backups instead.",
        ));
    };
    if open_error.code == ErrorCode::StoreInUse {
        return Err(open_error);
    }
    let data =
        state.data_dir().ok_or_else(|| ApiError::new(ErrorCode::StoreUnavailable, "No data folder is in use."))?;
    let store_dir = portfolio_store::paths::store_dir(data);
    let aside = data.join(format!("store-damaged-{}", now().format("%Y%m%d-%H%M%S")));
    std::fs::rename(&store_dir, &aside)
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not move the damaged store aside: {e}")))?;
    let fresh = portfolio_store::Store::open(&store_dir)?;
    backup::restore(&fresh, &backups_dir(&state)?, &name, now())?;
    drop(fresh);
    app.restart();
}
