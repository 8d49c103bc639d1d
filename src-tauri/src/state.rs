//! The app's managed state: the data folder, opened once, and files dropped
//! on the window.

use std::sync::OnceLock;
use std::time::Duration;

use portfolio_app::{ApiError, App, DataDir};

/// How long a store another process is still releasing is waited for.
const OPEN_WAIT: Duration = Duration::from_secs(3);

/// Managed by Tauri; shared by every command.
pub struct AppState {
    data_dir: Option<DataDir>,
    app: OnceLock<Result<App, ApiError>>,
    drops: crate::filedrop::Drops,
    background: crate::background::Background,
}

impl AppState {
    /// State for the data folder `data_dir` (None: none could be determined).
    /// It is opened on first use.
    pub fn new(data_dir: Option<DataDir>) -> Self {
        AppState { data_dir, app: OnceLock::new(), drops: Default::default(), background: Default::default() }
    }

    /// The opened data folder, opening it the first time. If it cannot be
    /// opened, every call says why (the app shows that instead of an empty
    /// workspace).
    pub fn app(&self) -> Result<&App, ApiError> {
        self.app.get_or_init(|| App::open_resolved(self.data_dir.as_ref(), OPEN_WAIT)).as_ref().map_err(Clone::clone)
    }

    /// The data folder, if one could be determined.
    pub fn data_dir(&self) -> Option<&DataDir> {
        self.data_dir.as_ref()
    }

    /// The data folder, for display.
    pub fn data_dir_display(&self) -> String {
        self.data_dir.as_ref().map(|d| d.root().display().to_string()).unwrap_or_default()
    }

    /// The background sync and the window's subscription to its status.
    pub fn background(&self) -> &crate::background::Background {
        &self.background
    }

    /// Files dropped on the window from other programs.
    pub fn drops(&self) -> &crate::filedrop::Drops {
        &self.drops
    }
}
