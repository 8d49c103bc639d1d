//! Reading and validating an archive, without touching any store.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use portfolio_domain::{AnyRecord, Framework, Learner, RecordKind, Validate};
use portfolio_store::SCHEMA_VERSION;
use zip::ZipArchive;

use crate::stage::{stage_entry, StagedFile, Staging};
use crate::{
    framework_file, is_media_name, referenced_media, sha256_hex, ArchiveError, Limits, Manifest, Result, FORMAT,
    FORMAT_VERSION, MANIFEST, MEDIA_FORMAT_VERSION,
};

/// A fully read, checked and validated archive.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    /// Its manifest.
    pub manifest: Manifest,
    /// Its learners, by id.
    pub learners: Vec<Learner>,
    /// Its records, in `RecordKind::ALL` order then by id.
    pub records: Vec<AnyRecord>,
    /// Its user frameworks, by id.
    pub frameworks: Vec<Framework>,
    /// Its evidence originals (`media/<sha256>`, format 2): SHA-256 → the
    /// verified bytes, copied to a temporary file (removed with the last clone).
    pub media: BTreeMap<String, StagedFile>,
}

const S_IFMT: u32 = 0o170000;
const S_IFLNK: u32 = 0o120000;

/// True when `name` is a safe relative entry name: `/`-separated, no empty,
/// `.` or `..` component, no backslash, colon (drive letters), NUL or
/// control character, not absolute.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.chars().any(|c| c == '\\' || c == ':' || c.is_control())
        && name.trim_end_matches('/').split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// What the end of central directory record says (zip64 when needed), read
/// from the raw bytes: the zip crate keys entries by name, hiding duplicates.
struct EndRecord {
    entries: u64,
    directory_offset: u64,
    directory_size: u64,
}

fn read_at<R: Read + Seek>(r: &mut R, offset: u64, len: usize) -> Option<Vec<u8>> {
    r.seek(SeekFrom::Start(offset)).ok()?;
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn end_record<R: Read + Seek>(r: &mut R) -> Option<EndRecord> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const EOCD64: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    let len = r.seek(SeekFrom::End(0)).ok()?;
    if len < 22 {
        return None;
    }
    let tail_len = len.min(22 + 65_535 + 20);
    let tail = read_at(r, len - tail_len, tail_len as usize)?;
    let pos = (0..=tail.len() - 22).rev().find(|&i| tail[i..i + 4] == EOCD)?;
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([tail[i], tail[i + 1]]));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([tail[i], tail[i + 1], tail[i + 2], tail[i + 3]]));
    let end =
        EndRecord { entries: u16_at(pos + 10), directory_size: u32_at(pos + 12), directory_offset: u32_at(pos + 16) };
    if end.entries != u64::from(u16::MAX)
        && end.directory_size != u64::from(u32::MAX)
        && end.directory_offset != u64::from(u32::MAX)
    {
        return Some(end);
    }
    // Zip64: the locator sits just before the end record and points at the
    // zip64 end record (entries at 32, directory size at 40, offset at 48).
    let loc = pos.checked_sub(20)?;
    let off = u64::from_le_bytes(tail.get(loc + 8..loc + 16)?.try_into().ok()?);
    let z = read_at(r, off, 56)?;
    if z[..4] != EOCD64 {
        return None;
    }
    let u64_at = |i: usize| z[i..i + 8].try_into().ok().map(u64::from_le_bytes);
    Some(EndRecord { entries: u64_at(32)?, directory_size: u64_at(40)?, directory_offset: u64_at(48)? })
}

enum Entry {
    Learner,
    Record(RecordKind),
    Framework,
    Media(String),
}

fn classify(name: &str, format_version: u32) -> Result<Entry> {
    let parts: Vec<&str> = name.split('/').collect();
    let json_stem = |s: &str| s.strip_suffix(".json").is_some_and(|stem| !stem.is_empty());
    match parts.as_slice() {
        ["learners", file] if json_stem(file) => Ok(Entry::Learner),
        ["frameworks", file] if json_stem(file) => Ok(Entry::Framework),
        ["records", kind, file] if json_stem(file) => match RecordKind::parse(kind) {
            Some(k) if k.plural() == *kind => Ok(Entry::Record(k)),
            _ => Err(ArchiveError::UnknownKind((*kind).to_string())),
        },
        ["records", kind, ..] if RecordKind::ALL.iter().all(|k| k.plural() != *kind) => {
            Err(ArchiveError::UnknownKind((*kind).to_string()))
        }
        ["media", ..] if format_version < MEDIA_FORMAT_VERSION => {
            Err(ArchiveError::MediaNotSupported(name.to_string()))
        }
        ["media", file] if is_media_name(file) => Ok(Entry::Media((*file).to_string())),
        ["media", ..] => Err(ArchiveError::BadMediaName(name.to_string())),
        _ => Err(ArchiveError::UnknownEntry(name.to_string())),
    }
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| ArchiveError::BadEntry { name: name.into(), detail: e.to_string() })
}

