//! Evidence files: the UI sends a dropped or picked file's bytes as the raw
//! IPC body (no path crosses IPC); images come back through the `lp-media`
//! protocol, keyed by SHA-256 and size, never by path.

use portfolio_domain::{ApiError, ErrorCode, Id, RecordKind};
use portfolio_evidence::AttachOutcome;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::AppState;

/// Largest evidence file accepted (the media crate also enforces its own cap).
const MAX_BYTES: usize = 200 * 1024 * 1024;

/// The value of header `name`, refused with `invalid_input` when it is absent.
pub(crate) fn header<'a>(request: &'a Request<'_>, name: &str) -> Result<&'a str, ApiError> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("The request lacks the {name} header.")))
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
/// JSON or larger than 200 MB); `name` is the file's name, for the message.
pub(crate) fn raw_body(request: &Request<'_>, name: &str) -> Result<Vec<u8>, ApiError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::new(ErrorCode::InvalidInput, "The file's bytes must be sent as the raw request body."));
    };
    if bytes.len() > MAX_BYTES {
        return Err(ApiError::new(ErrorCode::InvalidInput, format!("\u{201c}{name}\u{201d} is larger than 200 MB.")));
    }
    Ok(bytes.clone())
}

/// Imports one file (raw body; headers `x-kind`, `x-id`, `x-name`, and
/// `x-part` for a plan goal's id or an exhibition item's number, 1 = first)
/// and attaches it as evidence.
#[tauri::command]
pub async fn attach_evidence(request: Request<'_>, state: State<'_, AppState>) -> Result<AttachOutcome, ApiError> {
    let kind = RecordKind::parse(header(&request, "x-kind")?)
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "Unknown record kind."))?;
    let id: Id = header(&request, "x-id")?
        .parse()
        .map_err(|_| ApiError::new(ErrorCode::InvalidInput, "The record id is not valid."))?;
    let name = decode(header(&request, "x-name")?);
    let part = header(&request, "x-part").ok().map(decode).filter(|p| !p.is_empty());
    let target = portfolio_evidence::Target { kind, id, part };
    let bytes = raw_body(&request, &name)?;
    let store = state.store()?.clone();
    let media = state.media()?.clone();
    // Decoding and resizing are CPU work: keep them off the async workers.
    tauri::async_runtime::spawn_blocking(move || {
        portfolio_evidence::attach_bytes_to(&store, &media, &target, &name, &bytes)
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

/// How evidence is handed to the system: opened in its viewer, or shown in
/// the file manager.
#[derive(Clone, Copy)]
enum Hand {
    Open,
    Reveal,
}

/// Finds evidence `sha256` of learner `learner_id` (refused with `not_found`
/// unless the learner's portfolio has it and the file is stored) and hands it
/// to the system. Only Rust sees the path; the window has no opener permission.
async fn hand_over<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    sha256: String,
    how: Hand,
) -> Result<(), ApiError> {
    let store = state.store()?.clone();
    let media = state.media()?.clone();
    let path = tauri::async_runtime::spawn_blocking(move || match how {
        // A named, read-only copy: the original is named by its hash and must not change.
        Hand::Open => portfolio_evidence::viewing_copy(
            &store,
            &media,
            learner_id,
            &sha256,
            &portfolio_evidence::viewing_dir(&media),
        ),
        Hand::Reveal => portfolio_evidence::original_of(&store, &media, learner_id, &sha256).map(|(p, _)| p),
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))??;
    let result = match how {
        Hand::Open => app.opener().open_path(path.to_string_lossy(), None::<&str>),
        Hand::Reveal => app.opener().reveal_item_in_dir(&path),
    };
    result.map_err(|e| ApiError::new(ErrorCode::Internal, format!("The system could not show the file: {e}")))
}

/// Opens a stored evidence file in the system's viewer (a read-only copy
/// named as the learner had it).
#[tauri::command]
pub async fn open_evidence<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    sha256: String,
) -> Result<(), ApiError> {
    hand_over(app, state, learner_id, sha256, Hand::Open).await
}

/// Shows a stored evidence file in the system's file manager (the original
/// in the media folder).
#[tauri::command]
pub async fn show_evidence_in_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    learner_id: Id,
    sha256: String,
) -> Result<(), ApiError> {
    hand_over(app, state, learner_id, sha256, Hand::Reveal).await
}
