//! Same-field edits from two devices: every device shows the same value
//! (on the student's device the store's value, which the round writes back;
//! on a member's device Automerge's deterministic winner, which is the same
//! once the student's device has synced), and nothing typed is lost: each
//! other value is kept in a conflict note in the store's `sync_conflicts`
//! tree (key: record id ‖ field), shown with the record.

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, Id, RecordKind};
use portfolio_sync::FieldConflict;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::settings::sled_err;
use crate::{ApiError, App, Result};

const TREE: &str = "sync_conflicts";

/// Values typed into one field of a record on two devices at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConflictNote {
    /// The record.
    pub record_id: Id,
    /// The field (`title`, `description`, …).
    pub field: String,
    /// The value the record shows.
    #[ts(type = "unknown")]
    pub shown: serde_json::Value,
    /// The other values typed, kept so nothing is lost.
    #[ts(type = "Array<unknown>")]
    pub others: Vec<serde_json::Value>,
    /// When this device first noticed it.
    pub noted_at: DateTime<Utc>,
}

fn key(record: Id, field: &str) -> Vec<u8> {
    let mut k = record.as_bytes().to_vec();
    k.extend_from_slice(field.as_bytes());
    k
}

/// The value a record holds in `field` (its data, not its metadata).
pub(crate) fn field_value(record: &AnyRecord, field: &str) -> Option<serde_json::Value> {
    serde_json::to_value(record.data()).ok()?.get("data")?.get(field).cloned()
}

impl App {
    /// Notes the other values of each data field in `conflicts` of
    /// `record`, `shown` being the value the record shows. Metadata
    /// (`meta.*`: timestamps every edit changes) is left out.
    pub(crate) fn note_conflicts(&self, record: &AnyRecord, conflicts: &[FieldConflict]) -> Result<()> {
        let tree = self.store().open_tree(TREE)?;
        for c in conflicts.iter().filter(|c| !c.field.starts_with("meta.")) {
            let shown = field_value(record, &c.field).unwrap_or_else(|| c.chosen.clone());
            let k = key(record.meta().id, &c.field);
            let old: Option<ConflictNote> =
                tree.get(&k).map_err(sled_err)?.and_then(|b| serde_json::from_slice(&b).ok());
            let mut note = old.unwrap_or(ConflictNote {
                record_id: record.meta().id,
                field: c.field.clone(),
                shown: shown.clone(),
                others: vec![],
                noted_at: Utc::now(),
            });
            note.shown = shown;
            for v in std::iter::once(&c.chosen).chain(&c.others) {
                if *v != note.shown && !note.others.contains(v) {
                    note.others.push(v.clone());
                }
            }
            if note.others.is_empty() {
                continue;
            }
            let bytes = serde_json::to_vec(&note).map_err(|e| ApiError::internal(e.to_string()))?;
            tree.insert(k, bytes).map_err(sled_err)?;
        }
        tree.flush().map_err(sled_err)?;
        Ok(())
    }

    /// The conflict notes of record `id` (of `kind`), by field: the values
    /// other devices typed into a field at the same time, kept visible.
    pub fn record_conflicts(&self, kind: RecordKind, id: Id) -> Result<Vec<ConflictNote>> {
        self.store().get(kind, id)?;
        let tree = self.store().open_tree(TREE)?;
        let mut out = Vec::new();
        for item in tree.scan_prefix(id.as_bytes()) {
            let (_, bytes) = item.map_err(sled_err)?;
            if let Ok(n) = serde_json::from_slice::<ConflictNote>(&bytes) {
                out.push(n);
            }
        }
        Ok(out)
    }
}