fn invalid(name: &str, e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::BadEntry { name: name.into(), detail: crate::clause(e) }
}

/// Reads `bytes` as an archive and checks everything that can be checked
/// without a store; see the crate docs for the list. Nothing is decompressed
/// before every entry's name, type and declared size have passed.
pub fn read_archive(bytes: &[u8], limits: &Limits) -> Result<Archive> {
    if bytes.len() as u64 > limits.max_archive_bytes {
        return Err(ArchiveError::ArchiveTooLarge { size: bytes.len() as u64, limit: limits.max_archive_bytes });
    }
    read_from(Cursor::new(bytes), limits)
}

/// Reads the archive file at `path` like [`read_archive`], without holding
/// it in memory: its size is checked before anything is read, entries are
/// read from the file, and evidence originals are copied (and hashed on the
/// way) into temporary files.
pub fn read_archive_file(path: &Path, limits: &Limits) -> Result<Archive> {
    let io = |e: std::io::Error| ArchiveError::Io { path: path.display().to_string(), detail: e.to_string() };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limits.max_archive_bytes {
        return Err(ArchiveError::ArchiveTooLarge { size, limit: limits.max_archive_bytes });
    }
    read_from(BufReader::new(std::fs::File::open(path).map_err(io)?), limits)
}

fn read_from<R: Read + Seek>(mut source: R, limits: &Limits) -> Result<Archive> {
    let end = end_record(&mut source).ok_or_else(|| ArchiveError::NotAZip("no end of central directory".into()))?;
    let mut zip = ZipArchive::new(source).map_err(|e| ArchiveError::NotAZip(e.to_string()))?;
    let declared = end.entries;
    if declared > limits.max_entries as u64 || zip.len() > limits.max_entries {
        return Err(ArchiveError::TooManyEntries {
            count: usize::try_from(declared).unwrap_or(usize::MAX).max(zip.len()),
            limit: limits.max_entries,
        });
    }

    // Pass 1: metadata only.
    let mut names = Vec::with_capacity(zip.len());
    let mut seen = BTreeSet::new();
    let mut declared_total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| ArchiveError::NotAZip(e.to_string()))?;
        let name = f.name().to_string();
        if !safe_name(&name) {
            return Err(ArchiveError::UnsafePath(name));
        }
        if f.unix_mode().is_some_and(|m| m & S_IFMT == S_IFLNK) {
            return Err(ArchiveError::Symlink(name));
        }
        if !seen.insert(name.clone()) {
            return Err(ArchiveError::DuplicateEntry(name));
        }
        let size = f.size();
        if size > limits.max_entry_bytes {
            return Err(ArchiveError::EntryTooLarge { name, limit: limits.max_entry_bytes });
        }
        if size > limits.ratio_threshold_bytes {
            let ratio = size / f.compressed_size().max(1);
            if ratio > limits.max_ratio {
                return Err(ArchiveError::CompressionRatio { name, ratio });
            }
        }
        declared_total = declared_total.saturating_add(size);
        if declared_total > limits.max_total_bytes {
            return Err(ArchiveError::TotalTooLarge { limit: limits.max_total_bytes });
        }
        names.push((name, f.is_dir()));
    }
    if declared != zip.len() as u64 {
        // Same name twice: the zip library kept only one of them.
        let name = names.last().map(|(n, _)| n.clone()).unwrap_or_default();
        let directory = usize::try_from(end.directory_size.min(64 << 20)).unwrap_or(0);
        let dup = read_at(&mut zip.into_inner(), end.directory_offset, directory).and_then(|d| find_duplicate(&d));
        return Err(ArchiveError::DuplicateEntry(dup.unwrap_or(name)));
    }

    // Pass 2: read with hard caps.
    let mut read_total: u64 = 0;
    let mut read_entry = |zip: &mut ZipArchive<R>, i: usize, name: &str| -> Result<Vec<u8>> {
        let mut f = zip.by_index(i).map_err(|e| invalid(name, e))?;
        let declared = f.size();
        let budget = limits.max_total_bytes.saturating_sub(read_total).min(declared);
        let mut buf = Vec::with_capacity(usize::try_from(declared.min(1 << 20)).unwrap_or(0));
        (&mut f).take(budget.saturating_add(1)).read_to_end(&mut buf).map_err(|e| invalid(name, e))?;
        let got = buf.len() as u64;
        if got > declared {
            return Err(ArchiveError::LargerThanDeclared(name.into()));
        }
        read_total += got;
        if read_total > limits.max_total_bytes {
            return Err(ArchiveError::TotalTooLarge { limit: limits.max_total_bytes });
        }
        Ok(buf)
    };

    let manifest_index = names.iter().position(|(n, _)| n == crate::MANIFEST).ok_or(ArchiveError::MissingManifest)?;
    let manifest_bytes = read_entry(&mut zip, manifest_index, MANIFEST)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        // Say "newer" rather than "damaged" when a newer version is visible.
        let v: Option<serde_json::Value> = serde_json::from_slice(&manifest_bytes).ok();
        match v.as_ref().and_then(|v| v.get("format_version")).and_then(|v| v.as_u64()) {
            Some(found) if found > u64::from(FORMAT_VERSION) => ArchiveError::FormatTooNew {
                found: u32::try_from(found).unwrap_or(u32::MAX),
                supported: FORMAT_VERSION,
            },
            _ => ArchiveError::BadManifest(e.to_string()),
        }
    })?;
    if manifest.format != FORMAT {
        return Err(ArchiveError::WrongFormat(manifest.format));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(ArchiveError::FormatTooNew { found: manifest.format_version, supported: FORMAT_VERSION });
    }
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(ArchiveError::SchemaTooNew { found: manifest.schema_version, supported: SCHEMA_VERSION });
    }
    let mut listed = BTreeMap::new();
    for e in &manifest.entries {
        if listed.insert(e.path.as_str(), e).is_some() {
            return Err(ArchiveError::BadManifest(format!("it lists \u{201c}{}\u{201d} twice", e.path)));
        }
    }
    for (name, is_dir) in &names {
        if !is_dir && name != MANIFEST && !listed.contains_key(name.as_str()) {
            return Err(ArchiveError::Unlisted(name.clone()));
        }
    }
    for e in &manifest.entries {
        if !seen.contains(&e.path) {
            return Err(ArchiveError::MissingEntry(e.path.clone()));
        }
    }

    let mut archive = Archive {
        manifest: manifest.clone(),
        learners: Vec::new(),
        records: Vec::new(),
        frameworks: Vec::new(),
        media: BTreeMap::new(),
    };
    // Media entries are read last, once the records say which are referenced.
    let mut media_entries = Vec::new();
    for (i, (name, is_dir)) in names.iter().enumerate() {
        if *is_dir || name == MANIFEST {
            continue;
        }
        let kind = classify(name, manifest.format_version)?;
        if let Entry::Media(sha) = kind {
            media_entries.push((i, name, sha));
            continue;
        }
        let bytes = read_entry(&mut zip, i, name)?;
        let entry = listed[name.as_str()];
        if entry.size != bytes.len() as u64 || entry.sha256 != sha256_hex(&bytes) {
            return Err(ArchiveError::ChecksumMismatch(name.clone()));
        }
        match kind {
            Entry::Learner => {
                let l: Learner = parse(name, &bytes)?;
                if name != &format!("learners/{}.json", l.id) {
                    return Err(invalid(name, format!("it holds learner {} under another name", l.id)));
                }
                l.profile.validate().map_err(|e| invalid(name, e))?;
                archive.learners.push(l);
            }
            Entry::Record(k) => {
                let r: AnyRecord = parse(name, &bytes)?;
                if r.kind() != k {
                    return Err(invalid(
                        name,
                        format!("it holds a {} in the {} folder", r.kind().as_str(), k.plural()),
                    ));
                }
                if name != &format!("records/{}/{}.json", k.plural(), r.meta().id) {
                    return Err(invalid(name, format!("it holds record {} under another name", r.meta().id)));
                }
                r.data().validate().map_err(|e| invalid(name, e))?;
                archive.records.push(r);
            }
            Entry::Framework => {
                let f: Framework = parse(name, &bytes)?;
                if name != &framework_file(&f.id) {
                    return Err(invalid(
                        name,
                        format!("it holds framework \u{201c}{}\u{201d} under another name", f.id),
                    ));
                }
                if portfolio_domain::builtin_frameworks().iter().any(|b| b.id == f.id) {
                    return Err(invalid(name, "built-in frameworks ship with the app and are never archived"));
                }
                f.validate().map_err(|e| invalid(name, e))?;
                archive.frameworks.push(f);
            }
            Entry::Media(_) => unreachable!("media entries are read below"),
        }
    }
    check_consistency(&archive)?;
    check_media(&archive, media_entries.iter().map(|(_, name, sha)| (name.as_str(), sha.as_str())))?;
    // Referenced media: copied to temporary files, hashed on the way, within
    // the same total budget as the other entries.
    let mut staging = Staging::default();
    let mut budget = limits.max_total_bytes.saturating_sub(read_total);
    for (i, name, sha) in media_entries {
        let f = zip.by_index(i).map_err(|e| invalid(name, e))?;
        let staged = stage_entry(&mut staging, f, name, budget)?;
        budget -= staged.size();
        let entry = listed[name.as_str()];
        if entry.size != staged.size() || entry.sha256 != staged.sha256() {
            return Err(ArchiveError::ChecksumMismatch(name.clone()));
        }
        if staged.sha256() != sha {
            return Err(ArchiveError::MediaMismatch(name.clone()));
        }
        archive.media.insert(sha, staged);
    }
    archive.learners.sort_by_key(|l| l.id);
    archive.records.sort_by_key(|r| (RecordKind::ALL.iter().position(|k| *k == r.kind()), r.meta().id));
    archive.frameworks.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(archive)
}

