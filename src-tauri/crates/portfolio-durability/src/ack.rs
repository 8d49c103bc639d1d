//! The acknowledgement log and the check of a reopened store against it.
//!
//! The stress writer appends, and fsyncs, one line per step:
//!
//! ```text
//! begin <op> <kind> <id|-> <sha256|->   before a save starts
//! ack <op> <kind> <id> <sha256>          after the save returned Ok
//! ```
//!
//! `op` is `create`, `update`, `delete` or `restore`; `kind` a record kind
//! (`experience`, ...); the hash is the SHA-256 of the record's JSON (for a
//! delete, of the record removed; for a restore's `begin`, of the record being
//! put back). A save is *acknowledged* once its `ack` line is on disk.
//!
//! At most one save is in flight when the writer is killed: its `begin` has no
//! `ack`. Its record may be in either state, so the checker accepts both and
//! then appends a `resolve <kind> <id> present <sha256>` or
//! `resolve <kind> <id> absent` line with what it found, which later checks
//! take as the truth for that record.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use portfolio_domain::{AnyRecord, Id, RecordKind};
use portfolio_store::{Store, StoreError};
use sha2::{Digest, Sha256};

/// SHA-256 (lower-case hex) of a record's JSON.
pub fn record_hash(record: &AnyRecord) -> String {
    let json = serde_json::to_vec(record).unwrap_or_default();
    Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
}

/// An append-only log whose every line is fsynced before `append` returns.
pub struct AckLog {
    file: File,
}

impl AckLog {
    /// Opens (or creates) the log at `path` for appending.
    pub fn open(path: &Path) -> std::io::Result<AckLog> {
        Ok(AckLog { file: OpenOptions::new().create(true).append(true).open(path)? })
    }

    /// Appends one line and waits until it is on disk.
    pub fn append(&mut self, line: &str) -> std::io::Result<()> {
        self.file.write_all(format!("{line}\n").as_bytes())?;
        self.file.sync_data()
    }
}

/// What the log says a record must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Present with this content hash.
    Present(String),
    /// Deleted.
    Absent,
}

/// A save that started but was never acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    /// `create`, `update`, `delete` or `restore`.
    pub op: String,
    /// Kind of the record.
    pub kind: RecordKind,
    /// The record (unknown for a create).
    pub id: Option<Id>,
    /// Hash of the record a restore puts back.
    pub sha: Option<String>,
}

/// The log, replayed.
#[derive(Debug, Default)]
pub struct Model {
    /// Expected state of every record the log names.
    pub expected: HashMap<(RecordKind, Id), Expected>,
    /// Number of `ack` lines.
    pub acknowledged: usize,
    /// Saves that began and were never acknowledged nor resolved.
    pub in_flight: Vec<InFlight>,
}

fn parse_id(s: &str) -> Option<Id> {
    if s == "-" {
        None
    } else {
        s.parse().ok()
    }
}

impl Model {
    /// Replays the log at `path` (a missing log is an empty model). A torn last
    /// line (the writer killed mid-write) is ignored.
    pub fn load(path: &Path) -> std::io::Result<Model> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e),
        };
        let mut m = Model::default();
        for line in text.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            match f.as_slice() {
                ["begin", op, kind, id, sha] => {
                    let Some(kind) = RecordKind::parse(kind) else { continue };
                    m.in_flight.push(InFlight {
                        op: op.to_string(),
                        kind,
                        id: parse_id(id),
                        sha: (*sha != "-").then(|| sha.to_string()),
                    });
                }
                ["ack", op, kind, id, sha] if sha.len() == 64 => {
                    let (Some(kind), Some(id)) = (RecordKind::parse(kind), parse_id(id)) else { continue };
                    m.acknowledged += 1;
                    m.in_flight.retain(|b| !(b.op == *op && b.kind == kind && (b.id.is_none() || b.id == Some(id))));
                    let e = if *op == "delete" { Expected::Absent } else { Expected::Present(sha.to_string()) };
                    m.expected.insert((kind, id), e);
                }
                ["resolve", kind, id, rest @ ..] => {
                    let (Some(kind), Some(id)) = (RecordKind::parse(kind), parse_id(id)) else { continue };
                    let e = match rest {
                        ["present", sha] => Expected::Present(sha.to_string()),
                        _ => Expected::Absent,
                    };
                    m.expected.insert((kind, id), e);
                    m.in_flight.retain(|b| !(b.kind == kind && b.id == Some(id)));
                }
                ["resolve-create", kind] => {
                    if let Some(kind) = RecordKind::parse(kind) {
                        if let Some(i) = m.in_flight.iter().position(|b| b.op == "create" && b.kind == kind) {
                            m.in_flight.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    /// Acknowledged saves in the log.
    pub acknowledged: usize,
    /// Records checked against the log.
    pub checked: usize,
    /// Acknowledged saves missing or different, one sentence each.
    pub lost: Vec<String>,
    /// Problems `check_integrity` reported.
    pub index_problems: Vec<String>,
    /// Lines to append to the log to settle the in-flight saves.
    pub resolutions: Vec<String>,
}

fn current(store: &Store, kind: RecordKind, id: Id) -> Result<Expected, StoreError> {
    match store.get(kind, id) {
        Ok(r) => Ok(Expected::Present(record_hash(&r))),
        Err(StoreError::NotFound { .. }) => Ok(Expected::Absent),
        Err(e) => Err(e),
    }
}

/// Checks an open store against the log's model: integrity, every acknowledged
/// save present with its hash (deletes absent), in-flight saves in one of
/// their two possible states.
pub fn check(store: &Store, model: &Model) -> Result<CheckOutcome, StoreError> {
    let mut out = CheckOutcome { acknowledged: model.acknowledged, ..CheckOutcome::default() };
    out.index_problems = store.check_integrity()?.problems;
    for b in &model.in_flight {
        let Some(id) = b.id else {
            out.resolutions.push(format!("resolve-create {}", b.kind.as_str()));
            continue;
        };
        let before = model.expected.get(&(b.kind, id)).cloned();
        let now = current(store, b.kind, id)?;
        let ok = Some(&now) == before.as_ref()
            || match (&*b.op, &now) {
                ("update", Expected::Present(_)) => true,
                ("delete", Expected::Absent) => true,
                ("restore", Expected::Present(h)) => b.sha.as_deref() == Some(h.as_str()),
                _ => before.is_none(),
            };
        if !ok {
            out.lost.push(format!(
                "in-flight {} of {} {id} left it {now:?}, expected {before:?}",
                b.op,
                b.kind.as_str()
            ));
        }
        out.resolutions.push(match now {
            Expected::Present(h) => format!("resolve {} {id} present {h}", b.kind.as_str()),
            Expected::Absent => format!("resolve {} {id} absent", b.kind.as_str()),
        });
    }
    for ((kind, id), want) in &model.expected {
        if model.in_flight.iter().any(|b| b.kind == *kind && b.id == Some(*id)) {
            continue;
        }
        out.checked += 1;
        let now = current(store, *kind, *id)?;
        if &now != want {
            out.lost.push(format!("{} {id}: acknowledged {want:?}, found {now:?}", kind.as_str()));
        }
    }
    Ok(out)
}
