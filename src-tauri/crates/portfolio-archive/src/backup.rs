//! Automatic backups: whole-store archives in `<data folder>/backups/`.
//!
//! Policy (documented in FORMAT.md too):
//! - a backup is made before every archive import, before every restore, and
//!   once a day while the app is used (`daily_if_due`);
//! - the store crate copies the raw store folder aside before a schema
//!   migration (`store-before-migration-*`), since an older schema cannot be
//!   exported by this version;
//! - the newest [`KEEP`] archives are kept; older ones are deleted.
//!
//! File names: `backup-YYYYMMDD-HHMMSS-<reason>.lportfolio` (UTC), so names
//! sort by time.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use portfolio_media::MediaStore;
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    export_to_file, read_archive_file, ArchiveError, ImportMode, ImportReport, Limits, Result, Scope, EXTENSION,
};

fn io(path: &Path, e: std::io::Error) -> ArchiveError {
    ArchiveError::Io { path: path.display().to_string(), detail: e.to_string() }
}

/// How many backup archives are kept.
pub const KEEP: usize = 14;

/// A backup on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// File name inside the backups folder.
    pub name: String,
    /// When it was made (UTC).
    pub created: DateTime<Utc>,
    /// Why: `daily`, `before-import`, `before-restore`, `manual`.
    pub reason: String,
    /// Size in bytes.
    pub size: u64,
}

fn parse_name(name: &str) -> Option<(DateTime<Utc>, String)> {
    let stem = name.strip_prefix("backup-")?.strip_suffix(&format!(".{EXTENSION}"))?;
    let (stamp, reason) = (stem.get(..15)?, stem.get(16..).unwrap_or("manual"));
    let t = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some((t.and_utc(), reason.to_string()))
}

/// Backups, newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(out) };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((created, reason)) = parse_name(&name) {
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            out.push(BackupInfo { name, created, reason, size });
        }
    }
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

/// Makes a backup of every learner now, then prunes to [`KEEP`].
pub fn create(store: &Store, media: &MediaStore, dir: &Path, reason: &str, now: DateTime<Utc>) -> Result<BackupInfo> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let reason: String = reason.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let mut name = format!("backup-{}-{reason}.{EXTENSION}", now.format("%Y%m%d-%H%M%S"));
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("backup-{}-{reason}{n}.{EXTENSION}", now.format("%Y%m%d-%H%M%S"));
        n += 1;
    }
    let size = export_to_file(store, media, Scope::All, env!("CARGO_PKG_VERSION"), &dir.join(&name))?;
    prune(dir)?;
    Ok(BackupInfo { name, created: now, reason, size })
}

/// Deletes all but the newest [`KEEP`] backups.
pub fn prune(dir: &Path) -> Result<()> {
    for old in list(dir)?.into_iter().skip(KEEP) {
        std::fs::remove_file(dir.join(&old.name)).map_err(|e| io(&dir.join(&old.name), e))?;
    }
    Ok(())
}

/// Makes the daily backup unless one was made in the last 24 hours.
/// An empty store is not backed up.
pub fn daily_if_due(store: &Store, media: &MediaStore, dir: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    if store.learners().map_err(ArchiveError::Store)?.is_empty() {
        return Ok(None);
    }
    let recent = list(dir)?.iter().any(|b| b.reason == "daily" && now - b.created < chrono::Duration::hours(24));
    if recent {
        return Ok(None);
    }
    create(store, media, dir, "daily", now).map(Some)
}

/// Replaces everything in the store with backup `name`. The archive is read
/// and checked first; the current state is backed up (`before-restore`).
pub fn restore(store: &Store, media: &MediaStore, dir: &Path, name: &str, now: DateTime<Utc>) -> Result<ImportReport> {
    if name.contains('/') || name.contains('\\') || parse_name(name).is_none() {
        return Err(ArchiveError::Io { path: name.to_string(), detail: "it is not a backup of this app".into() });
    }
    // Read and checked once, before anything changes.
    let archive = read_archive_file(&dir.join(name), &Limits::default())?;
    if !store.learners().map_err(ArchiveError::Store)?.is_empty() {
        create(store, media, dir, "before-restore", now)?;
    }
    for l in store.learners().map_err(ArchiveError::Store)? {
        store.delete_learner(l.id).map_err(ArchiveError::Store)?;
    }
    crate::import::plan_archive(store, archive, ImportMode::Auto)?.apply(store, media)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_are_named_listed_pruned_and_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path().join("store")).unwrap();
        let media = MediaStore::open(tmp.path().join("media")).unwrap();
        let dir = tmp.path().join("backups");
        let t0 = Utc::now();
        assert!(daily_if_due(&store, &media, &dir, t0).unwrap().is_none(), "an empty store is not backed up");
        let learner = portfolio_demo::create_demo(&store, t0.date_naive()).unwrap();
        let first = daily_if_due(&store, &media, &dir, t0).unwrap().unwrap();
        assert_eq!(first.reason, "daily");
        assert!(daily_if_due(&store, &media, &dir, t0 + chrono::Duration::hours(2)).unwrap().is_none());
        for i in 0..KEEP + 3 {
            create(&store, &media, &dir, "manual", t0 + chrono::Duration::minutes(i as i64 + 1)).unwrap();
        }
        let all = list(&dir).unwrap();
        assert_eq!(all.len(), KEEP);
        assert!(all.windows(2).all(|w| w[0].created >= w[1].created), "newest first");

        // Lose everything, then restore the newest backup.
        store.delete_learner(learner.id).unwrap();
        let report = restore(&store, &media, &dir, &all[0].name, t0 + chrono::Duration::hours(3)).unwrap();
        assert_eq!(report.added, 95);
        assert_eq!(store.learners().unwrap()[0].id, learner.id);
        assert!(restore(&store, &media, &dir, "../etc/passwd", t0).is_err());
    }
}
