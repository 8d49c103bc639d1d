//! [`App`]: an opened data folder (store and media folder), the value every
//! use case is a method of.

use std::time::{Duration, Instant};

use portfolio_media::MediaStore;
use portfolio_store::{Store, StoreError};

use crate::{ApiError, DataDir, ErrorCode, Result};

/// An opened data folder. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct App {
    dir: DataDir,
    store: Store,
    media: MediaStore,
    /// The team sync engine, started on first use (see [`crate::team`]).
    team: crate::team::EngineSlot,
}

impl App {
    /// Opens the store and the media folder of `dir`. A store another
    /// process is still releasing (a restart, the CLI) is waited for up to
    /// `wait` before the answer is "in use".
    pub fn open(dir: &DataDir, wait: Duration) -> Result<App> {
        let started = Instant::now();
        let store = loop {
            match Store::open_with_backups(dir.store(), &dir.backups()) {
                Err(StoreError::InUse { .. }) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                other => break other?,
            }
        };
        let media = MediaStore::open(dir.media())?;
        Ok(App { dir: dir.clone(), store, media, team: Default::default() })
    }

    /// Opens the folder `resolved` found (see [`DataDir::resolve`]), saying
    /// in one sentence when there is none.
    pub fn open_resolved(dir: Option<&DataDir>, wait: Duration) -> Result<App> {
        let dir = dir.ok_or_else(|| {
            ApiError::new(
                ErrorCode::StoreUnavailable,
                "No folder for your portfolio could be found: pass --data-dir FOLDER.",
            )
        })?;
        App::open(dir, wait)
    }

    /// The data folder.
    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    /// The store (for reading; every change goes through a use case).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn engine_slot(&self) -> &crate::team::EngineSlot {
        &self.team
    }

    /// The media folder.
    pub fn media(&self) -> &MediaStore {
        &self.media
    }
}
