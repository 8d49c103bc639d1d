//! Helpers shared by the archive tests: entries in and out of a zip, and a
//! manifest that lists them truthfully.
#![allow(dead_code)]

use std::io::{Cursor, Read};

use portfolio_archive::{Manifest, ManifestEntry};
use zip::ZipArchive;

/// An archive's entries: (name, bytes), in archive order.
pub type Entries = Vec<(String, Vec<u8>)>;

/// Lower-case hex SHA-256.
pub fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every entry of the zip `bytes`.
pub fn unpack(bytes: &[u8]) -> Entries {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

/// Makes the manifest list exactly the other entries (sizes, checksums),
/// then `extra`.
pub fn fix_manifest(entries: &mut Entries, extra: &[ManifestEntry]) {
    let i = entries.iter().position(|(n, _)| n == "manifest.json").unwrap();
    let mut m: Manifest = serde_json::from_slice(&entries[i].1).unwrap();
    m.entries = entries
        .iter()
        .filter(|(n, _)| n != "manifest.json")
        .map(|(n, b)| ManifestEntry { path: n.clone(), size: b.len() as u64, sha256: sha(b) })
        .chain(extra.iter().cloned())
        .collect();
    entries[i].1 = serde_json::to_vec(&m).unwrap();
}
