//! About the app itself.

use portfolio_domain::AppStatus;
use tauri::State;

use crate::AppState;

/// Version, data folder, and whether the store opened.
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ()> {
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir_display(),
        store_error: state.store().err(),
    })
}
