//! The learning team: relay, invitations, joining, members, sync, comments,
//! plan sign-offs, confirmed hours, panelists' score sheets, the advisor's
//! caseload and conflict notes. Team use cases block on the sync engine, so every command runs
//! them on a blocking thread; invite files are chosen in native dialogs
//! opened here (no path crosses IPC).

use portfolio_app::{
    ApiError, CaseloadRow, Comment, CommentView, ConfirmedHours, ConflictNote, ExhibitionScores, HoursConfirmation,
    InviteOutcome, LearnerSync, PanelSheet, PlanSignature, PlanVerification, RelayKind, RemovalOutcome, SyncReport,
    SyncStatus, TeamSettings, TeamView, UnreadCount,
};
use portfolio_domain::{AuthorRole, Id, Learner, RecordKind, Score};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::AppState;

/// Runs `f` with the opened data folder on a blocking thread.
async fn with_app<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(portfolio_app::App) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = state.app()?.clone();
    blocking(move || f(app)).await
}

/// The learner's team as this device knows it; `None` when not shared.
#[tauri::command]
pub async fn team_view(state: State<'_, AppState>, learner_id: Id) -> Result<Option<TeamView>, ApiError> {
    with_app(state, move |app| app.team_if_shared(learner_id)).await
}

/// Shares the learner through the relay at `url` (or moves the team to it).
#[tauri::command]
pub async fn set_team_relay(
    state: State<'_, AppState>,
    learner_id: Id,
    url: String,
    kind: RelayKind,
) -> Result<TeamSettings, ApiError> {
    with_app(state, move |app| app.set_team_relay(learner_id, &url, kind)).await
}

/// Invites a person onto the team. With `save_file`, asks where to save the
/// `.invite` file first (`None` when the user cancelled); the outcome always
/// holds the invitation's text, to copy.
#[tauri::command]
pub async fn invite_to_team<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    role: AuthorRole,
    name: String,
    save_file: bool,
) -> Result<Option<InviteOutcome>, ApiError> {
    if !save_file {
        return with_app(state, move |app| app.invite(learner_id, role, &name).map(Some)).await;
    }
    let Some(path) = handle
        .dialog()
        .file()
        .set_file_name(format!("{}.invite", super::safe_file_stem(&name)))
        .add_filter("Invitation", &["invite"])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    with_app(state, move |app| app.invite_to_file(learner_id, role, &name, &path).map(Some)).await
}

/// Joins a team: from the pasted invitation `text`, or (without it) from an
/// `.invite` file chosen in the open dialog (`None` when the user cancelled).
#[tauri::command]
pub async fn join_team<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    text: Option<String>,
) -> Result<Option<Learner>, ApiError> {
    if let Some(text) = text {
        return with_app(state, move |app| app.join_team(&text).map(Some)).await;
    }
    let Some(path) = handle.dialog().file().add_filter("Invitation", &["invite"]).blocking_pick_file() else {
        return Ok(None);
    };
    let path = path.into_path().map_err(|e| ApiError::invalid(e.to_string()))?;
    with_app(state, move |app| app.join_team_file(&path).map(Some)).await
}

/// Removes a person (or an open invitation) from the team; says what they keep.
#[tauri::command]
pub async fn remove_member(
    state: State<'_, AppState>,
    learner_id: Id,
    did: String,
) -> Result<RemovalOutcome, ApiError> {
    with_app(state, move |app| app.remove_member(learner_id, &did)).await
}

/// One sync round with every relay now ("Sync now").
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncReport, ApiError> {
    with_app(state, move |app| app.sync()).await
}

/// One sync round for one learner now.
#[tauri::command]
pub async fn sync_learner(state: State<'_, AppState>, learner_id: Id) -> Result<LearnerSync, ApiError> {
    with_app(state, move |app| app.sync_one(learner_id)).await
}

/// The sync status (does not contact the relay).
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, ApiError> {
    with_app(state, move |app| app.sync_status()).await
}

