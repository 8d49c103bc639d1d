//! The durable local store of Learner Portfolio, on sled 0.34.
//!
//! Layout (one sled database per installation, opened once per process):
//! - `meta`: `format` (a marker that this is our store) and `schema_version`;
//! - `learners`: learner id → versioned learner record;
//! - one tree per record kind (`experiences`, `reflections`, `goals`, `badges`):
//!   record id → versioned record;
//! - one index tree per kind (`experiences_by_learner`, ...): key = learner id ‖
//!   list date ‖ record id, value empty, so a learner's records list newest first
//!   by scanning a prefix backwards.
//!
//! Invariants:
//! - every write validates first, runs in one sled transaction that updates the
//!   record and its index entry together, and is flushed to disk before it returns;
//! - records are JSON envelopes `{"v": N, "record": …}` (never bincode);
//! - a store written by an older schema is migrated on open, step by step
//!   ([`migrate`]); a newer one is refused, never rewritten;
//! - nothing here panics on stored bytes: damaged records are reported as
//!   [`StoreError::Damaged`], and an engine panic while opening is caught.
#![warn(missing_docs)]

mod codec;
mod error;
pub mod frameworks;
mod integrity;
pub mod loop_ops;
pub mod migrate;
mod rules;
mod writes;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

use portfolio_domain::{
    AnyRecord, BadgeData, ExperienceData, GoalData, Id, Learner, LearnerProfile, Record, RecordCounts, RecordKind,
    ReflectionData, Validate,
};

use codec::{decode, encode, id_from_index_key};
pub use error::{Result, StoreError};
pub use rules::{references, showable};

/// The schema version this build writes. See [`migrate`] for the history.
pub const SCHEMA_VERSION: u32 = 2;
/// Marker stored under `meta/format`.
pub const FORMAT_MARK: &[u8] = b"learner-portfolio-store";
/// Page cache size: enough for tens of thousands of records, small for a desktop.
pub const CACHE_BYTES: u64 = 32 * 1024 * 1024;

const META_FORMAT: &[u8] = b"format";
const META_SCHEMA: &[u8] = b"schema_version";

/// Name of the primary tree for `kind`.
pub fn tree_name(kind: RecordKind) -> &'static str {
    kind.plural()
}

/// Name of the learner index tree for `kind`.
pub fn index_name(kind: RecordKind) -> String {
    format!("{}_by_learner", kind.plural())
}

struct KindTrees {
    records: Tree,
    index: Tree,
}

struct Inner {
    db: sled::Db,
    path: PathBuf,
    meta: Tree,
    learners: Tree,
    frameworks: Tree,
    kinds: Vec<KindTrees>,
}

/// An open portfolio store. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

/// A learner's whole portfolio as plain data (the CLI's `export-json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerExport {
    /// Always `"learner-portfolio-export"`.
    pub format: String,
    /// Schema version of the records.
    pub schema_version: u32,
    /// When the export was made.
    pub exported: DateTime<Utc>,
    /// The learner.
    pub learner: Learner,
    /// Experiences, newest first.
    pub experiences: Vec<Record<ExperienceData>>,
    /// Reflections, newest first.
    pub reflections: Vec<Record<ReflectionData>>,
    /// Goals, newest first.
    pub goals: Vec<Record<GoalData>>,
    /// Badges, newest first.
    pub badges: Vec<Record<BadgeData>>,
}

/// What an integrity check found. Empty lists mean all is well.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IntegrityReport {
    /// Records checked.
    pub records: usize,
    /// Problems found, one sentence each.
    pub problems: Vec<String>,
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

fn tx_done<T>(r: std::result::Result<T, TransactionError<StoreError>>) -> Result<T> {
    r.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::from(e),
    })
}