/// The archive agrees with its own manifest: learners and counts.
fn check_consistency(a: &Archive) -> Result<()> {
    if a.learners.is_empty() {
        return Err(ArchiveError::NoLearners);
    }
    let ids: BTreeSet<_> = a.learners.iter().map(|l| l.id).collect();
    let listed: BTreeSet<_> = a.manifest.learners.iter().copied().collect();
    if ids != listed {
        return Err(ArchiveError::Invalid("the learners differ from those the manifest lists".into()));
    }
    for r in &a.records {
        if !ids.contains(&r.meta().learner_id) {
            return Err(ArchiveError::Invalid(format!(
                "{} {} belongs to a learner the archive does not hold",
                r.kind().as_str(),
                r.meta().id
            )));
        }
    }
    for kind in RecordKind::ALL {
        let n = a.records.iter().filter(|r| r.kind() == kind).count() as u64;
        if a.manifest.counts.get(kind.plural()).copied().unwrap_or(0) != n {
            return Err(ArchiveError::Invalid(format!("the manifest's count of {} is wrong", kind.plural())));
        }
    }
    Ok(())
}

/// Every media entry (entry name, SHA-256 it is named by) is referenced by
/// a record's evidence or a learner's photo, and no media entry is also
/// listed as missing: checked before any media entry is read.
fn check_media<'a>(a: &Archive, media: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Result<()> {
    let referenced = referenced_media(&a.learners, &a.records);
    for (name, sha) in media.clone() {
        if !referenced.contains_key(sha) {
            return Err(ArchiveError::UnreferencedMedia(name.to_string()));
        }
    }
    for sha in &a.manifest.missing_media {
        if media.clone().any(|(_, held)| held == sha) {
            return Err(ArchiveError::BadManifest(format!(
                "it lists media/{sha} as missing although the archive holds it"
            )));
        }
    }
    Ok(())
}

/// The first name that occurs twice in the raw central directory.
fn find_duplicate(bytes: &[u8]) -> Option<String> {
    const CDH: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let mut seen = BTreeSet::new();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == CDH {
            let n = usize::from(u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]));
            if let Some(name) = bytes.get(i + 46..i + 46 + n) {
                let name = String::from_utf8_lossy(name).into_owned();
                if !seen.insert(name.clone()) {
                    return Some(name);
                }
            }
            i += 46;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names() {
        for ok in ["manifest.json", "records/goals/x.json", "media/"] {
            assert!(safe_name(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a\\b", "C:/x", "c:x", "a//b", "./a", "a/./b", "a\0b"] {
            assert!(!safe_name(bad), "{bad:?}");
        }
    }
}
