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
    let xml = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| InterchangeError::NotLeap2a(format!("the zip file cannot be read ({e})")))?;
        if zip.len() as u64 > limits.max_zip_entries {
            return Err(InterchangeError::TooMany { count: zip.len() as u64, limit: limits.max_zip_entries });
        }
        let mut feed_index = None;
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
        buf
    } else {
        if bytes.len() as u64 > limits.max_feed {
            return Err(InterchangeError::TooLarge {
                what: "leap2a.xml".into(),
                size: bytes.len() as u64,
                limit: limits.max_feed,
            });
        }
        bytes.to_vec()
    };
    let xml = String::from_utf8(xml).map_err(|_| InterchangeError::BadXml("it is not UTF-8 text".into()))?;
    let (author, entries) = parse_feed(&xml, limits)?;
    convert(author, entries)
}

/// The files of an export's zip, opened once (a bare `leap2a.xml` has none).
pub(super) struct ZipFiles<'a> {
    zip: Option<zip::ZipArchive<Cursor<&'a [u8]>>>,
}

impl<'a> ZipFiles<'a> {
    /// Opens the zip in `bytes` (already checked by [`read_leap2a`]).
    pub(super) fn open(bytes: &'a [u8]) -> Self {
        let zip = if bytes.starts_with(b"PK") { zip::ZipArchive::new(Cursor::new(bytes)).ok() } else { None };
        ZipFiles { zip }
    }

    /// The bytes of the file at `path` (as the feed names it, percent-encoded
    /// or not): `Ok(None)` when the zip does not hold it, `Err` with a reason
    /// when it is larger than `max` bytes or cannot be read. The declared
    /// size is checked before anything is decompressed.
    pub(super) fn read(&mut self, path: &str, max: u64) -> std::result::Result<Option<Vec<u8>>, String> {
        let Some(zip) = self.zip.as_mut() else { return Ok(None) };
        let decoded = percent_decode(path);
        let name = [path, decoded.as_str()].into_iter().find(|n| safe_name(n) && zip.index_for_name(n).is_some());
        let Some(index) = name.and_then(|n| zip.index_for_name(n)) else { return Ok(None) };
        let f = zip.by_index(index).map_err(|e| format!("it cannot be read ({e})"))?;
        if f.size() > max {
            return Err(format!(
                "it is too large ({} bytes; at most {max} more are allowed for this file and the export's files together)",
                f.size()
            ));
        }
        let mut buf = Vec::new();
        f.take(max + 1).read_to_end(&mut buf).map_err(|e| format!("it cannot be read ({e})"))?;
        if buf.len() as u64 > max {
            return Err(format!("it is too large (more than {max} bytes)"));
        }
        Ok(Some(buf))
    }
}

/// `%20` and friends decoded (invalid sequences kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
