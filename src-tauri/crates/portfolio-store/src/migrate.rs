//! Schema versions and the migrations between them.
//!
//! | version | what changed |
//! |---|---|
//! | 1 | records stored as flat JSON objects (`{id, learner_id, created, updated, …fields}`), no author role, no index trees |
//! | 2 | records in `{"v":2,"record":{meta,data}}` envelopes with an author role; per-kind `*_by_learner` index trees |
//!
//! [`run`] applies each step in order and records the new version after each,
//! so an interrupted migration resumes where it stopped.

use serde_json::{Map, Value};

use portfolio_domain::{AnyRecord, AuthorRole, Learner, LearnerProfile, RecordData, RecordKind, RecordMeta};

use crate::codec::{encode, encode_record, hex, index_key};
use crate::{Result, Store, StoreError, SCHEMA_VERSION};

type Step = fn(&Store) -> Result<()>;

/// Migration steps: `STEPS[i]` takes a store from version `i + 1` to `i + 2`.
const STEPS: [Step; 1] = [v1_to_v2];

/// Brings `store` up to [`SCHEMA_VERSION`], or refuses a newer one.
pub fn run(store: &Store, backups: &std::path::Path) -> Result<()> {
    let mut found = store.schema_version()?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: store.path().to_path_buf(), found, supported: SCHEMA_VERSION });
    }
    if found == 0 {
        return Err(StoreError::Damaged {
            what: "schema version".into(),
            key: "meta/schema_version".into(),
            detail: "version 0 never existed".into(),
        });
    }
    if found < SCHEMA_VERSION {
        backup_raw(store, backups, found)?;
    }
    while found < SCHEMA_VERSION {
        STEPS[(found - 1) as usize](store)?;
        found += 1;
        store.set_schema_version(found)?;
    }
    Ok(())
}

fn take_meta(obj: &mut Map<String, Value>, what: &str, key: &[u8]) -> Result<Value> {
    let mut meta = Map::new();
    for field in ["id", "learner_id", "created", "updated"] {
        if let Some(v) = obj.remove(field) {
            meta.insert(field.to_string(), v);
        }
    }
    if meta.len() < 3 {
        return Err(StoreError::Damaged {
            what: what.into(),
            key: hex(key),
            detail: "a version 1 record without its id or timestamps".into(),
        });
    }
    Ok(Value::Object(meta))
}

fn v1_to_v2(store: &Store) -> Result<()> {
    let damaged = |what: &str, key: &[u8], e: serde_json::Error| StoreError::Damaged {
        what: what.into(),
        key: hex(key),
        detail: e.to_string(),
    };
    // Learners: flat profile → {id, created, updated, profile}.
    for item in store.inner.learners.iter() {
        let (k, v) = item?;
        let mut obj: Map<String, Value> = serde_json::from_slice(&v).map_err(|e| damaged("learner", &k, e))?;
        let Value::Object(mut meta) = take_meta(&mut obj, "learner", &k)? else { continue };
        let profile: LearnerProfile =
            serde_json::from_value(Value::Object(obj)).map_err(|e| damaged("learner", &k, e))?;
        meta.insert("profile".into(), serde_json::to_value(profile).map_err(|e| damaged("learner", &k, e))?);
        let learner: Learner = serde_json::from_value(Value::Object(meta)).map_err(|e| damaged("learner", &k, e))?;
        store.inner.learners.insert(k, encode(&learner)?)?;
    }
    // Records: flat → envelope with meta (author: student) + data, and index.
    for kind in RecordKind::ALL {
        let t = store.trees(kind);
        let what = kind.as_str();
        for item in t.records.iter() {
            let (k, v) = item?;
            let mut obj: Map<String, Value> = serde_json::from_slice(&v).map_err(|e| damaged(what, &k, e))?;
            let Value::Object(mut meta) = take_meta(&mut obj, what, &k)? else { continue };
            meta.insert("author_role".into(), Value::String(AuthorRole::Student.as_str().into()));
            let meta: RecordMeta = serde_json::from_value(Value::Object(meta)).map_err(|e| damaged(what, &k, e))?;
            let data = RecordData::from_json(kind, Value::Object(obj)).map_err(|e| damaged(what, &k, e))?;
            let record = AnyRecord::from_parts(meta, data);
            let mut batch = sled::Batch::default();
            batch.insert(&k, encode_record(&record)?);
            t.records.apply_batch(batch)?;
            t.index.insert(&index_key(&record)[..], &[][..])?;
        }
    }
    store.flush()
}

/// Copies the store's files aside before migrating: an older schema cannot be
/// exported by this version, so the backup is the store itself, flushed.
/// Goes to `<backups>/store-before-migration-v<N>-<time>/`.
fn backup_raw(store: &Store, backups: &std::path::Path, version: u32) -> Result<()> {
    store.flush()?;
    let src = store.path();
    let dest =
        backups.join(format!("store-before-migration-v{version}-{}", chrono::Utc::now().format("%Y%m%d-%H%M%S")));
    let fail = |e: std::io::Error| {
        StoreError::Engine(format!("could not back up the store before upgrading it ({}): {e}", dest.display()))
    };
    std::fs::create_dir_all(&dest).map_err(fail)?;
    for entry in std::fs::read_dir(src).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        if entry.file_type().map_err(fail)?.is_file() {
            std::fs::copy(entry.path(), dest.join(entry.file_name())).map_err(fail)?;
        }
    }
    Ok(())
}