fn kind_index(kind: RecordKind) -> usize {
    RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Store {
    /// Opens (or creates) the store in the folder `path`.
    ///
    /// Refuses a folder that holds other files, a database of another program,
    /// a store from a newer version, and a store another process has open;
    /// each with a sentence that says so. Older schemas are migrated.
    ///
    /// Before a migration the store's files are copied beside the store
    /// folder; use [`Store::open_with_backups`] to say where (the application
    /// layer owns the data folder's layout and puts them with the backups).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        Store::open_with_backups(path, path.parent().unwrap_or(path))
    }

    /// Like [`Store::open`], copying the store's files into
    /// `backups/store-before-migration-v<N>-<time>/` before a migration.
    pub fn open_with_backups(path: impl AsRef<Path>, backups: &Path) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        check_folder(&path)?;
        let config = sled::Config::new().path(&path).cache_capacity(CACHE_BYTES);
        // sled may panic on some damaged files: contain it.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || config.open()));
        let db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(e)) => return Err(open_error(&path, e)),
            Err(_) => {
                return Err(StoreError::Unreadable {
                    path,
                    detail: "the storage engine stopped while reading it (the files look damaged)".into(),
                })
            }
        };
        let store = Store::from_db(db, path)?;
        store.check_format()?;
        migrate::run(&store, backups)?;
        Ok(store)
    }

    fn from_db(db: sled::Db, path: PathBuf) -> Result<Store> {
        let kind = |k: RecordKind| -> Result<KindTrees> {
            Ok(KindTrees { records: db.open_tree(tree_name(k))?, index: db.open_tree(index_name(k))? })
        };
        let inner = Inner {
            meta: db.open_tree("meta")?,
            learners: db.open_tree("learners")?,
            frameworks: db.open_tree("frameworks")?,
            kinds: RecordKind::ALL.into_iter().map(kind).collect::<Result<_>>()?,
            db,
            path,
        };
        Ok(Store { inner: Arc::new(inner) })
    }

    fn check_format(&self) -> Result<()> {
        let inner = &self.inner;
        match inner.meta.get(META_FORMAT)? {
            Some(mark) if mark.as_ref() == FORMAT_MARK => Ok(()),
            Some(_) => Err(StoreError::NotAStore {
                path: inner.path.clone(),
                reason: "it is a database of another program".into(),
            }),
            None => {
                let foreign = inner.db.tree_names().iter().any(|name| {
                    inner.db.open_tree(name).map(|t| !t.is_empty()).unwrap_or(true) && name.as_ref() != b"meta"
                });
                if inner.db.was_recovered() && foreign {
                    return Err(StoreError::NotAStore {
                        path: inner.path.clone(),
                        reason: "it is a database of another program".into(),
                    });
                }
                inner.meta.insert(META_FORMAT, FORMAT_MARK)?;
                inner.meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
                inner.db.flush()?;
                Ok(())
            }
        }
    }

    /// The folder the store lives in.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The schema version recorded in the store.
    pub fn schema_version(&self) -> Result<u32> {
        match self.inner.meta.get(META_SCHEMA)? {
            Some(v) if v.len() == 4 => Ok(u32::from_be_bytes([v[0], v[1], v[2], v[3]])),
            Some(_) => Err(StoreError::Damaged {
                what: "schema version".into(),
                key: "meta/schema_version".into(),
                detail: "not a 4-byte number".into(),
            }),
            None => Ok(SCHEMA_VERSION),
        }
    }

    fn set_schema_version(&self, v: u32) -> Result<()> {
        self.inner.meta.insert(META_SCHEMA, &v.to_be_bytes())?;
        self.flush()
    }

    pub(crate) fn frameworks_tree(&self) -> &Tree {
        &self.inner.frameworks
    }

    fn trees(&self, kind: RecordKind) -> &KindTrees {
        &self.inner.kinds[kind_index(kind)]
    }

    /// A named sled tree beside the record trees, for data that is not a
    /// record and that the application layer keeps itself: the sync
    /// engine's document chunks and per-learner team settings. Names of
    /// the store's own trees are refused so no one writes records around
    /// the store's rules.
    pub fn open_tree(&self, name: &str) -> Result<Tree> {
        let own = ["meta", "learners", "frameworks"].contains(&name)
            || RecordKind::ALL.into_iter().any(|k| tree_name(k) == name || index_name(k) == name);
        if own {
            return Err(StoreError::Refused(format!("\u{201c}{name}\u{201d} is one of the store's own trees.")));
        }
        Ok(self.inner.db.open_tree(name)?)
    }

    /// Writes everything to disk (sled otherwise syncs every 500 ms).
    pub fn flush(&self) -> Result<()> {
        self.inner.db.flush()?;
        Ok(())
    }

    // ----- learners -----

    /// All learners, sorted by name.
    pub fn learners(&self) -> Result<Vec<Learner>> {
        let mut out = Vec::new();
        for item in self.inner.learners.iter() {
            let (k, v) = item?;
            out.push(decode::<Learner>("learner", &k, &v)?);
        }
        out.sort_by_cached_key(|l| (l.profile.name.to_lowercase(), l.id));
        Ok(out)
    }

    /// One learner.
    pub fn learner(&self, id: Id) -> Result<Learner> {
        match self.inner.learners.get(id.as_bytes())? {
            Some(v) => decode("learner", id.as_bytes(), &v),
            None => Err(StoreError::NotFound { what: "learner", id }),
        }
    }

    /// Adds a learner.
    pub fn create_learner(&self, profile: LearnerProfile) -> Result<Learner> {
        profile.validate()?;
        let learner = Learner::new(normalise_profile(profile));
        self.put_learner(&learner)?;
        Ok(learner)
    }

    /// Changes a learner's profile.
    pub fn update_learner(&self, id: Id, profile: LearnerProfile) -> Result<Learner> {
        profile.validate()?;
        let mut learner = self.learner(id)?;
        learner.profile = normalise_profile(profile);
        learner.updated = Utc::now();
        self.put_learner(&learner)?;
        Ok(learner)
    }

    /// Stores a learner exactly as given (import, undo).
    pub fn put_learner(&self, learner: &Learner) -> Result<()> {
        learner.profile.validate()?;
        self.inner.learners.insert(learner.id.as_bytes(), encode(learner)?)?;
        self.flush()
    }

    /// Deletes a learner and every record of theirs, atomically.
    pub fn delete_learner(&self, id: Id) -> Result<Learner> {
        let learner = self.learner(id)?;
        let mut trees = vec![self.inner.learners.clone()];
        for k in &self.inner.kinds {
            trees.push(k.records.clone());
            trees.push(k.index.clone());
        }
        // Collect the learner's index keys, then remove everything in one
        // transaction. A record added meanwhile fails its own transaction's
        // learner check or is caught by the next round.
        for _round in 0..8 {
            let mut keys: Vec<Vec<Vec<u8>>> = Vec::new();
            for k in &self.inner.kinds {
                let mut ks = Vec::new();
                for item in k.index.scan_prefix(id.as_bytes()) {
                    ks.push(item?.0.to_vec());
                }
                keys.push(ks);
            }
            let all_gone = keys.iter().all(Vec::is_empty);
            tx_done(trees[..].transaction(|tx: &Vec<TransactionalTree>| {
                tx[0].remove(id.as_bytes())?;
                for (i, ks) in keys.iter().enumerate() {
                    for key in ks {
                        if let Some(rid) = id_from_index_key(key) {
                            tx[1 + 2 * i].remove(rid.as_bytes())?;
                        }
                        tx[2 + 2 * i].remove(key.as_slice())?;
                    }
                }
                Ok(())
            }))?;
            if all_gone {
                break;
            }
        }
        self.flush()?;
        Ok(learner)
    }

    // ----- records -----

    /// One record.
    pub fn get(&self, kind: RecordKind, id: Id) -> Result<AnyRecord> {
        match self.trees(kind).records.get(id.as_bytes())? {
            Some(v) => codec::decode_record(kind, id.as_bytes(), &v),
            None => Err(StoreError::NotFound { what: kind.as_str(), id }),
        }
    }

    /// A learner's records of one kind, newest first, filtered by `query`
    /// (every word must occur; empty = all).
    pub fn list(&self, learner: Id, kind: RecordKind, query: &str) -> Result<Vec<AnyRecord>> {
        self.learner(learner)?;
        let t = self.trees(kind);
        let mut out = Vec::new();
        for item in t.index.scan_prefix(learner.as_bytes()).rev() {
            let (key, _) = item?;
            let Some(id) = id_from_index_key(&key) else { continue };
            let Some(bytes) = t.records.get(id.as_bytes())? else { continue };
            let record = codec::decode_record(kind, id.as_bytes(), &bytes)?;
            if record.matches(query) {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// Every record of `kind` of every learner, read from the primary tree
    /// (not the indexes), in id order. Used where nothing may be missed, such
    /// as deciding which evidence files are still in use; a damaged record is
    /// an error rather than skipped.
    pub fn all_records(&self, kind: RecordKind) -> Result<Vec<AnyRecord>> {
        let mut out = Vec::new();
        for item in self.trees(kind).records.iter() {
            let (key, bytes) = item?;
            out.push(codec::decode_record(kind, &key, &bytes)?);
        }
        Ok(out)
    }

    /// How many records of each kind a learner has.
    pub fn counts(&self, learner: Id) -> Result<RecordCounts> {
        self.learner(learner)?;
        let mut counts = RecordCounts::default();
        for kind in RecordKind::ALL {
            let n = self.trees(kind).index.scan_prefix(learner.as_bytes()).keys().count();
            counts.set(kind, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(counts)
    }
}

fn normalise_profile(mut p: LearnerProfile) -> LearnerProfile {
    p.name = p.name.trim().to_string();
    p.preferred_name = p.preferred_name.trim().to_string();
    p.emails = p.emails.iter().map(|e| e.trim().to_string()).collect();
    p.interests = p.interests.iter().map(|e| e.trim().to_string()).collect();
    p
}

fn check_folder(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    if !path.is_dir() {
        return Err(StoreError::NotAStore { path: path.to_path_buf(), reason: "it is a file, not a folder".into() });
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| StoreError::Unreadable { path: path.to_path_buf(), detail: e.to_string() })?;
    let names: Vec<String> =
        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    let looks_like_sled = names.iter().any(|n| n == "conf") && names.iter().any(|n| n == "db");
    if !names.is_empty() && !looks_like_sled {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: "the folder already contains other files".into(),
        });
    }
    Ok(())
}

fn open_error(path: &Path, e: sled::Error) -> StoreError {
    let text = e.to_string();
    if text.contains("could not acquire lock") {
        return StoreError::InUse { path: path.to_path_buf() };
    }
    StoreError::Unreadable { path: path.to_path_buf(), detail: text }
}
