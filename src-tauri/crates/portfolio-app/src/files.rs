//! Reading files users hand us: only regular files (a device such as
//! `/dev/zero` or a pipe has no size to check), their size checked before
//! anything is read, and the read itself stopping at the cap (a file that
//! grows while it is read). Standard input is read through
//! [`read_capped_from`], which stops at the cap too.

use std::io::Read;
use std::path::Path;

use crate::{ApiError, Result};

/// Largest badge file (baked images are small).
pub const MAX_BADGE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest evidence file (the media crate enforces its own cap too).
pub const MAX_EVIDENCE_BYTES: u64 = portfolio_media::DEFAULT_MAX_FILE_BYTES;
/// Largest JSON file for `add` (a 100 MB batch is legitimate).
pub const MAX_JSON_BYTES: u64 = 256 * 1024 * 1024;
/// Largest issuer key or revocation list file.
pub const MAX_SMALL_FILE_BYTES: u64 = 1024 * 1024;

fn size_words(limit: u64) -> String {
    if limit >= 1024 * 1024 {
        format!("{} MB", limit / (1024 * 1024))
    } else {
        format!("{} KB", limit / 1024)
    }
}

/// The refusal for a file over `limit` bytes.
pub fn too_large(path: &Path, limit: u64) -> ApiError {
    ApiError::invalid(format!("{} is larger than {}, so it was not read.", path.display(), size_words(limit)))
}

/// Reads at most `limit` bytes from `reader`; more is refused with `too_large`.
pub fn read_capped_from(reader: impl Read, limit: u64, too_large: impl FnOnce() -> ApiError) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ApiError::invalid(format!("Could not read the file: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads the file at `path`, refusing it before reading when its size is
/// over `limit`, and stopping at the cap when its size was not known.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let fail = |e: std::io::Error| ApiError::invalid(format!("Could not read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_dir() {
        return Err(ApiError::invalid(format!("{} is a folder, not a file.", path.display())));
    }
    if !meta.is_file() {
        // A device (`/dev/zero`) or a pipe has no size to check first.
        return Err(ApiError::invalid(format!(
            "{} is not a regular file (a device or a pipe), so it was not read.",
            path.display()
        )));
    }
    if meta.len() > limit {
        return Err(too_large(path, limit));
    }
    // Room for exactly what the file holds, so the buffer never doubles past it.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    (&file).take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(bytes)
}

/// Writes `bytes` to `path`, saying in one sentence when it cannot.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| ApiError::storage(format!("Could not write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_for_files_pipes_and_dev_zero() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 2048]).unwrap();
        let e = read_capped(&big, 1024).unwrap_err();
        assert_eq!(e.message, format!("{} is larger than 1 KB, so it was not read.", big.display()));
        assert_eq!(read_capped(&big, 4096).unwrap().len(), 2048);
        #[cfg(unix)]
        {
            let e = read_capped(Path::new("/dev/zero"), 1024).unwrap_err();
            assert_eq!(e.message, "/dev/zero is not a regular file (a device or a pipe), so it was not read.");
            let piped = read_capped_from(std::io::repeat(b'x'), 1024, || ApiError::invalid("too much")).unwrap_err();
            assert_eq!(piped.message, "too much");
        }
        assert!(read_capped(dir.path(), 10).unwrap_err().message.ends_with("is a folder, not a file."));
    }
}
