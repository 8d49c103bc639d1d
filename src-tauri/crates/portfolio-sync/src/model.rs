//! How a learner's records sit in Automerge documents.
//!
//! A learner has three kinds of shared document:
//! - **portfolio**: every record the family may see: all non-journal records
//!   (experiences, goals, badges, periods, plans, check-ins, exhibitions,
//!   narratives) and journal entries marked *Family*;
//! - **team**: journal entries marked *Learning team* (never sent to family);
//! - **contributions** (one per author): that person's comments and
//!   signatures (see [`crate::contributions`]).
//!
//! A journal entry marked *Private* is in no document: [`placement`] is the
//! one rule and [`write_record`] refuses anything it does not allow.
//!
//! Layout of the portfolio and team documents:
//! ```text
//! { "lp": "portfolio/1" | "team/1", "learner_id": "<uuid>",
//!   "records": { "<record id>": { "kind": "experience",
//!                                 "meta":   { "<field>": "<JSON>" },
//!                                 "fields": { "<field>": "<JSON>" } } } }
//! ```
//! Each field of a record's data is one JSON text, so two people editing
//! different fields of one record both keep their edit, and two people
//! editing the same field get the same winner on every device while the other
//! value stays readable ([`FieldConflict`], from Automerge's `get_all`).

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use portfolio_domain::{AnyRecord, Id, RecordData, RecordKind, RecordMeta, Visibility};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::{Result, SyncError};

/// Which of a learner's shared documents a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocRole {
    /// Everything family-visible.
    Portfolio,
    /// Journal entries for the learning team only.
    Team,
    /// One author's comments and signatures.
    Contributions,
}

impl DocRole {
    /// The schema tag stored at the document's root (`"portfolio/1"`).
    pub fn schema(self) -> &'static str {
        match self {
            DocRole::Portfolio => "portfolio/1",
            DocRole::Team => "team/1",
            DocRole::Contributions => "contributions/1",
        }
    }

    fn from_schema(tag: &str) -> Option<Self> {
        [DocRole::Portfolio, DocRole::Team, DocRole::Contributions].into_iter().find(|r| r.schema() == tag)
    }
}

/// Where a record is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Never leaves this device (a Private journal entry).
    NotShared,
    /// The learning-team document.
    Team,
    /// The portfolio document (family and team).
    Portfolio,
}

/// The one visibility rule: which document (if any) may hold `record`.
pub fn placement(record: &AnyRecord) -> Placement {
    match record {
        AnyRecord::Reflection(r) => match r.data.visibility {
            Visibility::Private => Placement::NotShared,
            Visibility::LearningTeam => Placement::Team,
            Visibility::Family => Placement::Portfolio,
        },
        _ => Placement::Portfolio,
    }
}

/// What a shared document says about itself at its root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocInfo {
    /// Which document it is.
    pub role: DocRole,
    /// Whose.
    pub learner_id: Id,
    /// The author of a contributions document.
    pub author_did: Option<String>,
}

/// A new, empty shared document (made once by whoever creates it; others
/// find it through the relay). `author_did` is required for contributions.
pub fn new_document(role: DocRole, learner_id: Id, author_did: Option<&str>) -> Result<Automerge> {
    if role == DocRole::Contributions && author_did.is_none() {
        return Err(SyncError::Document("a contributions document needs its author".into()));
    }
    let mut doc = Automerge::new();
    doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ROOT, "lp", role.schema())?;
        tx.put(ROOT, "learner_id", learner_id.to_string())?;
        if let Some(did) = author_did {
            tx.put(ROOT, "author", did)?;
        }
        match role {
            DocRole::Contributions => {
                tx.put_object(ROOT, "comments", ObjType::Map)?;
                tx.put_object(ROOT, "signatures", ObjType::Map)?;
            }
            _ => {
                tx.put_object(ROOT, "records", ObjType::Map)?;
            }
        }
        Ok(())
    })
    .map_err(|f| f.error)?;
    Ok(doc)
}