/// The UI subscribes to the background sync's status (the latest channel
/// wins; the last status known is sent at once).
#[tauri::command]
pub fn watch_sync_status(state: State<'_, AppState>, channel: Channel<SyncStatus>) {
    state.background().watch(channel);
}

/// The comments on `on` (`KIND:ID` or `KIND:ID#PART`), oldest first, marked unread and feedback.
#[tauri::command]
pub async fn comment_thread(
    state: State<'_, AppState>,
    learner_id: Id,
    on: String,
) -> Result<Vec<CommentView>, ApiError> {
    with_app(state, move |app| app.comment_thread(learner_id, &on)).await
}

/// Comments on `on` as this device's person.
#[tauri::command]
pub async fn add_comment(
    state: State<'_, AppState>,
    learner_id: Id,
    on: String,
    text: String,
) -> Result<Comment, ApiError> {
    with_app(state, move |app| app.comment(learner_id, &on, &text)).await
}

/// Marks the comments on `on` read on this device; how many were unread.
#[tauri::command]
pub async fn mark_comments_read(state: State<'_, AppState>, learner_id: Id, on: String) -> Result<usize, ApiError> {
    with_app(state, move |app| app.mark_comments_read(learner_id, &on)).await
}

/// Unread comments of the learner, per target.
#[tauri::command]
pub async fn unread_comments(state: State<'_, AppState>, learner_id: Id) -> Result<Vec<UnreadCount>, ApiError> {
    with_app(state, move |app| app.unread_comments(learner_id)).await
}

/// Signs the plan's current revision with this device's key as `name`.
#[tauri::command]
pub async fn sign_plan_revision(
    state: State<'_, AppState>,
    learner_id: Id,
    plan_id: Id,
    name: String,
) -> Result<PlanSignature, ApiError> {
    with_app(state, move |app| app.sign_plan(learner_id, plan_id, &name)).await
}

/// Every signature on the plan, each checked.
#[tauri::command]
pub async fn verify_plan(
    state: State<'_, AppState>,
    learner_id: Id,
    plan_id: Id,
) -> Result<PlanVerification, ApiError> {
    with_app(state, move |app| app.verify_plan(learner_id, plan_id)).await
}

/// Confirms an experience's hours as this device's mentor or advisor.
#[tauri::command]
pub async fn confirm_hours(
    state: State<'_, AppState>,
    learner_id: Id,
    experience_id: Id,
    hours: f64,
) -> Result<HoursConfirmation, ApiError> {
    with_app(state, move |app| app.confirm_hours(learner_id, experience_id, hours)).await
}

/// Every confirmation of hours on the learner's experiences.
#[tauri::command]
pub async fn hours_confirmations(state: State<'_, AppState>, learner_id: Id) -> Result<Vec<ConfirmedHours>, ApiError> {
    with_app(state, move |app| app.hours_confirmations(learner_id)).await
}

/// Every learner on this device, sorted by who needs attention.
#[tauri::command]
pub async fn caseload(state: State<'_, AppState>) -> Result<Vec<CaseloadRow>, ApiError> {
    with_app(state, move |app| app.caseload()).await
}

/// The values other devices typed into the record's fields at the same time.
#[tauri::command]
pub async fn record_conflicts(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Id,
) -> Result<Vec<ConflictNote>, ApiError> {
    with_app(state, move |app| app.record_conflicts(kind, id)).await
}

/// Hands in this device's person's score sheet for an exhibition (sent at the next sync).
#[tauri::command]
pub async fn score_exhibition(
    state: State<'_, AppState>,
    learner_id: Id,
    exhibition_id: Id,
    scores: Vec<Score>,
    comment: String,
) -> Result<PanelSheet, ApiError> {
    with_app(state, move |app| app.score_exhibition(learner_id, exhibition_id, scores, &comment)).await
}

/// Every score sheet of an exhibition (the record's and the team's) with the criterion summary.
#[tauri::command]
pub async fn exhibition_scores(
    state: State<'_, AppState>,
    learner_id: Id,
    exhibition_id: Id,
) -> Result<ExhibitionScores, ApiError> {
    with_app(state, move |app| app.exhibition_scores(learner_id, exhibition_id)).await
}
