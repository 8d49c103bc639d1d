//! Errors, with messages written for the person importing a badge.

use thiserror::Error;

/// Why a file could not be read as a badge, or a badge could not be baked.
///
/// Every variant's message is a complete sentence meant to be shown to a
/// person; the variant itself lets code react to a specific problem.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BadgeError {
    /// The file is empty.
    #[error("The file is empty.")]
    Empty,
    /// The content is neither PNG, SVG, JSON nor a compact JWS.
    #[error("This file is not a badge: expected a PNG or SVG image with a badge baked in, badge JSON, or a signed token (JWS/JWT).")]
    UnknownFormat,
    /// The file could not be read from disk.
    #[error("Could not read the file: {0}")]
    Io(String),
    /// A PNG chunk runs past the end of the file.
    #[error("The PNG image is truncated: its '{chunk}' chunk at byte {offset} is cut off.")]
    PngTruncated {
        /// Chunk type, e.g. `iTXt` (or `?` when the header itself is cut off).
        chunk: String,
        /// Byte offset of the chunk.
        offset: usize,
    },
    /// A PNG chunk's CRC does not match its content.
    #[error("The PNG image is damaged: the checksum (CRC) of its '{chunk}' chunk at byte {offset} does not match.")]
    PngBadCrc {
        /// Chunk type.
        chunk: String,
        /// Byte offset of the chunk.
        offset: usize,
    },
    /// The PNG structure is wrong in another way.
    #[error("The PNG image is not valid: {0}")]
    PngInvalid(String),
    /// The PNG holds more than one badge chunk.
    #[error(
        "The PNG image holds {0} badges (openbadges/openbadgecredential chunks); a baked badge must hold exactly one."
    )]
    PngSeveralBadges(usize),
    /// A badge text chunk could not be decoded.
    #[error("The badge data in the PNG image could not be read: {0}")]
    PngBadChunk(String),
    /// The PNG is a valid image without badge data.
    #[error("This PNG image has no badge baked into it.")]
    PngNoBadge,
    /// The SVG is larger than the cap.
    #[error("The SVG image is too large ({size} bytes); badge SVGs over {limit} bytes are refused.")]
    SvgTooLarge {
        /// Size of the input.
        size: usize,
        /// The cap.
        limit: usize,
    },
    /// The SVG could not be parsed.
    #[error("The SVG image is not valid XML: {0}")]
    SvgInvalid(String),
    /// The SVG is valid but holds no badge.
    #[error("This SVG image has no badge baked into it (no openbadges:assertion or openbadges:credential element).")]
    SvgNoBadge,
    /// The SVG holds more than one badge element.
    #[error("The SVG image holds {0} badge elements; a baked badge must hold exactly one.")]
    SvgSeveralBadges(usize),
    /// The SVG badge element is empty.
    #[error("The badge element in the SVG image is empty: it has neither JSON content nor a 'verify' attribute.")]
    SvgEmptyBadge,
    /// JSON syntax error.
    #[error("The badge JSON is malformed: {0}")]
    Json(String),
    /// A compact JWS/JWT is malformed.
    #[error("The signed token (JWS) is malformed: {0}")]
    Jws(String),
    /// The JSON is valid but not a recognised credential.
    #[error("This JSON is not an Open Badge: {0}")]
    NotABadge(String),
    /// Baking: the credential to bake is not a badge.
    #[error("Cannot bake: {0}")]
    Bake(String),
}

impl BadgeError {
    /// Wrap an I/O error with the path it concerned.
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> Self {
        BadgeError::Io(format!("{}: {e}", path.display()))
    }
}

impl serde::Serialize for BadgeError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}
