//! Print documents of a portfolio as PDF: the Learning Plan, the exhibition
//! packet and the progress summary.
//!
//! The pipeline has three steps, each its own module:
//! 1. `docs` reads the store and builds a [`Document`]: a list of
//!    [`layout::Block`]s (headings, paragraphs in the Markdown subset, tables,
//!    photo grids, a chart, signature lines).
//! 2. [`layout`] typesets the blocks on pages (A4 or US Letter) with the
//!    bundled Noto fonts: line breaking, headings kept with what follows, no
//!    single lines at page ends, tables split with repeated headers, a table
//!    of contents resolved after pagination.
//! 3. [`pdf`] writes the pages with printpdf: fonts embedded and subset,
//!    photos as JPEG streams prepared by [`images`] (stored print derivatives,
//!    scaled to about 200 dpi, both cores), links, outline, metadata.
//!
//! Nothing here depends on Tauri; the app and the CLI call [`render`].
#![warn(missing_docs)]

mod docs;
pub mod fonts;
pub mod html;
pub mod images;
pub mod lang;
pub mod layout;
pub mod markdown;
pub mod pdf;
mod structure;

use chrono::{DateTime, Utc};
use portfolio_domain::Id;
use portfolio_media::MediaStore;
use portfolio_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use docs::Document;

/// The language of the documents' own words (headings, labels, "Page X of
/// Y"): the tagged PDF's `/Lang`. A paragraph in another language carries
/// its own.
pub const DOCUMENT_LANGUAGE: &str = "en";

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The usual paper where a locale's region is (`en-US`, `es_MX.UTF-8`, …):
    /// Letter in North America and parts of Latin America and the
    /// Philippines, A4 elsewhere.
    pub fn for_locale(locale: &str) -> Paper {
        let region =
            locale.split(['.', '@']).next().unwrap_or("").split(['-', '_']).nth(1).unwrap_or("").to_ascii_uppercase();
        match region.as_str() {
            "US" | "CA" | "MX" | "PH" | "CL" | "CO" | "VE" | "GT" | "CR" | "PR" | "DO" | "SV" | "NI" | "PA" | "BZ" => {
                Paper::Letter
            }
            _ => Paper::A4,
        }
    }

    /// Parses `a4` or `letter` (any case).
    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" | "us-letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// The Learning Plan of a period.
    Plan,
    /// The exhibition packet.
    Exhibition,
    /// The progress summary.
    Summary,
}

impl DocumentKind {
    /// Parses `plan`, `exhibition` or `summary`.
    pub fn parse(s: &str) -> Option<DocumentKind> {
        match s {
            "plan" => Some(DocumentKind::Plan),
            "exhibition" => Some(DocumentKind::Exhibition),
            "summary" => Some(DocumentKind::Summary),
            _ => None,
        }
    }
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RenderRequest {
    /// Which document.
    pub kind: DocumentKind,
    /// The learner.
    pub learner_id: Id,
    /// The marking period (plan, exhibition: default the current one;
    /// summary: default the whole portfolio).
    #[serde(default)]
    pub period_id: Option<Id>,
    /// A particular exhibition (default: the period's).
    #[serde(default)]
    pub exhibition_id: Option<Id>,
    /// Paper size.
    #[serde(default)]
    pub paper: Paper,
    /// Include photos marked as showing other people (left out by default).
    #[serde(default)]
    pub include_photos_of_others: bool,
}

/// What was rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RenderReport {
    /// Document title.
    pub title: String,
    /// Suggested file name.
    pub file_name: String,
    /// Number of pages.
    pub pages: u32,
    /// Size of the PDF in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Photos placed.
    pub photos: u32,
    /// Characters the fonts cannot show (printed as empty boxes).
    pub missing_characters: Vec<String>,
    /// What was left out and why, as sentences.
    pub left_out: Vec<String>,
}

/// A document saved by the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportedDocument {
    /// What was rendered.
    pub report: RenderReport,
    /// The file name it was saved as (no folder).
    pub file_name: String,
    /// Whether it was handed to the system's viewer.
    pub opened: bool,
}

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something the document needs does not exist (a sentence for the user).
    #[error("{0}")]
    Missing(String),
}

/// Builds the document's content (no layout yet).
pub fn build(
    store: &Store,
    media: Option<&MediaStore>,
    req: &RenderRequest,
    now: DateTime<Utc>,
) -> Result<Document, DocumentError> {
    let mut ctx = docs::Ctx::new(store, media, req)?;
    match req.kind {
        DocumentKind::Plan => docs::plan(&mut ctx, now),
        DocumentKind::Exhibition => docs::exhibition(&mut ctx, now),
        DocumentKind::Summary => docs::summary(&mut ctx, now),
    }
}

/// Typesets and writes a built document.
pub fn typeset(
    doc: &Document,
    media: Option<&MediaStore>,
    paper: Paper,
    now: DateTime<Utc>,
) -> (Vec<u8>, RenderReport) {
    let (w, h) = paper.size();
    let g = layout::Geometry::new(w, h);
    let laid = layout::layout(&doc.blocks, g);
    let prepared: Vec<Option<std::sync::Arc<images::Prepared>>> = match media {
        Some(m) => images::prepare_all(m, &laid.photos).into_iter().map(Result::ok).collect(),
        None => vec![None; laid.photos.len()],
    };
    let failed = prepared.iter().filter(|p| p.is_none()).count();
    let meta = pdf::Meta {
        title: doc.title.clone(),
        author: doc.learner_name.clone(),
        subject: doc.subject.clone(),
        keywords: vec!["portfolio".into(), "Learner Portfolio".into()],
        created: now,
        header_left: doc.short_title.clone(),
        header_right: doc.learner_name.clone(),
        footer_left: format!("Printed {}", now.date_naive().format("%-d %B %Y")),
        lang: DOCUMENT_LANGUAGE.into(),
    };
    let bytes = pdf::write(&laid, g, &meta, &prepared);
    let mut left_out = doc.left_out.clone();
    if failed > 0 {
        left_out.push(format!(
            "{failed} photo{} could not be read and {} shown as an empty frame.",
            if failed == 1 { "" } else { "s" },
            if failed == 1 { "is" } else { "are" }
        ));
    }
    let report = RenderReport {
        title: doc.title.clone(),
        file_name: doc.file_name.clone(),
        pages: laid.pages.len() as u32,
        bytes: bytes.len() as u64,
        photos: laid.photos.len() as u32,
        missing_characters: laid.missing.iter().map(|c| c.to_string()).collect(),
        left_out,
    };
    (bytes, report)
}

/// Renders a document to PDF bytes.
pub fn render(
    store: &Store,
    media: Option<&MediaStore>,
    req: &RenderRequest,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, RenderReport), DocumentError> {
    let doc = build(store, media, req, now)?;
    Ok(typeset(&doc, media, req.paper, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_from_locale() {
        assert_eq!(Paper::for_locale("en-US"), Paper::Letter);
        assert_eq!(Paper::for_locale("en_US.UTF-8"), Paper::Letter);
        assert_eq!(Paper::for_locale("es-MX"), Paper::Letter);
        assert_eq!(Paper::for_locale("en-GB"), Paper::A4);
        assert_eq!(Paper::for_locale("de_DE@euro"), Paper::A4);
        assert_eq!(Paper::for_locale("C"), Paper::A4);
        assert_eq!(Paper::parse("LETTER"), Some(Paper::Letter));
        assert_eq!(Paper::parse("a5"), None);
    }
}
