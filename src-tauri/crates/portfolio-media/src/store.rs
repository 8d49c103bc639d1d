//! The content-addressed media folder.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::error::human_size;
use crate::render::{self, Rendered};
use crate::sniff::{self, Sniffed};
use crate::{ImportOptions, ImportStatus, Imported, MediaError, MediaItem, MediaKind, Outcome, Progress, Variant};

/// A folder of stored originals and their derivatives (see the crate docs).
///
/// Cheap to clone-by-path; safe to share between threads (`&self` methods).
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// Open (creating if needed) the media folder `dir`.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, MediaError> {
        let root = dir.as_ref().to_path_buf();
        for sub in ["originals", "derived", "items"] {
            fs::create_dir_all(root.join(sub)).map_err(|source| MediaError::Open { folder: root.clone(), source })?;
        }
        Ok(MediaStore { root })
    }

    /// The media folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the original of `sha256` is (or would be) stored.
    pub fn original_path(&self, sha256: &str) -> PathBuf {
        self.root.join("originals").join(&sha256[..2.min(sha256.len())]).join(sha256)
    }

    fn item_path(&self, sha256: &str) -> PathBuf {
        self.root.join("items").join(&sha256[..2]).join(format!("{sha256}.json"))
    }

    fn derived_dir(&self, sha256: &str) -> PathBuf {
        self.root.join("derived").join(sha256)
    }

    /// Import the file at `path`; for duplicates, the item as first stored.
    pub fn import_file(&self, path: impl AsRef<Path>, opts: &ImportOptions) -> Result<MediaItem, MediaError> {
        self.import_path(path.as_ref(), opts).map(|i| i.item)
    }

    /// Import in-memory bytes named `name`, with the default options.
    pub fn import_bytes(&self, name: &str, bytes: &[u8]) -> Result<MediaItem, MediaError> {
        self.import_bytes_with(name, bytes, &ImportOptions::default()).map(|i| i.item)
    }

    /// Import the file at `path`, saying whether it was new and anything the
    /// learner should know.
    pub fn import_path(&self, path: &Path, opts: &ImportOptions) -> Result<Imported, MediaError> {
        let name = display_name(path);
        let bytes = read_capped(path, &name, opts.max_file_bytes)?;
        self.import_bytes_with(&name, &bytes, opts)
    }

    /// Import the file at `path` under the name `name` (for a file staged
    /// under a temporary name, e.g. an archive's evidence).
    pub fn import_path_named(&self, path: &Path, name: &str, opts: &ImportOptions) -> Result<Imported, MediaError> {
        let bytes = read_capped(path, name, opts.max_file_bytes)?;
        self.import_bytes_with(name, &bytes, opts)
    }

    /// Import in-memory bytes named `name` (the name is only kept, never trusted).
    pub fn import_bytes_with(&self, name: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Imported, MediaError> {
        if bytes.is_empty() {
            return Err(MediaError::Empty { name: name.into() });
        }
        if bytes.len() as u64 > opts.max_file_bytes {
            return Err(too_large(name, bytes.len() as u64, opts.max_file_bytes));
        }
        let sha256 = hex(&Sha256::digest(bytes));
        if let Some(item) = self.item(&sha256)? {
            if self.original_path(&sha256).is_file() {
                return Ok(Imported { item, status: ImportStatus::Duplicate, notice: None });
            }
        }

        let (item, rendered, notice) = match sniff::sniff(bytes) {
            Sniffed::Heic => return Err(MediaError::Heic { name: name.into() }),
            Sniffed::Image(format, mime) => {
                let rendered = render::render(name, format, bytes)?;
                let item = MediaItem {
                    sha256: sha256.clone(),
                    kind: MediaKind::Image,
                    mime: mime.into(),
                    original_name: name.into(),
                    size: bytes.len() as u64,
                    width: Some(rendered.width),
                    height: Some(rendered.height),
                };
                (item, Some(rendered), None)
            }
            Sniffed::File(mime) => {
                let notice = sniff::named_like_picture(name).then(|| {
                    format!("“{name}” is named like a picture but its content is not one ({mime}): it was kept as a file attachment, not an image.")
                });
                let item = MediaItem {
                    sha256: sha256.clone(),
                    kind: MediaKind::File,
                    mime: mime.into(),
                    original_name: name.into(),
                    size: bytes.len() as u64,
                    width: None,
                    height: None,
                };
                (item, None, notice)
            }
        };

        let write_err = |source: io::Error| MediaError::Write { name: name.into(), folder: self.root.clone(), source };
        let created = write_noclobber(&self.original_path(&sha256), bytes, true).map_err(write_err)?;
        let rest = (|| -> io::Result<()> {
            if let Some(rendered) = &rendered {
                self.write_derivatives(&sha256, rendered)?;
            }
            let json = serde_json::to_vec_pretty(&item).map_err(io::Error::other)?;
            write_noclobber(&self.item_path(&sha256), &json, true)?;
            Ok(())
        })();
        if let Err(e) = rest {
            if created {
                // Leave nothing behind.
                let _ = fs::remove_file(self.original_path(&sha256));
                let _ = fs::remove_dir_all(self.derived_dir(&sha256));
                let _ = fs::remove_file(self.item_path(&sha256));
            }
            return Err(write_err(e));
        }
        if created {
            Ok(Imported { item, status: ImportStatus::Added, notice })
        } else {
            // Another import stored the same bytes at the same moment.
            let item = self.item(&sha256)?.unwrap_or(item);
            Ok(Imported { item, status: ImportStatus::Duplicate, notice: None })
        }
    }

    fn write_derivatives(&self, sha256: &str, rendered: &Rendered) -> io::Result<()> {
        let dir = self.derived_dir(sha256);
        fs::create_dir_all(&dir)?;
        for d in &rendered.derivatives {
            // Derivatives can be made again, so no fsync: just never half-written.
            let mut tmp = crate::gc::temporary_in(&dir)?;
            tmp.write_all(&d.bytes)?;
            tmp.persist(dir.join(format!("{}.{}", d.variant.stem(), d.ext))).map_err(|e| e.error)?;
        }
        Ok(())
    }

    /// Import many files on `workers` threads (at least one), reporting each
    /// finished file to `progress`. Outcomes are in the order of `paths`; one
    /// refused file never stops the others.
    pub fn import_many<P, F>(&self, paths: &[P], opts: &ImportOptions, workers: usize, progress: F) -> Vec<Outcome>
    where
        P: AsRef<Path> + Sync,
        F: Fn(Progress) + Sync,
    {
        let total = paths.len();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..total).map(|_| None).collect());
        let workers = workers.clamp(1, total.max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let path = path.as_ref();
                    let started = Instant::now();
                    let outcome = match self.import_path(path, opts) {
                        Ok(Imported { item, status: ImportStatus::Added, notice }) => Outcome::Added { item, notice },
                        Ok(Imported { item, status: ImportStatus::Duplicate, .. }) => Outcome::Duplicate(item),
                        Err(reason) => Outcome::Refused { path: path.to_path_buf(), reason },
                    };
                    let refused = matches!(outcome, Outcome::Refused { .. });
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(outcome);
                    progress(Progress {
                        done: done.fetch_add(1, Ordering::Relaxed) + 1,
                        total,
                        path: path.to_path_buf(),
                        elapsed: started.elapsed(),
                        refused,
                    });
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_iter()
            .map(|o| o.expect("every path is processed"))
            .collect()
    }

    /// The stored item with this SHA-256, if any.
    pub fn item(&self, sha256: &str) -> Result<Option<MediaItem>, MediaError> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        match fs::read(self.item_path(sha256)) {
            Ok(json) => Ok(serde_json::from_slice(&json).ok()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(MediaError::Read { name: format!("{sha256}.json"), source }),
        }
    }

    /// Every stored item, sorted by SHA-256.
    pub fn list(&self) -> Result<Vec<MediaItem>, MediaError> {
        let mut items = Vec::new();
        let open = |source| MediaError::Open { folder: self.root.clone(), source };
        for shard in fs::read_dir(self.root.join("items")).map_err(open)? {
            let shard = shard.map_err(open)?;
            if !shard.path().is_dir() {
                continue;
            }
            for entry in fs::read_dir(shard.path()).map_err(open)? {
                let entry = entry.map_err(open)?;
                let file = entry.file_name();
                let Some(sha) = file.to_str().and_then(|f| f.strip_suffix(".json")) else { continue };
                if let Some(item) = self.item(sha)? {
                    items.push(item);
                }
            }
        }
        items.sort_by(|a, b| a.sha256.cmp(&b.sha256));
        Ok(items)
    }

    /// The path of a picture's derivative, made again from the original if it
    /// is missing.
    pub fn derivative(&self, sha256: &str, variant: Variant) -> Result<PathBuf, MediaError> {
        let not_stored = || MediaError::NotStored { sha256: sha256.into() };
        if !is_sha256(sha256) {
            return Err(not_stored());
        }
        let dir = self.derived_dir(sha256);
        for ext in ["jpg", "png"] {
            let path = dir.join(format!("{}.{ext}", variant.stem()));
            if path.is_file() {
                return Ok(path);
            }
        }
        let original = self.original_path(sha256);
        let name = self.item(sha256)?.map(|i| i.original_name).unwrap_or_else(|| sha256.to_string());
        let bytes = match fs::read(&original) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(not_stored()),
            Err(source) => return Err(MediaError::Read { name, source }),
        };
        let Sniffed::Image(format, _) = sniff::sniff(&bytes) else {
            return Err(MediaError::NotAnImage { name });
        };
        let rendered = render::render(&name, format, &bytes)?;
        self.write_derivatives(sha256, &rendered).map_err(|source| MediaError::Write {
            name: name.clone(),
            folder: self.root.clone(),
            source,
        })?;
        let ext = rendered.derivatives[0].ext;
        Ok(dir.join(format!("{}.{ext}", variant.stem())))
    }
}

