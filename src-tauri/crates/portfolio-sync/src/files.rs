//! Evidence files travel as Automerge documents of their own: a file is cut
//! into parts of at most [`PART_BYTES`] (every sync message stays below the
//! websocket frame limits of the project's relay, samod's client and the
//! stock relay), each part one document that is written once and never
//! changes, so it is sent once. The student's manifest lists each shared
//! file by its SHA-256 with its parts' document ids and who may read it
//! ([`SharedFile::family`]: the family too, or the learning team only),
//! following the visibility of the records that refer to it; a file only a
//! Private journal entry refers to is never made into a document.
//!
//! A receiving device reassembles the parts and keeps the file only if its
//! SHA-256 is the one listed (content addressing is the integrity check).

use automerge::{transaction::Transactable, Automerge, ReadDoc, ScalarValue, Value, ROOT};
use portfolio_domain::Id;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Result, SyncError};

/// The largest part of a file in one document (4 MiB).
pub const PART_BYTES: usize = 4 << 20;

/// The schema tag of a file part document.
pub const PART_SCHEMA: &str = "file-part/1";

/// A file shared with the team: its parts and who may read them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SharedFile {
    /// The parts' document ids, in order.
    pub parts: Vec<String>,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// True when a family-visible record refers to it (the family may read
    /// it); false for the learning team only.
    pub family: bool,
}

/// A new part document: part `index` of the file `sha256`.
pub fn part_document(learner_id: Id, sha256: &str, index: usize, bytes: &[u8]) -> Result<Automerge> {
    let mut doc = Automerge::new();
    doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ROOT, "lp", PART_SCHEMA)?;
        tx.put(ROOT, "learner_id", learner_id.to_string())?;
        tx.put(ROOT, "sha256", sha256)?;
        tx.put(ROOT, "index", index as u64)?;
        tx.put(ROOT, "bytes", ScalarValue::Bytes(bytes.to_vec()))?;
        Ok(())
    })
    .map_err(|f| f.error)?;
    Ok(doc)
}

/// The bytes of part `index` of file `sha256` in `doc`, or why not.
pub fn part_bytes(doc: &Automerge, sha256: &str, index: usize) -> Result<Vec<u8>> {
    let bad = |why: &str| SyncError::Document(format!("file part {index} of {sha256}: {why}"));
    let text = |key: &str| match doc.get(ROOT, key) {
        Ok(Some((Value::Scalar(v), _))) => match v.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    };
    if text("lp").as_deref() != Some(PART_SCHEMA) {
        return Err(bad("not a file part"));
    }
    if text("sha256").as_deref() != Some(sha256) {
        return Err(bad("the part belongs to another file"));
    }
    match doc.get(ROOT, "index") {
        Ok(Some((Value::Scalar(v), _))) if matches!(v.as_ref(), ScalarValue::Uint(i) if *i == index as u64) => {}
        _ => return Err(bad("the part is out of order")),
    }
    match doc.get(ROOT, "bytes") {
        Ok(Some((Value::Scalar(v), _))) => match v.as_ref() {
            ScalarValue::Bytes(b) if b.len() <= PART_BYTES => Ok(b.clone()),
            ScalarValue::Bytes(_) => Err(bad("the part is larger than a part may be")),
            _ => Err(bad("no bytes")),
        },
        _ => Err(bad("no bytes")),
    }
}

/// The file from its parts, if its SHA-256 is `sha256` and its size `size`.
pub fn assemble(sha256: &str, size: u64, parts: Vec<Vec<u8>>) -> Result<Vec<u8>> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if total as u64 != size {
        return Err(SyncError::Document(format!("file {sha256}: {total} bytes arrived, {size} were listed")));
    }
    let mut out = Vec::with_capacity(total);
    for p in parts {
        out.extend_from_slice(&p);
    }
    let got = hex(&Sha256::digest(&out));
    if got != sha256 {
        return Err(SyncError::Document(format!("file {sha256}: the bytes that arrived hash to {got}")));
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_cut_into_parts_and_only_the_right_bytes_are_put_back_together() {
        let learner = portfolio_domain::new_id();
        let bytes: Vec<u8> = (0..(PART_BYTES * 2 + 1000)).map(|i| (i * 31 % 251) as u8).collect();
        let sha = hex(&Sha256::digest(&bytes));
        let docs: Vec<Automerge> =
            bytes.chunks(PART_BYTES).enumerate().map(|(i, c)| part_document(learner, &sha, i, c).unwrap()).collect();
        assert_eq!(docs.len(), 3);
        // Each part survives a save and load (as it travels and is stored).
        let parts: Vec<Vec<u8>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| part_bytes(&Automerge::load(&d.save()).unwrap(), &sha, i).unwrap())
            .collect();
        assert!(part_bytes(&docs[1], &sha, 0).unwrap_err().to_string().contains("out of order"));
        assert!(part_bytes(&docs[0], &"0".repeat(64), 0).unwrap_err().to_string().contains("another file"));
        assert_eq!(assemble(&sha, bytes.len() as u64, parts.clone()).unwrap(), bytes);
        let mut altered = parts.clone();
        altered[2][0] ^= 1;
        assert!(assemble(&sha, bytes.len() as u64, altered).unwrap_err().to_string().contains("hash to"));
        assert!(assemble(&sha, 5, parts).unwrap_err().to_string().contains("were listed"));
    }
}
