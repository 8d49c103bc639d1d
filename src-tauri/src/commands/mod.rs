//! IPC commands: thin adapters from the UI to the application layer
//! (`portfolio-app`). Each command decodes its arguments, opens a native
//! dialog when it needs a file, calls one use case and returns
//! `Result<T, ApiError>`; the UI receives errors as `{code, message, fields}`.
//! Commands run off the main thread (`async`), so a slow disk never freezes
//! the window. The list of commands is written once, in `list.rs`.

pub mod app;
pub mod archives;
pub mod badges;
pub mod documents;
pub mod evidence;
pub mod interchange;
pub mod learners;
pub mod learning_loop;
pub mod records;
pub mod showcases;
pub mod team;

use tauri::ipc::Invoke;
use tauri::Runtime;

use crate::filedrop;

macro_rules! commands {
    ($($module:ident :: $command:ident),* $(,)?) => {
        /// Every command's name, from `list.rs` (the same list build.rs reads).
        pub const NAMES: &[&str] = &[$(stringify!($command)),*];

        /// The invoke handler with every command of `list.rs`.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$command),*]
        }
    };
}

include!("list.rs");

/// The opened data folder, or why it is not open; and the blocking work of a
/// use case moved off the async workers (decoding photos, rendering PDFs).
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, portfolio_app::ApiError> + Send + 'static,
) -> Result<T, portfolio_app::ApiError> {
    tauri::async_runtime::spawn_blocking(work).await.map_err(|e| portfolio_app::ApiError::internal(e.to_string()))?
}

/// A name the UI suggests for a file to save, reduced to letters, digits,
/// spaces and `-_.` (no folders, no control characters), trimmed.
pub(crate) fn safe_file_stem(suggested: &str) -> String {
    let kept: String = suggested.chars().filter(|c| c.is_alphanumeric() || " -_.".contains(*c)).collect();
    kept.trim().to_string()
}

/// Asks where to save a file (the native save dialog, opened in Rust) with
/// `file_name` suggested and one filter; `None` when the user cancelled.
pub(crate) fn save_path<R: Runtime>(
    handle: &tauri::AppHandle<R>,
    file_name: String,
    filter: &str,
    extension: &str,
) -> Result<Option<std::path::PathBuf>, portfolio_app::ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let Some(path) =
        handle.dialog().file().set_file_name(file_name).add_filter(filter, &[extension]).blocking_save_file()
    else {
        return Ok(None);
    };
    path.into_path().map(Some).map_err(|e| portfolio_app::ApiError::invalid(e.to_string()))
}
