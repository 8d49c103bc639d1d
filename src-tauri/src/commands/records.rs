//! Every record kind through one set of commands.

use portfolio_app::ApiError;
use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordCounts, RecordData, RecordKind};
use tauri::State;

use crate::AppState;

/// A learner's records of one kind, newest first, filtered by `query`.
#[tauri::command]
pub async fn list_records(
    state: State<'_, AppState>,
    learner_id: Id,
    kind: RecordKind,
    query: Option<String>,
) -> Result<Vec<AnyRecord>, ApiError> {
    state.app()?.list_records(learner_id, kind, query.as_deref().unwrap_or(""))
}

/// How many records of each kind a learner has.
#[tauri::command]
pub async fn record_counts(state: State<'_, AppState>, learner_id: Id) -> Result<RecordCounts, ApiError> {
    state.app()?.record_counts(learner_id)
}

/// One record.
#[tauri::command]
pub async fn get_record(state: State<'_, AppState>, kind: RecordKind, id: Id) -> Result<AnyRecord, ApiError> {
    state.app()?.record(kind, id)
}

/// Creates a record (written by the student; other roles arrive with the team features).
#[tauri::command]
pub async fn create_record(
    state: State<'_, AppState>,
    learner_id: Id,
    data: RecordData,
) -> Result<AnyRecord, ApiError> {
    state.app()?.create_record(learner_id, AuthorRole::Student, data)
}

/// Replaces a record's data.
#[tauri::command]
pub async fn update_record(state: State<'_, AppState>, id: Id, data: RecordData) -> Result<AnyRecord, ApiError> {
    state.app()?.update_record(id, data)
}

/// Deletes a record and returns it, so the UI can offer Undo.
#[tauri::command]
pub async fn delete_record(state: State<'_, AppState>, kind: RecordKind, id: Id) -> Result<AnyRecord, ApiError> {
    state.app()?.delete_record(kind, id)
}

/// Puts a deleted record back exactly as it was (Undo).
#[tauri::command]
pub async fn restore_record(state: State<'_, AppState>, record: AnyRecord) -> Result<AnyRecord, ApiError> {
    state.app()?.restore_record(&record)
}
