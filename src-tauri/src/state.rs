//! The app's managed state: the data folder and the store, opened once.

use std::path::PathBuf;
use std::sync::OnceLock;

use portfolio_domain::{ApiError, ErrorCode};
use portfolio_store::{paths, Store};

/// Managed by Tauri; shared by every command.
pub struct AppState {
    data_dir: Option<PathBuf>,
    store: OnceLock<Result<Store, ApiError>>,
    media: OnceLock<Result<portfolio_media::MediaStore, ApiError>>,
    drops: crate::filedrop::Drops,
}

impl AppState {
    /// State for the data folder `data_dir` (None: none could be determined).
    /// The store is opened on first use.
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        AppState { data_dir, store: OnceLock::new(), media: OnceLock::new(), drops: Default::default() }
    }

    /// The media folder (evidence files), opened on first use.
    pub fn media(&self) -> Result<&portfolio_media::MediaStore, ApiError> {
        self.media.get_or_init(|| portfolio_evidence::open_media(self.store()?)).as_ref().map_err(Clone::clone)
    }

    /// Files dropped on the window from other programs.
    pub fn drops(&self) -> &crate::filedrop::Drops {
        &self.drops
    }

    /// The data folder, if one could be determined.
    pub fn data_dir(&self) -> Option<&std::path::Path> {
        self.data_dir.as_deref()
    }

    /// The data folder, for display.
    pub fn data_dir_display(&self) -> String {
        self.data_dir.as_ref().map(|d| d.display().to_string()).unwrap_or_default()
    }

    /// The store, opening it the first time. If it cannot be opened, every
    /// call says why (the app shows that instead of an empty workspace).
    pub fn store(&self) -> Result<&Store, ApiError> {
        self.store
            .get_or_init(|| {
                let dir = self.data_dir.as_ref().ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::StoreUnavailable,
                        "No folder for your portfolio could be found. Start the app with --data-dir FOLDER.",
                    )
                })?;
                // A process that just quit (a restart, the CLI) may still be
                // releasing the lock: wait briefly before saying "in use".
                let started = std::time::Instant::now();
                loop {
                    match Store::open(paths::store_dir(dir)) {
                        Err(portfolio_store::StoreError::InUse { .. }) if started.elapsed().as_millis() < 3000 => {
                            std::thread::sleep(std::time::Duration::from_millis(50))
                        }
                        other => return Ok(other?),
                    }
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}