/// Reads the root of a shared document.
pub fn doc_info(doc: &Automerge) -> Result<DocInfo> {
    let tag = get_str(doc, &ROOT, "lp")?.ok_or_else(|| damaged("it has no \u{201c}lp\u{201d} tag"))?;
    let role = DocRole::from_schema(&tag).ok_or_else(|| damaged(&format!("unknown kind \u{201c}{tag}\u{201d}")))?;
    let learner = get_str(doc, &ROOT, "learner_id")?.ok_or_else(|| damaged("it names no learner"))?;
    let learner_id = learner.parse().map_err(|_| damaged("its learner id is not a UUID"))?;
    Ok(DocInfo { role, learner_id, author_did: get_str(doc, &ROOT, "author")? })
}

/// Two or more values typed concurrently into one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// `"title"`, or `"meta.updated"` for metadata.
    pub field: String,
    /// The value every device shows (Automerge's deterministic winner).
    pub chosen: Json,
    /// The other values, kept so nothing typed is lost.
    pub others: Vec<Json>,
}

/// A record read from a shared document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncedRecord {
    /// The record as every device sees it.
    pub record: AnyRecord,
    /// Fields edited concurrently (empty when none).
    pub conflicts: Vec<FieldConflict>,
}

/// A record in the document that this version cannot read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableRecord {
    /// Its key in the document.
    pub id: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// Every record of a document.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RecordSet {
    /// Readable records, by id.
    pub records: Vec<SyncedRecord>,
    /// Records written by a newer or damaged client.
    pub unreadable: Vec<UnreadableRecord>,
}

/// Writes `record` into `doc` (a portfolio or team document), changing only
/// the fields whose value differs. Refuses a record that [`placement`] puts
/// elsewhere (a Private journal entry is refused everywhere) or that belongs
/// to another learner. Returns how many values changed.
pub fn write_record(doc: &mut Automerge, record: &AnyRecord) -> Result<usize> {
    let info = doc_info(doc)?;
    let wanted = placement(record);
    let allowed =
        matches!((wanted, info.role), (Placement::Portfolio, DocRole::Portfolio) | (Placement::Team, DocRole::Team));
    if !allowed {
        return Err(SyncError::NotShared(match wanted {
            Placement::NotShared => "A private journal entry never leaves this device.".to_string(),
            Placement::Team => "A journal entry for the learning team is not shared with family.".to_string(),
            Placement::Portfolio => "This record belongs in the learner's portfolio document.".to_string(),
        }));
    }
    if record.meta().learner_id != info.learner_id {
        return Err(SyncError::NotShared("This record belongs to another learner's documents.".into()));
    }
    let meta = to_object(serde_json::to_value(record.meta())?)?;
    let data = match serde_json::to_value(record.data())? {
        Json::Object(mut m) => m.remove("data").map(to_object).transpose()?.unwrap_or_default(),
        _ => return Err(damaged("a record did not serialize as an object")),
    };
    let id = record.meta().id.to_string();
    let kind = record.kind().as_str();
    let records = records_obj(doc)?;
    let result = doc.transact::<_, _, SyncError>(|tx| {
        let rec = match tx.get(&records, id.as_str())? {
            Some((Value::Object(ObjType::Map), obj)) => obj,
            _ => tx.put_object(&records, id.as_str(), ObjType::Map)?,
        };
        let mut changed = 0;
        if get_str(tx, &rec, "kind")?.as_deref() != Some(kind) {
            tx.put(&rec, "kind", kind)?;
            changed += 1;
        }
        for (section, values) in [("meta", &meta), ("fields", &data)] {
            let obj = match tx.get(&rec, section)? {
                Some((Value::Object(ObjType::Map), obj)) => obj,
                _ => tx.put_object(&rec, section, ObjType::Map)?,
            };
            for (field, value) in values {
                let text = serde_json::to_string(value)?;
                if get_str(tx, &obj, field)?.as_deref() != Some(text.as_str()) {
                    tx.put(&obj, field.as_str(), text)?;
                    changed += 1;
                }
            }
        }
        Ok(changed)
    });
    result.map(|s| s.result).map_err(|f| f.error)
}

