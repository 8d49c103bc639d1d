//! Reading a Leap2A zip (or a bare `leap2a.xml`) under [`Limits`]: entry
//! names checked, sizes capped before anything is decompressed.

use std::io::{Cursor, Read};

use super::convert::{convert, Leap2aImport};
use super::parse::parse_feed;
use super::{Limits, FEED_FILE};
use crate::{InterchangeError, Result};

pub(super) fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.chars().any(|c| c == '\\' || c == ':' || c.is_control())
        && name.trim_end_matches('/').split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads a Leap2A zip (or a bare `leap2a.xml`) and converts it, validating
/// everything, without touching any store.
pub fn read_leap2a(bytes: &[u8], limits: Limits) -> Result<Leap2aImport> {
    if bytes.len() as u64 > limits.max_file {
        return Err(InterchangeError::TooLarge {
            what: "The file".into(),
            size: bytes.len() as u64,
            limit: limits.max_file,
        });
    }
    let (xml, zip_files) = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| InterchangeError::NotLeap2a(format!("the zip file cannot be read ({e})")))?;
        if zip.len() as u64 > limits.max_zip_entries {
            return Err(InterchangeError::TooMany { count: zip.len() as u64, limit: limits.max_zip_entries });
        }
        let mut feed_index = None;
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let f = zip
                .by_index_raw(i)
                .map_err(|e| InterchangeError::NotLeap2a(format!("a zip entry cannot be read ({e})")))?;
            let name = f.name().to_string();
            if !safe_name(&name) {
                return Err(InterchangeError::UnsafeName(name));
            }
            if name == FEED_FILE {
                if f.size() > limits.max_feed {
                    return Err(InterchangeError::TooLarge {
                        what: "leap2a.xml".into(),
                        size: f.size(),
                        limit: limits.max_feed,
                    });
                }
                feed_index = Some(i);
            } else if !name.ends_with('/') {
                names.push(name);
            }
        }
        let i = feed_index
            .ok_or_else(|| InterchangeError::NotLeap2a("the zip file has no leap2a.xml at its root".into()))?;
        let f = zip.by_index(i).map_err(|e| InterchangeError::NotLeap2a(format!("leap2a.xml cannot be read ({e})")))?;
        let mut buf = Vec::new();
        f.take(limits.max_feed + 1)
            .read_to_end(&mut buf)
            .map_err(|e| InterchangeError::NotLeap2a(format!("leap2a.xml cannot be read ({e})")))?;
        if buf.len() as u64 > limits.max_feed {
            return Err(InterchangeError::TooLarge {
                what: "leap2a.xml".into(),
                size: buf.len() as u64,
                limit: limits.max_feed,
            });
        }
        (buf, names.len())
    } else {
        if bytes.len() as u64 > limits.max_feed {
            return Err(InterchangeError::TooLarge {
                what: "leap2a.xml".into(),
                size: bytes.len() as u64,
                limit: limits.max_feed,
            });
        }
        (bytes.to_vec(), 0)
    };
    let xml = String::from_utf8(xml).map_err(|_| InterchangeError::BadXml("it is not UTF-8 text".into()))?;
    let (author, entries) = parse_feed(&xml, limits)?;
    let mut out = convert(author, entries)?;
    out.files_skipped = out.files_skipped.max(zip_files);
    Ok(out)
}
