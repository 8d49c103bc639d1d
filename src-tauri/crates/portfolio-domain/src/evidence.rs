//! Evidence attached to a record: a stored file (photo, document) or a link.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::Checker;

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Evidence {
    /// SHA-256 of a stored file (the media folder keys files by it); empty for a link.
    pub sha256: String,
    /// A web address, for link evidence (stored as text, never fetched).
    pub url: String,
    /// The file's original name, or the link's title.
    pub name: String,
    /// `image` or `file` for stored files; `link` for links.
    pub kind: String,
    /// MIME type as sniffed from the content.
    pub mime: String,
    /// Size in bytes.
    pub size: u64,
    /// Caption.
    pub caption: String,
    /// Alternative text for people who cannot see the image (needed before
    /// an image appears in an export).
    pub alt: String,
    /// The photo shows other people: left out of family and public exports
    /// unless included on purpose.
    pub shows_others: bool,
}

/// Checks a record's evidence list.
pub fn check(c: &mut Checker, evidence: &[Evidence]) {
    c.count("evidence", "Evidence", evidence.len());
    for (i, e) in evidence.iter().enumerate() {
        let f = |x: &str| format!("evidence[{i}].{x}");
        let is_hash = e.sha256.len() == 64 && e.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if e.kind == "link" {
            if !(e.url.starts_with("https://") || e.url.starts_with("http://")) {
                c.fail(f("url"), "A link must start with https:// or http://.");
            }
            c.short(&f("url"), "Link", &e.url);
        } else if !is_hash {
            c.fail(f("sha256"), "This evidence does not point at a stored file.");
        }
        c.short(&f("name"), "Name", &e.name);
        c.long(&f("caption"), "Caption", &e.caption);
        c.long(&f("alt"), "Alternative text", &e.alt);
    }
}
