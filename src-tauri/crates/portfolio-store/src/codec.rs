//! How records become bytes: versioned JSON envelopes and index keys.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use portfolio_domain::{AnyRecord, Id, RecordKind};

use crate::{Result, StoreError};

/// Version of the record envelope this build writes.
pub const RECORD_VERSION: u32 = 2;

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    v: u32,
    record: &'a T,
}

#[derive(Deserialize)]
struct EnvelopeIn<T> {
    v: u32,
    record: T,
}

/// Encodes a value in the current envelope.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(&EnvelopeOut { v: RECORD_VERSION, record: value })
        .map_err(|e| StoreError::Engine(format!("could not encode a record: {e}")))
}

/// Decodes an envelope; `what` and `key` name the record in errors.
pub fn decode<T: DeserializeOwned>(what: &str, key: &[u8], bytes: &[u8]) -> Result<T> {
    let damaged = |detail: String| StoreError::Damaged { what: what.to_string(), key: hex(key), detail };
    let env: EnvelopeIn<T> = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    if env.v > RECORD_VERSION {
        return Err(damaged(format!("record version {} is newer than this app understands", env.v)));
    }
    Ok(env.record)
}

/// Encodes a record of any kind as `Record<T>` (the kind is implied by its tree).
pub fn encode_record(record: &AnyRecord) -> Result<Vec<u8>> {
    match record {
        AnyRecord::Experience(r) => encode(r),
        AnyRecord::Reflection(r) => encode(r),
        AnyRecord::Goal(r) => encode(r),
        AnyRecord::Badge(r) => encode(r),
        AnyRecord::Period(r) => encode(r),
        AnyRecord::Plan(r) => encode(r),
        AnyRecord::CheckIn(r) => encode(r),
        AnyRecord::Exhibition(r) => encode(r),
        AnyRecord::Narrative(r) => encode(r),
        AnyRecord::Showcase(r) => encode(r),
    }
}

/// Decodes a record read from the tree of `kind`.
pub fn decode_record(kind: RecordKind, key: &[u8], bytes: &[u8]) -> Result<AnyRecord> {
    let what = kind.as_str();
    Ok(match kind {
        RecordKind::Experience => AnyRecord::Experience(decode(what, key, bytes)?),
        RecordKind::Reflection => AnyRecord::Reflection(decode(what, key, bytes)?),
        RecordKind::Goal => AnyRecord::Goal(decode(what, key, bytes)?),
        RecordKind::Badge => AnyRecord::Badge(decode(what, key, bytes)?),
        RecordKind::Period => AnyRecord::Period(decode(what, key, bytes)?),
        RecordKind::Plan => AnyRecord::Plan(decode(what, key, bytes)?),
        RecordKind::CheckIn => AnyRecord::CheckIn(decode(what, key, bytes)?),
        RecordKind::Exhibition => AnyRecord::Exhibition(decode(what, key, bytes)?),
        RecordKind::Narrative => AnyRecord::Narrative(decode(what, key, bytes)?),
        RecordKind::Showcase => AnyRecord::Showcase(decode(what, key, bytes)?),
    })
}

/// Index key: learner id (16) ‖ list date as days since 1970, sign-flipped
/// big-endian (8) ‖ record id (16). Sorted ascending = oldest first.
pub fn index_key(record: &AnyRecord) -> [u8; 40] {
    let meta = record.meta();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let days = (record.list_date() - epoch).num_days();
    let mut key = [0u8; 40];
    key[..16].copy_from_slice(meta.learner_id.as_bytes());
    key[16..24].copy_from_slice(&((days as u64) ^ (1 << 63)).to_be_bytes());
    key[24..].copy_from_slice(meta.id.as_bytes());
    key
}

/// The record id at the end of an index key.
pub fn id_from_index_key(key: &[u8]) -> Option<Id> {
    let tail: [u8; 16] = key.get(24..40)?.try_into().ok()?;
    Some(Id::from_bytes(tail))
}

/// Lower-case hex, for naming keys in messages.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
