//! About the app itself.

use portfolio_app::AppStatus;
use tauri::State;

use crate::AppState;

/// Version, data folder, and whether the store opened.
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ()> {
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir_display(),
        store_error: state.app().err(),
    })
}

/// The UI calls this once its first frame is painted. Logs the time since the
/// process started (the cold-start figure `.ci/bench.sh` reads) and, when
/// `LP_BENCH_EXIT_ON_READY` is set, exits: that is how the benchmark measures.
#[tauri::command]
pub async fn app_ready<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<(), ()> {
    let ms = crate::started().elapsed().as_millis();
    eprintln!("learner-portfolio: first paint after {ms} ms");
    if std::env::var_os("LP_BENCH_EXIT_ON_READY").is_some() {
        app.exit(0);
    }
    Ok(())
}