/// The last path component, for messages and `original_name`.
fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn too_large(name: &str, size: u64, limit: u64) -> MediaError {
    MediaError::TooLarge { name: name.into(), size, limit, size_text: human_size(size), limit_text: human_size(limit) }
}

/// Read a regular file, refusing before reading when it is too large, and
/// never reading more than the cap (a file can grow while it is read).
fn read_capped(path: &Path, name: &str, cap: u64) -> Result<Vec<u8>, MediaError> {
    let read_err = |source: io::Error| {
        if source.kind() == io::ErrorKind::NotFound {
            MediaError::Disappeared { name: name.into() }
        } else {
            MediaError::Read { name: name.into(), source }
        }
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(MediaError::IsDirectory { name: name.into() });
    }
    if !meta.is_file() {
        return Err(read_err(io::Error::other("not a regular file")));
    }
    if meta.len() > cap {
        return Err(too_large(name, meta.len(), cap));
    }
    let file = fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(read_err)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(name, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Write `bytes` at `path` through a temporary file in the same folder, fsync'd,
/// then linked into place only if nothing is there. `Ok(false)`: already there.
fn write_noclobber(path: &Path, bytes: &[u8], sync: bool) -> io::Result<bool> {
    let dir = path.parent().expect("store paths have a parent");
    fs::create_dir_all(dir)?;
    if path.exists() {
        return Ok(false);
    }
    let mut tmp = crate::gc::temporary_in(dir)?;
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    match tmp.persist_noclobber(path) {
        Ok(_) => {}
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e.error),
    }
    if sync {
        // Make the new name itself durable.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(true)
}

pub(crate) fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
