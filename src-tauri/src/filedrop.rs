//! Files dropped on the window from another program. The webview's own drop
//! events do not carry files from a file manager on every platform (WebKitGTK
//! offers them as `text/uri-list` only), so the shell takes the drop from the
//! window (Tauri's drag-drop events: Rust receives the paths from the system)
//! and tells the UI where it happened through a channel. The UI picks the
//! drop zone under that point and asks for each file's bytes by token and
//! index: no path ever crosses IPC, and only files the user dropped can be read.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use portfolio_app::{ApiError, ErrorCode, FileDropEvent};
use tauri::ipc::{Channel, Response};
use tauri::{DragDropEvent, Manager, Runtime, State, Window};

use crate::AppState;

/// The last token given out, and the last few drops by token.
type Kept = (u32, VecDeque<(u32, Vec<PathBuf>)>);

/// Dropped files kept for the UI to read (the last few drops).
#[derive(Default)]
pub struct Drops {
    channel: Mutex<Option<Channel<FileDropEvent>>>,
    kept: Mutex<Kept>,
}

const KEEP: usize = 8;

fn name_of(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Handles a window's drag-drop event (registered in `configure`).
pub fn on_drag_drop<R: Runtime>(window: &Window<R>, event: &DragDropEvent) {
    let state = window.state::<AppState>();
    let drops = state.drops();
    let scale = window.scale_factor().unwrap_or(1.0).max(0.1);
    let (phase, position, paths) = match event {
        DragDropEvent::Enter { paths, position } => ("over", Some(*position), Some(paths.clone())),
        DragDropEvent::Over { position } => ("over", Some(*position), None),
        DragDropEvent::Drop { paths, position } => ("drop", Some(*position), Some(paths.clone())),
        DragDropEvent::Leave => ("leave", None, None),
        _ => return,
    };
    let (x, y) = position.map(|p| (p.x / scale, p.y / scale)).unwrap_or((0.0, 0.0));
    let mut token = 0;
    let names = paths.as_deref().map(|ps| ps.iter().map(|p| name_of(p)).collect()).unwrap_or_default();
    if let (true, Some(paths)) = (phase == "drop", paths) {
        token = keep(drops, paths);
    }
    let channel = drops.channel.lock().ok().and_then(|c| c.clone());
    if let Some(channel) = channel {
        let _ = channel.send(FileDropEvent { phase: phase.into(), x, y, token, names });
    }
}

/// The UI subscribes to drops from other programs (the latest channel wins).
#[tauri::command]
pub fn watch_file_drops(state: State<'_, AppState>, channel: Channel<FileDropEvent>) {
    if let Ok(mut c) = state.drops().channel.lock() {
        *c = Some(channel);
    }
}

/// The bytes of file `index` of drop `token`, as the raw response body.
#[tauri::command]
pub async fn dropped_file(state: State<'_, AppState>, token: u32, index: u32) -> Result<Response, ApiError> {
    let path = state
        .drops()
        .kept
        .lock()
        .ok()
        .and_then(|k| k.1.iter().find(|(t, _)| *t == token).and_then(|(_, ps)| ps.get(index as usize).cloned()))
        .ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "That dropped file is no longer available: drop it again.")
        })?;
    let name = name_of(&path);
    let meta = std::fs::metadata(&path).map_err(|e| {
        ApiError::new(ErrorCode::InvalidInput, format!("\u{201c}{name}\u{201d} could not be read: {e}."))
    })?;
    if meta.is_dir() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("\u{201c}{name}\u{201d} is a folder: open it and drop the files inside."),
        ));
    }
    if meta.len() > portfolio_app::files::MAX_EVIDENCE_BYTES {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "\u{201c}{name}\u{201d} is too large ({} MB; the limit is {} MB).",
                meta.len() / 1_000_000,
                portfolio_app::files::MAX_EVIDENCE_BYTES / 1_000_000
            ),
        ));
    }
    let bytes = tauri::async_runtime::spawn_blocking(move || std::fs::read(&path))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
        .map_err(|e| {
            ApiError::new(ErrorCode::InvalidInput, format!("\u{201c}{name}\u{201d} could not be read: {e}."))
        })?;
    Ok(Response::new(bytes))
}

/// Keeps a drop's paths for `dropped_file`; its token.
fn keep(drops: &Drops, paths: Vec<PathBuf>) -> u32 {
    let Ok(mut kept) = drops.kept.lock() else { return 0 };
    kept.0 = kept.0.wrapping_add(1).max(1);
    let token = kept.0;
    kept.1.push_back((token, paths));
    while kept.1.len() > KEEP {
        kept.1.pop_front();
    }
    token
}

/// Test hook for the IPC tests: records a drop as the window would.
#[doc(hidden)]
pub fn record_drop(state: &AppState, paths: Vec<PathBuf>) -> u32 {
    keep(state.drops(), paths)
}
