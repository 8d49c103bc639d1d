//! Showcases: export as a website (a folder or a .zip) or a PDF. The
//! showcase is checked first (a Private journal entry is refused before
//! anything is asked), then the native dialog opened from Rust says where.
//! Creating and editing showcases are the generic record commands. No path
//! crosses IPC.

use portfolio_app::ApiError;
use portfolio_documents::Paper;
use portfolio_domain::Id;
use portfolio_showcase::ShowcaseExport;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::AppState;

/// Exports showcase `showcase_id` as `format` (`folder`, `zip` or `pdf`;
/// `paper` for the PDF). `None` when the user cancelled the dialog.
#[tauri::command]
pub async fn export_showcase<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    showcase_id: Id,
    format: String,
    paper: Option<Paper>,
) -> Result<Option<ShowcaseExport>, ApiError> {
    if !["folder", "zip", "pdf"].contains(&format.as_str()) {
        return Err(ApiError::invalid(format!("Unknown export format {format}: use folder, zip or pdf.")));
    }
    let app = state.app()?.clone();
    let check = app.clone();
    let name = blocking(move || check.showcase_exportable(learner_id, showcase_id)).await?;
    let mut dialog = handle.dialog().file();
    if let Ok(documents) = handle.path().document_dir() {
        if documents.is_dir() {
            dialog = dialog.set_directory(documents);
        }
    }
    let picked = match format.as_str() {
        "folder" => dialog.set_title("Choose an empty folder for the website").blocking_pick_folder(),
        "zip" => dialog
            .set_title("Save the website as a .zip")
            .set_file_name(format!("{name}.zip"))
            .add_filter("Zip archive", &["zip"])
            .blocking_save_file(),
        _ => dialog
            .set_title("Save the PDF")
            .set_file_name(format!("{name}.pdf"))
            .add_filter("PDF document", &["pdf"])
            .blocking_save_file(),
    };
    let Some(path) = picked else { return Ok(None) };
    let mut path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    if format != "folder" && path.extension().is_none() {
        path.set_extension(&format);
    }
    let report = blocking(move || match format.as_str() {
        "pdf" => app.export_showcase_pdf(learner_id, showcase_id, &path, paper.unwrap_or_default()),
        _ => app.export_showcase_site(learner_id, showcase_id, &path),
    })
    .await?;
    Ok(Some(report))
}
