//! Writing records: create, update, modify (read-modify-write with retry),
//! restore and delete, each validated, in one transaction with its index
//! entry, and flushed before it returns.

use chrono::Utc;
use sled::transaction::TransactionalTree;
use sled::Transactional;

use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordData, RecordKind, RecordMeta, Validate, ValidationErrors};

use crate::codec::{self, index_key};
use crate::{abort, rules, tx_done, Result, Store, StoreError};

impl Store {
    /// Creates a record for `learner`.
    pub fn create(&self, learner: Id, author_role: AuthorRole, data: RecordData) -> Result<AnyRecord> {
        data.validate()?;
        let now = Utc::now();
        let meta =
            RecordMeta { id: portfolio_domain::new_id(), learner_id: learner, created: now, updated: now, author_role };
        let record = AnyRecord::from_parts(meta, data);
        rules::check(self, &record, None, false)?;
        self.write(&record, WriteMode::Create)?;
        self.flush()?;
        Ok(record)
    }

    /// Creates many records for one learner with a single flush (demo, CLI
    /// batches). All are validated first; nothing is written if one fails.
    pub fn create_many(&self, learner: Id, author_role: AuthorRole, items: Vec<RecordData>) -> Result<Vec<AnyRecord>> {
        // Records with cross-record rules (periods, plans, ...) go one by one.
        if items.iter().any(|d| !RecordKind::PORTFOLIO.contains(&d.kind())) {
            let mut out = Vec::new();
            for d in items {
                out.push(self.create(learner, author_role, d)?);
            }
            return Ok(out);
        }
        let mut fields = Vec::new();
        for (i, d) in items.iter().enumerate() {
            if let Err(ValidationErrors(errs)) = d.validate() {
                fields.extend(errs.into_iter().map(|mut e| {
                    e.message = format!("Item {}: {}", i + 1, e.message);
                    e.field = format!("[{i}].{}", e.field);
                    e
                }));
            }
        }
        if !fields.is_empty() {
            return Err(StoreError::Validation(ValidationErrors(fields)));
        }
        self.learner(learner)?;
        let now = Utc::now();
        let records: Vec<AnyRecord> = items
            .into_iter()
            .map(|data| {
                let meta = RecordMeta {
                    id: portfolio_domain::new_id(),
                    learner_id: learner,
                    created: now,
                    updated: now,
                    author_role,
                };
                AnyRecord::from_parts(meta, data)
            })
            .collect();
        rules::check_owners(self, &records)?;
        for kind in RecordKind::ALL {
            let of_kind: Vec<&AnyRecord> = records.iter().filter(|r| r.kind() == kind).collect();
            for chunk in of_kind.chunks(2_000) {
                self.write_all(kind, chunk)?;
            }
        }
        self.flush()?;
        Ok(records)
    }

    /// Replaces a record's data; keeps its id, learner, author and creation time.
    pub fn update(&self, id: Id, data: RecordData) -> Result<AnyRecord> {
        data.validate()?;
        let old = self.get(data.kind(), id)?;
        let mut meta = old.meta().clone();
        meta.updated = Utc::now();
        let data = rules::merge_edit(&old, data, meta.updated)?;
        let record = AnyRecord::from_parts(meta, data);
        rules::check(self, &record, Some(&old), false)?;
        self.write(&record, WriteMode::Update)?;
        self.flush()?;
        Ok(record)
    }

    /// Changes a record as one read-modify-write: `change` gets the stored
    /// record and returns its new data (`None`: leave it as it is). If another
    /// writer changed the record between the read and the write, the write is
    /// refused inside the transaction and `change` runs again on the newer
    /// version, so concurrent changes (two files attached to one record at
    /// once) are all kept. Same validation and rules as [`Store::update`].
    pub fn modify(
        &self,
        kind: RecordKind,
        id: Id,
        mut change: impl FnMut(&AnyRecord) -> Result<Option<RecordData>>,
    ) -> Result<AnyRecord> {
        loop {
            let Some(old_bytes) = self.trees(kind).records.get(id.as_bytes())? else {
                return Err(StoreError::NotFound { what: kind.as_str(), id });
            };
            let old = codec::decode_record(kind, id.as_bytes(), &old_bytes)?;
            let Some(data) = change(&old)? else { return Ok(old) };
            data.validate()?;
            let mut meta = old.meta().clone();
            meta.updated = Utc::now();
            let data = rules::merge_edit(&old, data, meta.updated)?;
            let record = AnyRecord::from_parts(meta, data);
            rules::check(self, &record, Some(&old), false)?;
            match self.write(&record, WriteMode::Replace(&old_bytes)) {
                Err(StoreError::Changed) => continue,
                other => other?,
            }
            self.flush()?;
            return Ok(record);
        }
    }

