//! Where a portfolio lives on disk.
//!
//! The data folder (`--data-dir`, `LEARNER_PORTFOLIO_DATA_DIR`, or the platform's
//! app-data folder for [`APP_IDENTIFIER`]) holds the sled store in `store/`;
//! later features keep media and backups beside it.

use std::path::{Path, PathBuf};

/// The app's identifier (as in tauri.conf.json); names the app-data folder.
pub const APP_IDENTIFIER: &str = "org.learnerportfolio.app";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "LEARNER_PORTFOLIO_DATA_DIR";

/// The data folder: `explicit` if given, else `$LEARNER_PORTFOLIO_DATA_DIR`,
/// else the platform app-data folder (`~/.local/share/org.learnerportfolio.app` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
}

/// The store folder inside a data folder.
pub fn store_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("store")
}
