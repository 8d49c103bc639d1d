//! Evidence originals of an archive, copied out of the zip into temporary
//! files and hashed on the way: never held in memory whole.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::{ArchiveError, Result};

/// One media entry copied to a temporary file, with its size and SHA-256 as
/// read. The file lives as long as any clone of any file of its archive.
#[derive(Debug, Clone)]
pub struct StagedFile {
    path: PathBuf,
    size: u64,
    sha256: String,
    _folder: Arc<tempfile::TempDir>,
}

impl StagedFile {
    /// Where the bytes are (a temporary file; do not keep the path).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Their size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Their lower-case hex SHA-256.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The bytes (for tests and small files: this reads the whole file).
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(&self.path)
    }
}

impl PartialEq for StagedFile {
    fn eq(&self, other: &Self) -> bool {
        self.size == other.size && self.sha256 == other.sha256
    }
}

/// The temporary folder of one archive's media, made on first use.
#[derive(Default)]
pub(crate) struct Staging {
    folder: Option<Arc<tempfile::TempDir>>,
}

fn io_error(name: &str, e: std::io::Error) -> ArchiveError {
    ArchiveError::Io { path: format!("a temporary copy of \u{201c}{name}\u{201d}"), detail: e.to_string() }
}

/// Copies entry `name` from `entry` into a temporary file, hashing it on the
/// way, reading at most `budget` bytes (more: the archive unpacks to too
/// much) and never more than the entry declares.
pub(crate) fn stage_entry(
    staging: &mut Staging,
    mut entry: zip::read::ZipFile<'_, impl Read>,
    name: &str,
    budget: u64,
) -> Result<StagedFile> {
    let declared = entry.size();
    if declared > budget {
        return Err(ArchiveError::TotalTooLarge { limit: budget });
    }
    let folder = match &staging.folder {
        Some(f) => f.clone(),
        None => {
            let f = Arc::new(
                tempfile::Builder::new().prefix("lportfolio-import-").tempdir().map_err(|e| io_error(name, e))?,
            );
            staging.folder = Some(f.clone());
            f
        }
    };
    let (mut file, path) = tempfile::Builder::new()
        .prefix("media-")
        .tempfile_in(folder.path())
        .and_then(|t| t.keep().map_err(|e| e.error))
        .map_err(|e| io_error(name, e))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n =
            entry.read(&mut buf).map_err(|e| ArchiveError::BadEntry { name: name.into(), detail: e.to_string() })?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > declared {
            return Err(ArchiveError::LargerThanDeclared(name.into()));
        }
        hasher.update(&buf[..n]);
        file.write_all(&buf[..n]).map_err(|e| io_error(name, e))?;
    }
    file.flush().map_err(|e| io_error(name, e))?;
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(StagedFile { path, size, sha256, _folder: folder })
}