    /// Puts a record back exactly as given (undo of a delete, imports).
    pub fn restore(&self, record: &AnyRecord) -> Result<AnyRecord> {
        record.data().validate()?;
        let old = self.get(record.kind(), record.meta().id).ok();
        rules::check(self, record, old.as_ref(), true)?;
        self.write(record, WriteMode::Upsert)?;
        self.flush()?;
        Ok(record.clone())
    }

    /// Deletes a record; returns it so the caller can offer Undo.
    pub fn delete(&self, kind: RecordKind, id: Id) -> Result<AnyRecord> {
        let t = self.trees(kind);
        let trees = [t.records.clone(), t.index.clone()];
        let removed = tx_done(trees[..].transaction(|tx: &Vec<TransactionalTree>| {
            let Some(bytes) = tx[0].remove(id.as_bytes())? else {
                return abort(StoreError::NotFound { what: kind.as_str(), id });
            };
            let old = match codec::decode_record(kind, id.as_bytes(), &bytes) {
                Ok(r) => r,
                Err(e) => return abort(e),
            };
            tx[1].remove(&index_key(&old)[..])?;
            Ok(old)
        }))?;
        self.flush()?;
        Ok(removed)
    }

    fn write(&self, record: &AnyRecord, mode: WriteMode) -> Result<()> {
        let kind = record.kind();
        let t = self.trees(kind);
        let id = record.meta().id;
        let learner = record.meta().learner_id;
        let bytes = codec::encode_record(record)?;
        let new_key = index_key(record);
        let trees = [self.inner.learners.clone(), t.records.clone(), t.index.clone()];
        tx_done(trees[..].transaction(|tx: &Vec<TransactionalTree>| {
            if tx[0].get(learner.as_bytes())?.is_none() {
                return abort(StoreError::NotFound { what: "learner", id: learner });
            }
            let old = tx[1].insert(id.as_bytes(), bytes.as_slice())?;
            match (old, mode) {
                (Some(_), WriteMode::Create) => {
                    return abort(StoreError::Engine(format!("a record with id {id} already exists")))
                }
                (None, WriteMode::Update | WriteMode::Replace(_)) => {
                    return abort(StoreError::NotFound { what: kind.as_str(), id })
                }
                (Some(old), WriteMode::Replace(expected)) if old.as_ref() != expected => {
                    return abort(StoreError::Changed)
                }
                (Some(old), _) => {
                    let old = match codec::decode_record(kind, id.as_bytes(), &old) {
                        Ok(r) => r,
                        Err(e) => return abort(e),
                    };
                    if old.meta().learner_id != learner {
                        return abort(StoreError::Engine(format!(
                            "record {id} belongs to another learner and cannot be moved"
                        )));
                    }
                    tx[2].remove(&index_key(&old)[..])?;
                }
                (None, _) => {}
            }
            tx[2].insert(&new_key[..], &[][..])?;
            Ok(())
        }))
    }

    fn write_all(&self, kind: RecordKind, records: &[&AnyRecord]) -> Result<()> {
        let t = self.trees(kind);
        let mut encoded = Vec::with_capacity(records.len());
        for r in records {
            encoded.push((r.meta().id, r.meta().learner_id, codec::encode_record(r)?, index_key(r)));
        }
        let trees = [self.inner.learners.clone(), t.records.clone(), t.index.clone()];
        tx_done(trees[..].transaction(|tx: &Vec<TransactionalTree>| {
            for (id, learner, bytes, key) in &encoded {
                if tx[0].get(learner.as_bytes())?.is_none() {
                    return abort(StoreError::NotFound { what: "learner", id: *learner });
                }
                if tx[1].insert(id.as_bytes(), bytes.as_slice())?.is_some() {
                    return abort(StoreError::Engine(format!("a record with id {id} already exists")));
                }
                tx[2].insert(&key[..], &[][..])?;
            }
            Ok(())
        }))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode<'a> {
    Create,
    Update,
    Upsert,
    /// Update only if the stored bytes are still these ([`Store::modify`]).
    Replace(&'a [u8]),
}
