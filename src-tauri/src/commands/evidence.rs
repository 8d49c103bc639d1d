//! Evidence files: the UI sends a dropped or picked file's bytes as the raw
//! IPC body (no path crosses IPC); images come back through the `lp-media`
//! protocol, keyed by SHA-256 and size, never by path.

use portfolio_app::ApiError;
use portfolio_domain::{Id, RecordKind};
use portfolio_evidence::{AttachOutcome, Target};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::AppState;

/// The value of header `name`, refused with `invalid_input` when it is absent.
pub(crate) fn header<'a>(request: &'a Request<'_>, name: &str) -> Result<&'a str, ApiError> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::invalid(format!("The request lacks the {name} header.")))
}

/// Percent-decoding for the file name header (set with encodeURIComponent).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file's bytes sent as the raw request body (refused when the body is
/// JSON; the application layer checks the size).
pub(crate) fn raw_body(request: &Request<'_>) -> Result<Vec<u8>, ApiError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::invalid("The file's bytes must be sent as the raw request body."));
    };
    Ok(bytes.clone())
}

/// Imports one file (raw body; headers `x-kind`, `x-id`, `x-name`, and
/// `x-part` for a plan goal's id or an exhibition item's number, 1 = first)
/// and attaches it as evidence.
#[tauri::command]
pub async fn attach_evidence(request: Request<'_>, state: State<'_, AppState>) -> Result<AttachOutcome, ApiError> {
    let kind =
        RecordKind::parse(header(&request, "x-kind")?).ok_or_else(|| ApiError::invalid("Unknown record kind."))?;
    let id: Id = header(&request, "x-id")?.parse().map_err(|_| ApiError::invalid("The record id is not valid."))?;
    let name = decode(header(&request, "x-name")?);
    let part = header(&request, "x-part").ok().map(decode).filter(|p| !p.is_empty());
    let target = Target { kind, id, part };
    let bytes = raw_body(&request)?;
    let app = state.app()?.clone();
    blocking(move || app.attach_bytes(&target, &name, &bytes)).await
}

/// Opens a stored evidence file in the system's viewer (a read-only copy
/// named as the learner had it). Only Rust sees the path; the window has no
/// opener permission.
#[tauri::command]
pub async fn open_evidence<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    sha256: String,
) -> Result<(), ApiError> {
    let app = state.app()?.clone();
    let path = blocking(move || app.viewing_copy(learner_id, &sha256)).await?;
    handle.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(shown)
}

/// Shows a stored evidence file in the system's file manager (the original
/// in the media folder).
#[tauri::command]
pub async fn show_evidence_in_folder<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    sha256: String,
) -> Result<(), ApiError> {
    let path = state.app()?.original_path(learner_id, &sha256)?;
    handle.opener().reveal_item_in_dir(&path).map_err(shown)
}

fn shown(e: tauri_plugin_opener::Error) -> ApiError {
    ApiError::internal(format!("The system could not show the file: {e}"))
}
