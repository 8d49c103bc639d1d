//! Print documents: the Learning Plan, the exhibition packet and the progress
//! summary as PDF. The document is made first (so a missing plan is reported
//! before anything is asked), then saved where the user chooses in a native
//! dialog opened from Rust, and optionally opened in the system's viewer.
//! No path crosses IPC.

use portfolio_app::ApiError;
use portfolio_documents::{ExportedDocument, Paper, RenderRequest};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::AppState;

/// The paper size usual for a locale (`en-US` → Letter, else A4), for the
/// export dialog's default.
#[tauri::command]
pub fn paper_for_locale(locale: String) -> Paper {
    Paper::for_locale(&locale)
}

/// Renders a document, asks where to save it, writes it, and opens it if
/// `open` is set. `None` when the user cancelled the save dialog.
#[tauri::command]
pub async fn export_document<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    request: RenderRequest,
    open: bool,
) -> Result<Option<ExportedDocument>, ApiError> {
    let app = state.app()?.clone();
    let (bytes, report) = blocking(move || app.render(&request)).await?;
    let mut dialog = handle.dialog().file().set_title("Save the PDF");
    if let Ok(documents) = handle.path().document_dir() {
        if documents.is_dir() {
            dialog = dialog.set_directory(documents);
        }
    }
    let Some(path) = dialog.set_file_name(&report.file_name).add_filter("PDF document", &["pdf"]).blocking_save_file()
    else {
        return Ok(None);
    };
    let mut path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    if path.extension().is_none() {
        path.set_extension("pdf");
    }
    portfolio_app::files::write(&path, &bytes)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let opened = open && handle.opener().open_path(path.to_string_lossy(), None::<&str>).is_ok();
    Ok(Some(ExportedDocument { report, file_name, opened }))
}
