//! samod's storage trait over a sled tree: the document chunks live beside
//! the portfolio's own trees in the same sled database.
//!
//! Keys are samod's key parts joined with "/" (samod guarantees no part
//! contains "/"), e.g. `<doc id>/incremental/<hash>`.

use std::collections::HashMap;

use samod::storage::{Storage, StorageKey};

/// A samod [`Storage`] kept in one sled tree.
#[derive(Clone, Debug)]
pub struct SledStorage {
    tree: sled::Tree,
}

impl SledStorage {
    /// Document storage in `tree` (the caller opens it, e.g. `db.open_tree("sync-docs")`).
    pub fn new(tree: sled::Tree) -> Self {
        SledStorage { tree }
    }

    /// The tree, e.g. to count or flush.
    pub fn tree(&self) -> &sled::Tree {
        &self.tree
    }
}

fn encode(key: &StorageKey) -> String {
    key.to_string()
}

fn decode(bytes: &[u8]) -> Option<StorageKey> {
    let text = std::str::from_utf8(bytes).ok()?;
    StorageKey::from_parts(text.split('/')).ok()
}

// sled calls are short and synchronous. samod's trait has no error channel:
// a failure is reported on stderr; the document stays in memory and is
// written again with the next change or compaction.
impl Storage for SledStorage {
    async fn load(&self, key: StorageKey) -> Option<Vec<u8>> {
        match self.tree.get(encode(&key)) {
            Ok(v) => v.map(|v| v.to_vec()),
            Err(e) => {
                eprintln!("sync storage: could not read {}: {e}", encode(&key));
                None
            }
        }
    }

    async fn load_range(&self, prefix: StorageKey) -> HashMap<StorageKey, Vec<u8>> {
        let mut p = encode(&prefix);
        let mut out = HashMap::new();
        if !p.is_empty() {
            p.push('/');
        }
        for item in self.tree.scan_prefix(p.as_bytes()) {
            match item {
                Ok((k, v)) => {
                    if let Some(key) = decode(&k) {
                        out.insert(key, v.to_vec());
                    }
                }
                Err(e) => eprintln!("sync storage: could not scan {p}: {e}"),
            }
        }
        // An exact match of the prefix itself is also "in range".
        if let Ok(Some(v)) = self.tree.get(encode(&prefix)) {
            out.insert(prefix, v.to_vec());
        }
        out
    }

    async fn put(&self, key: StorageKey, data: Vec<u8>) {
        if let Err(e) = self.tree.insert(encode(&key), data) {
            eprintln!("sync storage: could not save {}: {e}", encode(&key));
        }
    }

    async fn delete(&self, key: StorageKey) {
        if let Err(e) = self.tree.remove(encode(&key)) {
            eprintln!("sync storage: could not delete {}: {e}", encode(&key));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(parts: &[&str]) -> StorageKey {
        StorageKey::from_parts(parts.iter().copied()).unwrap()
    }

    #[tokio::test]
    async fn put_load_range_delete() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path().join("db")).unwrap();
        let s = SledStorage::new(db.open_tree("sync-docs").unwrap());
        s.put(key(&["doc1", "incremental", "h1"]), b"uno".to_vec()).await;
        s.put(key(&["doc1", "snapshot", "h2"]), "dos 二".as_bytes().to_vec()).await;
        s.put(key(&["doc10", "incremental", "h3"]), b"not doc1".to_vec()).await;
        assert_eq!(s.load(key(&["doc1", "incremental", "h1"])).await.as_deref(), Some(&b"uno"[..]));
        let range = s.load_range(key(&["doc1"])).await;
        assert_eq!(range.len(), 2, "doc10 is not under doc1: {range:?}");
        assert_eq!(range[&key(&["doc1", "snapshot", "h2"])], "dos 二".as_bytes());
        s.delete(key(&["doc1", "incremental", "h1"])).await;
        assert_eq!(s.load(key(&["doc1", "incremental", "h1"])).await, None);
        assert_eq!(s.load_range(key(&["doc1"])).await.len(), 1);
    }
}
