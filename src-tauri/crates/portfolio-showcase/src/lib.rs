//! A learner's showcase published as files they own: a static website (a
//! folder or a `.zip`) and a PDF with the same content.
//!
//! 1. [`content::gather`] reads the showcase and everything it names from the
//!    store, judging each item again (never a Private journal entry, photos
//!    of other people only when chosen on purpose, photos only with
//!    alternative text) and verifying badges offline as of the export's time.
//! 2. [`site::build`] writes `index.html`, one page per item, `about.html`,
//!    `style.css`, pictures at screen size linking to print size (the media
//!    folder's derivatives), badges' original credential files and evidence
//!    files: relative links only, no script, nothing remote, WCAG 2.2 AA.
//! 3. [`write_folder`] or [`zip_bytes`] puts the site on disk (the zip with
//!    fixed timestamps); [`pdf::render`] typesets the same content with
//!    portfolio-documents.
//!
//! Same input, same bytes: files are sorted, nothing reads the clock (the
//! caller passes the export's time). Nothing here depends on Tauri.
#![warn(missing_docs)]

pub mod content;
pub mod html;
pub mod pdf;
pub mod site;

use std::io::Write;
use std::path::Path;

use portfolio_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use content::{gather, Content};
pub use site::{build, Site};

/// Why a showcase could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ShowcaseError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The showcase (or its learner) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// An item may not be shown to the audience (a Private journal entry, a
    /// photo of other people not included on purpose).
    #[error("{message}")]
    NotShowable {
        /// Which item (`sections[0].items[2]`).
        field: String,
        /// One sentence.
        message: String,
    },
    /// A request that breaks a rule (a folder that is not empty, too many items).
    #[error("{0}")]
    Refused(String),
    /// A picture or file of the media folder could not be read.
    #[error("A photo or file could not be read from the evidence folder: {0}")]
    Media(String),
    /// Writing the export failed.
    #[error("The showcase could not be written to {path}: {detail}")]
    Write {
        /// Where.
        path: String,
        /// What the system said.
        detail: String,
    },
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShowcaseExport {
    /// The showcase's title.
    pub title: String,
    /// `folder`, `zip` or `pdf`.
    pub format: String,
    /// Pages written (HTML pages, or PDF pages).
    pub pages: u32,
    /// Files written (1 for a zip or a PDF).
    pub files: u32,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// What was left out and why, as sentences.
    pub left_out: Vec<String>,
}

/// The marker every page carries; a folder whose `index.html` has it holds
/// an earlier export and may be written over.
const GENERATOR: &str = "<meta name=\"generator\" content=\"Learner Portfolio\">";

fn write_err(path: &Path, e: impl std::fmt::Display) -> ShowcaseError {
    ShowcaseError::Write { path: path.display().to_string(), detail: e.to_string() }
}

/// Writes `site` into folder `dir`: a new or empty folder, or one that holds
/// an earlier export (its pages, `style.css` and the `media`, `badges` and
/// `files` folders are replaced; anything else in it, such as `.git`, stays).
pub fn write_folder(site: &Site, dir: &Path) -> Result<(), ShowcaseError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ShowcaseError::Refused(format!("{} is a file, not a folder.", dir.display())));
        }
        let entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| write_err(dir, e))?.flatten().collect();
        let earlier = std::fs::read_to_string(dir.join("index.html")).is_ok_and(|s| s.contains(GENERATOR));
        let visible = entries.iter().any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if visible && !earlier {
            return Err(ShowcaseError::Refused(format!(
                "{} is not empty and holds no earlier showcase: choose an empty folder.",
                dir.display()
            )));
        }
        for e in entries {
            let name = e.file_name().to_string_lossy().to_string();
            let path = e.path();
            if ["media", "badges", "files"].contains(&name.as_str()) && path.is_dir() {
                std::fs::remove_dir_all(&path).map_err(|err| write_err(&path, err))?;
            } else if (name.ends_with(".html") || name == "style.css") && path.is_file() {
                std::fs::remove_file(&path).map_err(|err| write_err(&path, err))?;
            }
        }
    }
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| write_err(&path, e))?;
    }
    Ok(())
}

/// The site as a `.zip`: entries in path order under one folder named
/// `folder`, every timestamp 1980-01-01 00:00, pictures stored (they are
/// compressed already), the rest deflated.
pub fn zip_bytes(site: &Site, folder: &str) -> Result<Vec<u8>, ShowcaseError> {
    let fail = |e: zip::result::ZipError| ShowcaseError::Write { path: format!("{folder}.zip"), detail: e.to_string() };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let base =
        zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default()).unix_permissions(0o644);
    for (rel, bytes) in &site.files {
        let stored = [".jpg", ".png", ".zip", ".pdf"].iter().any(|e| rel.ends_with(e));
        let method = if stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        zip.start_file(format!("{folder}/{rel}"), base.compression_method(method)).map_err(fail)?;
        zip.write_all(bytes).map_err(|e| fail(e.into()))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// A folder name for the showcase's zip: ASCII letters and digits of the
/// title (`senior-portfolio-2026`), `showcase` when none are left.
pub fn folder_name(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s: String = s.trim_end_matches('-').chars().take(60).collect();
    if s.is_empty() {
        "showcase".into()
    } else {
        s
    }
}
