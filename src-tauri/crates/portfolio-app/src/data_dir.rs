//! The data folder and everything in it: the only place that spells a path.
//!
//! ```text
//! <data folder>/store/      the sled database
//! <data folder>/backups/    backup archives and store copies made before a migration
//! <data folder>/keys/       badge issuer keys (0600) and profiles
//! <data folder>/device/     this device's own key for the learner's team (device-key.json, 0600)
//! <data folder>/media/      evidence originals and derivatives (portfolio-media's layout)
//! <data folder>/media/viewing/<sha>/<name>   read-only copies for the system viewer
//! <data folder>/webview/    the desktop app's webview storage (UI settings such as zoom, caches)
//! ```
//!
//! Which folder: `--data-dir DIR`, else `$LEARNER_PORTFOLIO_DATA_DIR`, else
//! the platform's app-data folder named by [`APP_IDENTIFIER`]
//! (`~/.local/share/org.learnerportfolio.desktop` on Linux). A folder left
//! under the old identifier [`LEGACY_IDENTIFIER`] is moved to the new name
//! the first time (never copied, never deleted).

use std::path::{Path, PathBuf};

/// The app's identifier (as in tauri.conf.json); names the app-data folder.
pub const APP_IDENTIFIER: &str = "org.learnerportfolio.desktop";
/// The identifier used before 0.2 (it ended in `.app`, which clashes with
/// macOS application bundles); its folder is moved to [`APP_IDENTIFIER`].
pub const LEGACY_IDENTIFIER: &str = "org.learnerportfolio.app";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "LEARNER_PORTFOLIO_DATA_DIR";

/// A data folder. Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

/// Which data folder to use, and what was done to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The folder; `None` when none could be determined (no home folder).
    pub dir: Option<DataDir>,
    /// A sentence worth logging (the folder was moved from the old name, or
    /// could not be and the old one is used).
    pub note: Option<String>,
}

impl DataDir {
    /// The data folder at `root` (nothing is created).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The folder to use: `explicit` if given, else `$LEARNER_PORTFOLIO_DATA_DIR`,
    /// else the platform's app-data folder (moving a legacy one, see the module docs).
    pub fn resolve(explicit: Option<&Path>) -> Resolved {
        let env = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()).map(PathBuf::from);
        Self::resolve_in(explicit, env.as_deref(), dirs::data_dir().as_deref())
    }

    /// [`DataDir::resolve`] with the environment and the platform folder given
    /// (testable without touching the real ones).
    pub fn resolve_in(explicit: Option<&Path>, env: Option<&Path>, platform: Option<&Path>) -> Resolved {
        if let Some(p) = explicit.or(env) {
            return Resolved { dir: Some(DataDir::new(p)), note: None };
        }
        let Some(platform) = platform else { return Resolved { dir: None, note: None } };
        let (new, old) = (platform.join(APP_IDENTIFIER), platform.join(LEGACY_IDENTIFIER));
        if new.exists() || !old.is_dir() {
            return Resolved { dir: Some(DataDir::new(new)), note: None };
        }
        match std::fs::rename(&old, &new) {
            Ok(()) => Resolved {
                dir: Some(DataDir::new(&new)),
                note: Some(format!("moved the data folder from {} to {}", old.display(), new.display())),
            },
            Err(e) => Resolved {
                note: Some(format!(
                    "could not move the data folder from {} to {} ({e}); using it where it is",
                    old.display(),
                    new.display()
                )),
                dir: Some(DataDir::new(old)),
            },
        }
    }

    /// The data folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The sled store.
    pub fn store(&self) -> PathBuf {
        self.root.join("store")
    }

    /// Evidence files and learners' photos.
    pub fn media(&self) -> PathBuf {
        self.root.join("media")
    }

    /// Backup archives, and store copies made before a schema migration.
    pub fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// Badge issuer keys and profiles.
    pub fn keys(&self) -> PathBuf {
        self.root.join("keys")
    }

    /// This device's key for team sync and sign-offs (`device-key.json`),
    /// apart from the badge issuer keys.
    pub fn device_key(&self) -> PathBuf {
        self.root.join("device")
    }

    /// Read-only copies of evidence handed to the system viewer (emptied by the clean-up).
    pub fn viewing(&self) -> PathBuf {
        self.media().join("viewing")
    }

    /// The desktop app's webview storage (localStorage with UI settings such
    /// as the zoom level, WebKit's caches), so each data folder has its own
    /// and nothing lands in the platform's app-data folder when another data
    /// folder is used.
    pub fn webview(&self) -> PathBuf {
        self.root.join("webview")
    }

    /// Where a damaged store is moved aside before recovery (`store-damaged-<time>`).
    pub fn damaged_store(&self, now: chrono::DateTime<chrono::Utc>) -> PathBuf {
        self.root.join(format!("store-damaged-{}", now.format("%Y%m%d-%H%M%S")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_then_environment_then_platform() {
        let (a, b, c) = (Path::new("/a"), Path::new("/b"), Path::new("/c"));
        assert_eq!(DataDir::resolve_in(Some(a), Some(b), Some(c)).dir.unwrap().root(), a);
        assert_eq!(DataDir::resolve_in(None, Some(b), Some(c)).dir.unwrap().root(), b);
        assert_eq!(DataDir::resolve_in(None, None, Some(c)).dir.unwrap().root(), c.join(APP_IDENTIFIER));
        assert_eq!(DataDir::resolve_in(None, None, None).dir, None);
    }

    #[test]
    fn a_legacy_folder_is_moved_once_and_nothing_is_lost() {
        let platform = tempfile::tempdir().unwrap();
        let old = platform.path().join(LEGACY_IDENTIFIER);
        std::fs::create_dir_all(old.join("store")).unwrap();
        std::fs::write(old.join("store").join("db"), b"records").unwrap();
        let r = DataDir::resolve_in(None, None, Some(platform.path()));
        let dir = r.dir.unwrap();
        assert_eq!(dir.root(), platform.path().join(APP_IDENTIFIER));
        assert!(r.note.unwrap().starts_with("moved the data folder"));
        assert_eq!(std::fs::read(dir.store().join("db")).unwrap(), b"records");
        assert!(!old.exists());
        // Next start: nothing to move.
        assert_eq!(DataDir::resolve_in(None, None, Some(platform.path())).note, None);
        // A new folder already there wins; the old one is left alone.
        std::fs::create_dir_all(&old).unwrap();
        let again = DataDir::resolve_in(None, None, Some(platform.path()));
        assert_eq!(again.dir.unwrap().root(), platform.path().join(APP_IDENTIFIER));
        assert!(old.is_dir());
    }
}
