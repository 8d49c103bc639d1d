//! Clean-up of originals nothing refers to any more, after a grace period.
//!
//! `media/unreferenced.json` records when each unreferenced original was
//! first seen unreferenced (`{"version": 1, "first_seen": {"<sha256>":
//! <seconds since 1970>}}`). A sweep drops the entries of originals that are
//! referenced again, adds new ones, and removes an original (with its item
//! and derivatives) only once it has been unreferenced for longer than the
//! grace period. A damaged or missing file starts every clock again, so it
//! can delay a removal but never hasten one.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::{MediaError, MediaStore};

/// The grace period the app uses: 30 days.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The file (in the media folder) that remembers when originals became unreferenced.
pub const MARKS_FILE: &str = "unreferenced.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Marks {
    version: u32,
    first_seen: BTreeMap<String, u64>,
}

/// One original a sweep removed (or, in a dry run, would remove), or is
/// keeping until its grace period ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreferenced {
    /// SHA-256 of the original.
    pub sha256: String,
    /// The name it was first imported under (the hash when unknown).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was first seen unreferenced.
    pub since: SystemTime,
}

/// What a sweep found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Removed (in a dry run: would be removed), with their derivatives.
    pub removed: Vec<Unreferenced>,
    /// Unreferenced but still within the grace period.
    pub waiting: Vec<Unreferenced>,
    /// Originals still referenced.
    pub in_use: usize,
    /// Temporary files (`.tmp-*`) an interrupted import left behind, with
    /// their sizes: removed (in a dry run: would be removed).
    pub leftovers: Vec<(PathBuf, u64)>,
}

fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl MediaStore {
    /// The SHA-256 of every stored original, sorted.
    pub fn originals(&self) -> Result<Vec<String>, MediaError> {
        let open = |source| MediaError::Open { folder: self.root().to_path_buf(), source };
        let mut out = Vec::new();
        for shard in fs::read_dir(self.root().join("originals")).map_err(open)? {
            let shard = shard.map_err(open)?;
            if !shard.file_type().map_err(open)?.is_dir() {
                continue;
            }
            for entry in fs::read_dir(shard.path()).map_err(open)? {
                let entry = entry.map_err(open)?;
                if let Some(name) = entry.file_name().to_str() {
                    if crate::store::is_sha256(name) && entry.file_type().map_err(open)?.is_file() {
                        out.push(name.to_string());
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Removes originals not in `referenced` once they have been unreferenced
    /// for longer than `grace` (as of `now`), with their items and
    /// derivatives; remembers when the others were first seen unreferenced.
    /// A dry run reports the same and changes nothing.
    pub fn sweep(
        &self,
        referenced: &HashSet<String>,
        now: SystemTime,
        grace: Duration,
        dry_run: bool,
    ) -> Result<SweepReport, MediaError> {
        let marks_path = self.root().join(MARKS_FILE);
        let old: Marks = fs::read(&marks_path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        let mut marks = Marks { version: 1, first_seen: BTreeMap::new() };
        let mut report = SweepReport { leftovers: self.sweep_leftovers(dry_run)?, ..SweepReport::default() };
        let now_s = secs(now);
        for sha in self.originals()? {
            if referenced.contains(&sha) {
                report.in_use += 1;
                continue;
            }
            let first = old.first_seen.get(&sha).copied().filter(|t| *t <= now_s).unwrap_or(now_s);
            let item = self.item(&sha).ok().flatten();
            let size = fs::metadata(self.original_path(&sha)).map(|m| m.len()).unwrap_or(0);
            let entry = Unreferenced {
                name: item.map(|i| i.original_name).unwrap_or_else(|| sha.clone()),
                sha256: sha.clone(),
                size,
                since: UNIX_EPOCH + Duration::from_secs(first),
            };
            if now_s.saturating_sub(first) > grace.as_secs() {
                if !dry_run {
                    self.remove(&sha).map_err(|source| self.write_error(&entry.name, source))?;
                }
                report.removed.push(entry);
            } else {
                marks.first_seen.insert(sha, first);
                report.waiting.push(entry);
            }
        }
        if !dry_run {
            write_atomic(
                &marks_path,
                &serde_json::to_vec_pretty(&marks)
                    .map_err(io::Error::other)
                    .map_err(|source| self.write_error(MARKS_FILE, source))?,
            )
            .map_err(|source| self.write_error(MARKS_FILE, source))?;
        }
        Ok(report)
    }

    /// Removes the temporary files (`.tmp-*`) that imports killed midway
    /// left in the media folder, its shards and derivative folders. A
    /// temporary file still being written is locked by its writer and kept;
    /// a writer that died (killed midway) took its lock with it.
    /// A dry run only lists them.
    pub fn sweep_leftovers(&self, dry_run: bool) -> Result<Vec<(PathBuf, u64)>, MediaError> {
        let root = self.root();
        let mut folders = vec![root.to_path_buf()];
        for sub in ["originals", "items", "derived"] {
            let Ok(entries) = fs::read_dir(root.join(sub)) else { continue };
            folders.extend(entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).map(|e| e.path()));
        }
        let mut found = Vec::new();
        for folder in folders {
            let Ok(entries) = fs::read_dir(&folder) else { continue };
            for entry in entries.flatten() {
                let is_tmp = entry.file_name().to_str().is_some_and(|n| n.starts_with(".tmp-"));
                if !is_tmp || !entry.file_type().is_ok_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.path();
                if let Some(size) = abandoned(&path) {
                    if !dry_run {
                        match fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                            Err(source) => return Err(self.write_error(&entry.file_name().to_string_lossy(), source)),
                        }
                    }
                    found.push((path, size));
                }
            }
        }
        found.sort();
        Ok(found)
    }

    fn write_error(&self, name: &str, source: io::Error) -> MediaError {
        MediaError::Write { name: name.into(), folder: self.root().to_path_buf(), source }
    }

    /// Removes an original with its item and derivatives (the original last:
    /// until it goes, the file is still whole and can be made again).
    fn remove(&self, sha: &str) -> io::Result<()> {
        let gone_ok = |r: io::Result<()>| match r {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        };
        gone_ok(fs::remove_dir_all(self.root().join("derived").join(sha)))?;
        gone_ok(fs::remove_file(self.root().join("items").join(&sha[..2]).join(format!("{sha}.json"))))?;
        gone_ok(fs::remove_file(self.original_path(sha)))
    }
}

/// A temporary file in `dir` (`.tmp-*`), locked for as long as it is open so
/// that [`MediaStore::sweep_leftovers`] leaves it alone while it is written.
pub(crate) fn temporary_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    // Released when the file is closed, or when the process dies.
    tmp.as_file().lock()?;
    Ok(tmp)
}

/// The size of a temporary file no live writer holds; `None` when one does
/// (or it is gone).
fn abandoned(path: &Path) -> Option<u64> {
    let file = fs::File::open(path).ok()?;
    match file.try_lock() {
        Ok(()) => Some(file.metadata().map(|m| m.len()).unwrap_or(0)),
        Err(_) => None,
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("no parent folder"))?;
    let mut tmp = temporary_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 24 * 60 * 60;

    fn at(days: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000 + days * DAY)
    }

    fn png(seed: u8) -> Vec<u8> {
        let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8, y as u8, seed]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn unreferenced_originals_go_only_after_the_grace_period() {
        let tmp = tempfile::tempdir().unwrap();
        let media = MediaStore::open(tmp.path()).unwrap();
        let kept = media.import_bytes("kept.png", &png(1)).unwrap().sha256;
        let dropped = media.import_bytes("dropped.png", &png(2)).unwrap().sha256;
        let letter = media.import_bytes("letter.txt", b"dear panel").unwrap().sha256;
        let grace = Duration::from_secs(30 * DAY);
        let mut referenced: HashSet<String> = [kept.clone(), letter.clone()].into();

        // Day 0: the dropped photo is seen unreferenced; nothing goes.
        let r = media.sweep(&referenced, at(0), grace, false).unwrap();
        assert_eq!((r.removed.len(), r.waiting.len(), r.in_use), (0, 1, 2));
        assert_eq!((r.waiting[0].name.as_str(), r.waiting[0].since), ("dropped.png", at(0)));
        // The letter becomes unreferenced on day 10.
        referenced.remove(&letter);
        let r = media.sweep(&referenced, at(10), grace, false).unwrap();
        assert_eq!(r.waiting.len(), 2);
        // Day 30 exactly: not longer than the grace period yet.
        assert!(media.sweep(&referenced, at(30), grace, false).unwrap().removed.is_empty());
        // Day 31: a dry run says what would go and changes nothing.
        let dry = media.sweep(&referenced, at(31), grace, true).unwrap();
        assert_eq!(dry.removed.iter().map(|u| u.sha256.as_str()).collect::<Vec<_>>(), [dropped.as_str()]);
        assert!(media.original_path(&dropped).is_file());
        let r = media.sweep(&referenced, at(31), grace, false).unwrap();
        assert_eq!(r.removed, dry.removed);
        assert!(!media.original_path(&dropped).exists());
        assert!(!tmp.path().join("derived").join(&dropped).exists(), "derivatives go with it");
        assert!(media.item(&dropped).unwrap().is_none());
        // The kept photo and its derivatives are untouched.
        assert!(media.original_path(&kept).is_file());
        assert!(media.derivative(&kept, crate::Variant::Thumb).unwrap().is_file());
        // The letter is attached again on day 35: its clock stops, and starts
        // again from zero if it is dropped later.
        referenced.insert(letter.clone());
        assert_eq!(media.sweep(&referenced, at(35), grace, false).unwrap().in_use, 2);
        referenced.remove(&letter);
        let r = media.sweep(&referenced, at(50), grace, false).unwrap();
        assert_eq!((r.removed.len(), r.waiting[0].since), (0, at(50)));
        // A damaged marks file starts the clocks again; it never hastens a removal.
        fs::write(tmp.path().join(MARKS_FILE), b"{not json").unwrap();
        assert!(media.sweep(&referenced, at(100), grace, false).unwrap().removed.is_empty());
        assert_eq!(media.sweep(&referenced, at(131), grace, false).unwrap().removed.len(), 1);
        assert!(!media.original_path(&letter).exists());
    }
}
