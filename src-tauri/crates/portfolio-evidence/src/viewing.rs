//! Handing evidence to the system: the original's path, read-only viewing
//! copies named as the learner had them, and derivatives for the UI.

use std::path::{Path, PathBuf};

use portfolio_domain::{Evidence, Id};
use portfolio_media::MediaStore;
use portfolio_store::Store;

use crate::{list, EvidenceError, Result};

/// The stored original of evidence `sha256` of `learner`, for opening it in
/// the system viewer: refused unless one of the learner's records (or plan
/// goals, exhibition items) has it, and it is still in the media folder.
pub fn original_of(store: &Store, media: &MediaStore, learner: Id, sha256: &str) -> Result<(PathBuf, Evidence)> {
    let row = list(store, learner)?
        .into_iter()
        .find(|r| r.evidence.kind != "link" && r.evidence.sha256 == sha256)
        .ok_or_else(|| EvidenceError::NotFound("That evidence is not in this portfolio.".into()))?;
    let path = media.original_path(sha256);
    if !path.is_file() {
        return Err(EvidenceError::NotFound(format!(
            "The file \u{201c}{}\u{201d} is missing from {}.",
            row.evidence.name,
            media.root().display()
        )));
    }
    Ok((path, row.evidence))
}

/// A copy of evidence `sha256` of `learner` named as the learner had it (the
/// media folder names files by their hash, so a viewer could not tell the
/// type), in `dir/<sha256>/`, read-only: what the system viewer opens. The
/// original is never handed out, so a viewer cannot change it.
pub fn viewing_copy(store: &Store, media: &MediaStore, learner: Id, sha256: &str, dir: &Path) -> Result<PathBuf> {
    let (original, evidence) = original_of(store, media, learner, sha256)?;
    let safe: String =
        evidence.name.chars().map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c }).collect();
    let safe = safe.trim().trim_start_matches('.').to_string();
    let name = if safe.is_empty() { sha256.to_string() } else { safe };
    let folder = dir.join(sha256);
    let copy = folder.join(name);
    let fail = |e: std::io::Error| {
        EvidenceError::Storage(format!("Could not prepare \u{201c}{}\u{201d} for viewing: {e}", evidence.name))
    };
    if !copy.is_file() {
        std::fs::create_dir_all(&folder).map_err(fail)?;
        std::fs::copy(&original, &copy).map_err(fail)?;
        let mut perms = std::fs::metadata(&copy).map_err(fail)?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&copy, perms).map_err(fail)?;
    }
    Ok(copy)
}

/// The file to show for evidence `sha256` in `variant` (`thumb`, `screen`,
/// `print`), made again if it is missing.
pub fn derivative_path(media: &MediaStore, sha256: &str, variant: &str) -> Result<PathBuf> {
    let v = match variant {
        "thumb" => portfolio_media::Variant::Thumb,
        "screen" => portfolio_media::Variant::Screen,
        "print" => portfolio_media::Variant::Print,
        _ => return Err(EvidenceError::Refused(format!("Unknown image size \u{201c}{variant}\u{201d}."))),
    };
    Ok(media.derivative(sha256, v)?)
}

/// True when `p` is inside `root` (used by the app's media protocol).
pub fn is_inside(root: &Path, p: &Path) -> bool {
    match (root.canonicalize(), p.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}
