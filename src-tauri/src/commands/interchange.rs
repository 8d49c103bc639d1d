//! Other systems' formats: a Mahara (Leap2A) export in and out. Files are
//! chosen in native dialogs opened from Rust; no path crosses IPC.

use portfolio_app::{ApiError, Leap2aImported};
use portfolio_domain::Id;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::AppState;

/// Asks for a Leap2A export (a zip from Mahara, or a bare leap2a.xml) and
/// imports it as a learner. `None` when the user cancelled.
#[tauri::command]
pub async fn import_leap2a<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Leap2aImported>, ApiError> {
    let app = state.app()?.clone();
    let Some(path) = handle.dialog().file().add_filter("Leap2A export (Mahara)", &["zip", "xml"]).blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    blocking(move || app.import_leap2a_file(&path).map(|r| Some(Leap2aImported::from(&r)))).await
}

/// Asks where to save, then writes the learner's portfolio as a Leap2A zip
/// Mahara can import; the file's name, or `None` when the user cancelled.
#[tauri::command]
pub async fn export_leap2a<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    suggested_name: String,
) -> Result<Option<String>, ApiError> {
    let app = state.app()?.clone();
    let file = super::safe_file_stem(&suggested_name);
    let Some(path) = handle
        .dialog()
        .file()
        .set_file_name(format!("{file} (Leap2A).zip"))
        .add_filter("Leap2A export (Mahara)", &["zip"])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    blocking(move || app.export_leap2a(learner_id, &path).map(|_| Some(name))).await
}
