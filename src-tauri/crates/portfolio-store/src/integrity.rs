//! Reading a learner out whole, and checking and repairing the indexes
//! against the records (the records are the truth).

use chrono::Utc;
use portfolio_domain::{AnyRecord, Id, Record, RecordKind};

use crate::codec::{self, id_from_index_key, index_key};
use crate::{IntegrityReport, LearnerExport, Result, Store, SCHEMA_VERSION};

impl Store {
    /// A learner's whole portfolio as plain data.
    pub fn export_learner(&self, learner: Id) -> Result<LearnerExport> {
        let l = self.learner(learner)?;
        fn only<T: portfolio_domain::RecordBody>(v: Vec<AnyRecord>) -> Vec<Record<T>> {
            v.into_iter().filter_map(T::unwrap_any).collect()
        }
        Ok(LearnerExport {
            format: "learner-portfolio-export".into(),
            schema_version: SCHEMA_VERSION,
            exported: Utc::now(),
            learner: l,
            experiences: only(self.list(learner, RecordKind::Experience, "")?),
            reflections: only(self.list(learner, RecordKind::Reflection, "")?),
            goals: only(self.list(learner, RecordKind::Goal, "")?),
            badges: only(self.list(learner, RecordKind::Badge, "")?),
        })
    }

    /// Rebuilds every index tree from the primary records (the records are the
    /// truth). Returns how many index entries were written. Damaged records
    /// are skipped (and still reported by [`Store::check_integrity`]).
    pub fn repair_indexes(&self) -> Result<usize> {
        let mut written = 0;
        for kind in RecordKind::ALL {
            let t = self.trees(kind);
            t.index.clear()?;
            for item in t.records.iter() {
                let (k, v) = item?;
                if let Ok(r) = codec::decode_record(kind, &k, &v) {
                    t.index.insert(&index_key(&r)[..], &[][..])?;
                    written += 1;
                }
            }
        }
        self.flush()?;
        Ok(written)
    }

    /// Checks that every index entry points at a record that points back, and
    /// that every record decodes and belongs to an existing learner.
    pub fn check_integrity(&self) -> Result<IntegrityReport> {
        let mut report = IntegrityReport::default();
        for kind in RecordKind::ALL {
            let t = self.trees(kind);
            for item in t.records.iter() {
                let (k, v) = item?;
                report.records += 1;
                match codec::decode_record(kind, &k, &v) {
                    Err(e) => report.problems.push(e.to_string()),
                    Ok(r) => {
                        if !t.index.contains_key(&index_key(&r)[..])? {
                            report.problems.push(format!("{} {} has no index entry", kind.as_str(), r.meta().id));
                        }
                        if !self.inner.learners.contains_key(r.meta().learner_id.as_bytes())? {
                            report.problems.push(format!(
                                "{} {} belongs to a missing learner",
                                kind.as_str(),
                                r.meta().id
                            ));
                        }
                    }
                }
            }
            for item in t.index.iter() {
                let (key, _) = item?;
                let points = id_from_index_key(&key)
                    .map(|id| t.records.get(id.as_bytes()))
                    .transpose()?
                    .flatten()
                    .and_then(|v| codec::decode_record(kind, &key, &v).ok())
                    .is_some_and(|r| index_key(&r)[..] == key[..]);
                if !points {
                    report.problems.push(format!(
                        "{} index entry {} points at no matching record",
                        kind.as_str(),
                        codec::hex(&key)
                    ));
                }
            }
        }
        Ok(report)
    }
}
