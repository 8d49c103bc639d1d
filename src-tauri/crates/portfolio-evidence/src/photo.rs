//! A learner's own photo, kept in the media folder like evidence.

use portfolio_domain::{Id, Learner};
use portfolio_media::{ImportOptions, MediaKind, MediaStore};
use portfolio_store::Store;

use crate::{EvidenceError, Result};

/// Imports `bytes` (a picture called `name`) into the media folder and makes
/// it `learner`'s photo (`LearnerProfile::photo_sha256`); returns the learner
/// as saved. Same caps and checks as evidence; a file that is not a picture
/// (JPEG, PNG, GIF or WebP) is refused, and stays in the media folder only
/// until the clean-up removes it as unused. The previous photo's file is not
/// deleted here (the clean-up does that once nothing uses it).
pub fn set_learner_photo(store: &Store, media: &MediaStore, learner: Id, name: &str, bytes: &[u8]) -> Result<Learner> {
    store.learner(learner)?;
    crate::attach::check_name(name)?;
    let imported = media.import_bytes_with(name, bytes, &ImportOptions::default())?;
    if imported.item.kind != MediaKind::Image {
        return Err(EvidenceError::Refused(format!(
            "\u{201c}{name}\u{201d} is not a picture: choose a JPEG, PNG, GIF or WebP photo."
        )));
    }
    let mut l = store.learner(learner)?;
    l.profile.photo_sha256 = imported.item.sha256;
    Ok(store.update_learner(learner, l.profile)?)
}

/// Clears `learner`'s photo; returns the learner as saved. The file stays in
/// the media folder until the clean-up removes it as unused.
pub fn remove_learner_photo(store: &Store, learner: Id) -> Result<Learner> {
    let mut l = store.learner(learner)?;
    if l.profile.photo_sha256.is_empty() {
        return Ok(l);
    }
    l.profile.photo_sha256.clear();
    Ok(store.update_learner(learner, l.profile)?)
}