/// Removes a record from `doc` (it changed visibility or was deleted).
/// Automerge keeps history: the old values stay in the document's past
/// changes on every device that already received them.
pub fn remove_record(doc: &mut Automerge, id: Id) -> Result<bool> {
    let records = records_obj(doc)?;
    let key = id.to_string();
    if doc.get(&records, key.as_str())?.is_none() {
        return Ok(false);
    }
    doc.transact::<_, _, SyncError>(|tx| Ok(tx.delete(&records, key.as_str())?)).map_err(|f| f.error)?;
    Ok(true)
}

/// Reads every record of a portfolio or team document, with conflicts.
pub fn read_records(doc: &Automerge) -> Result<RecordSet> {
    let records = records_obj(doc)?;
    let mut set = RecordSet::default();
    for key in doc.keys(&records) {
        match read_one(doc, &records, &key) {
            Ok(r) => set.records.push(r),
            Err(e) => set.unreadable.push(UnreadableRecord { id: key.clone(), reason: e.to_string() }),
        }
    }
    Ok(set)
}

/// Reads one record by id (`None` when the document does not hold it).
pub fn read_record(doc: &Automerge, id: Id) -> Result<Option<SyncedRecord>> {
    let records = records_obj(doc)?;
    let key = id.to_string();
    if doc.get(&records, key.as_str())?.is_none() {
        return Ok(None);
    }
    read_one(doc, &records, &key).map(Some)
}

fn read_one(doc: &Automerge, records: &ObjId, key: &str) -> Result<SyncedRecord> {
    let rec = match doc.get(records, key)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => return Err(damaged("the record is not a map")),
    };
    let kind_name = get_str(doc, &rec, "kind")?.ok_or_else(|| damaged("the record has no kind"))?;
    let kind = RecordKind::parse(&kind_name)
        .ok_or_else(|| damaged(&format!("\u{201c}{kind_name}\u{201d} is not a record kind this version knows")))?;
    let mut conflicts = Vec::new();
    let meta = read_section(doc, &rec, "meta", "meta.", &mut conflicts)?;
    let fields = read_section(doc, &rec, "fields", "", &mut conflicts)?;
    let meta: RecordMeta = serde_json::from_value(Json::Object(meta))?;
    let data = RecordData::from_json(kind, Json::Object(fields))?;
    Ok(SyncedRecord { record: AnyRecord::from_parts(meta, data), conflicts })
}

fn read_section(
    doc: &Automerge,
    rec: &ObjId,
    section: &str,
    prefix: &str,
    conflicts: &mut Vec<FieldConflict>,
) -> Result<serde_json::Map<String, Json>> {
    let obj = match doc.get(rec, section)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => return Err(damaged(&format!("the record has no {section}"))),
    };
    let mut out = serde_json::Map::new();
    for field in doc.keys(&obj) {
        let chosen = match get_str(doc, &obj, &field)? {
            Some(t) => serde_json::from_str::<Json>(&t)?,
            None => continue,
        };
        let all = doc.get_all(&obj, field.as_str())?;
        if all.len() > 1 {
            let mut others = Vec::new();
            for (v, _) in all {
                if let Some(t) = v.as_str() {
                    let v: Json = serde_json::from_str(t)?;
                    if v != chosen && !others.contains(&v) {
                        others.push(v);
                    }
                }
            }
            if !others.is_empty() {
                conflicts.push(FieldConflict { field: format!("{prefix}{field}"), chosen: chosen.clone(), others });
            }
        }
        out.insert(field, chosen);
    }
    Ok(out)
}

fn records_obj(doc: &Automerge) -> Result<ObjId> {
    match doc.get(ROOT, "records")? {
        Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
        _ => Err(damaged("it has no records map (is it a portfolio or team document?)")),
    }
}

pub(crate) fn get_str(doc: &impl ReadDoc, obj: &ObjId, key: &str) -> Result<Option<String>> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    })
}

fn to_object(v: Json) -> Result<serde_json::Map<String, Json>> {
    match v {
        Json::Object(m) => Ok(m),
        _ => Err(damaged("a record part did not serialize as an object")),
    }
}

pub(crate) fn damaged(why: &str) -> SyncError {
    SyncError::Document(why.to_string())
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
