//! Evidence attached to a record: a stored file (photo, document) or a link.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::Checker;

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Evidence {
    /// SHA-256 of a stored file (the media folder keys files by it); empty for a link.
    pub sha256: String,
    /// A web address, for link evidence (stored as text, never fetched).
    pub url: String,
    /// The file's original name, or the link's title.
    pub name: String,
    /// `image` or `file` for stored files; `link` for links.
    pub kind: String,
    /// MIME type as sniffed from the content.
    pub mime: String,
    /// Size in bytes.
    pub size: u64,
    /// Caption.
    pub caption: String,
    /// Alternative text for people who cannot see the image (needed before
    /// an image appears in an export).
    pub alt: String,
    /// The photo shows other people: left out of family and public exports
    /// unless included on purpose.
    pub shows_others: bool,
}

/// Checks a record's evidence list.
pub fn check(c: &mut Checker, evidence: &[Evidence]) {
    check_at(c, "evidence", evidence);
}

/// Checks an evidence list kept at field `field` (e.g. `content.goals[0].evidence`).
pub fn check_at(c: &mut Checker, field: &str, evidence: &[Evidence]) {
    c.count(field, "Evidence", evidence.len());
    for (i, e) in evidence.iter().enumerate() {
        let f = |x: &str| format!("{field}[{i}].{x}");
        let is_hash = e.sha256.len() == 64 && e.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if e.kind == "link" {
            if !(e.url.starts_with("https://") || e.url.starts_with("http://")) {
                c.fail(f("url"), "A link must start with https:// or http://.");
            }
            c.short(&f("url"), "Link", &e.url);
        } else if !is_hash {
            c.fail(f("sha256"), "This evidence does not point at a stored file.");
        }
        c.short(&f("name"), "Name", &e.name);
        c.long(&f("caption"), "Caption", &e.caption);
        c.long(&f("alt"), "Alternative text", &e.alt);
    }
}

/// Where an evidence list sits inside a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "at", rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceSlot {
    /// The record's own list (experiences, journal entries, goals).
    Record,
    /// A goal of a Learning Plan's current revision, by the goal's id.
    PlanGoal {
        /// The plan goal's id.
        goal_id: String,
    },
    /// An exhibition item, by its position (0 = first).
    ExhibitionItem {
        /// Position in the exhibition's items.
        index: u32,
    },
}

impl crate::RecordData {
    /// The evidence list at `slot`, to change it; `None` when the record has
    /// no such list (wrong kind, unknown plan goal, no such item).
    pub fn evidence_mut(&mut self, slot: &EvidenceSlot) -> Option<&mut Vec<Evidence>> {
        use crate::RecordData as D;
        match (self, slot) {
            (D::Experience(d), EvidenceSlot::Record) => Some(&mut d.evidence),
            (D::Reflection(d), EvidenceSlot::Record) => Some(&mut d.evidence),
            (D::Goal(d), EvidenceSlot::Record) => Some(&mut d.evidence),
            (D::Plan(d), EvidenceSlot::PlanGoal { goal_id }) => {
                d.content.goals.iter_mut().find(|g| &g.id == goal_id).map(|g| &mut g.evidence)
            }
            (D::Exhibition(d), EvidenceSlot::ExhibitionItem { index }) => {
                d.items.get_mut(*index as usize).map(|it| &mut it.evidence)
            }
            _ => None,
        }
    }
}

impl crate::AnyRecord {
    /// Every evidence list of the record as it is now, with where it sits and
    /// a label for people (the plan goal's or exhibition item's name; empty
    /// for the record's own list).
    pub fn evidence_lists(&self) -> Vec<(EvidenceSlot, String, &[Evidence])> {
        use crate::AnyRecord as R;
        match self {
            R::Experience(r) => vec![(EvidenceSlot::Record, String::new(), &r.data.evidence[..])],
            R::Reflection(r) => vec![(EvidenceSlot::Record, String::new(), &r.data.evidence[..])],
            R::Goal(r) => vec![(EvidenceSlot::Record, String::new(), &r.data.evidence[..])],
            R::Plan(r) => r
                .data
                .content
                .goals
                .iter()
                .map(|g| (EvidenceSlot::PlanGoal { goal_id: g.id.clone() }, g.title.clone(), &g.evidence[..]))
                .collect(),
            R::Exhibition(r) => r
                .data
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let label = format!("item {}", i + 1);
                    (EvidenceSlot::ExhibitionItem { index: i as u32 }, label, &it.evidence[..])
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every stored file (not link) the record refers to, anywhere in it:
    /// its current evidence lists and the plan goals of earlier, signed plan
    /// revisions. A file in this list must stay in the media folder.
    pub fn referenced_files(&self) -> Vec<&Evidence> {
        let mut out: Vec<&Evidence> = self.evidence_lists().into_iter().flat_map(|(_, _, list)| list).collect();
        if let crate::AnyRecord::Plan(r) = self {
            out.extend(r.data.history.iter().flat_map(|h| h.content.goals.iter().flat_map(|g| &g.evidence)));
        }
        out.retain(|e| e.kind != "link" && !e.sha256.is_empty());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        AnyRecord, AuthorRole, ExhibitionData, Id, PlanContent, PlanData, PlanGoal, PlanRevision, Record, RecordData,
        RecordMeta,
    };

    fn file(sha: char) -> Evidence {
        Evidence {
            sha256: sha.to_string().repeat(64),
            name: format!("{sha}.jpg"),
            kind: "image".into(),
            ..Default::default()
        }
    }

    fn meta() -> RecordMeta {
        Record::new(Id::now_v7(), AuthorRole::Student, ()).meta
    }

    #[test]
    fn plan_goals_and_exhibition_items_hold_evidence_and_history_counts() {
        let mut content = PlanContent::default();
        content.goals.push(PlanGoal {
            id: "g1".into(),
            title: "Field study".into(),
            evidence: vec![file('a')],
            ..Default::default()
        });
        let mut old = content.clone();
        old.goals[0].evidence =
            vec![file('b'), Evidence { kind: "link".into(), url: "https://x.org".into(), ..Default::default() }];
        let mut plan = PlanData::new(Id::now_v7(), content);
        plan.history.push(PlanRevision {
            revision: 1,
            content: old,
            signoffs: vec![],
            replaced_at: chrono::Utc::now(),
            changes: vec![],
        });
        let rec = AnyRecord::Plan(Record { meta: meta(), data: plan });
        let lists = rec.evidence_lists();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].0, EvidenceSlot::PlanGoal { goal_id: "g1".into() });
        assert_eq!(lists[0].1, "Field study");
        let files: Vec<&str> = rec.referenced_files().iter().map(|e| &e.sha256[..1]).collect();
        assert_eq!(files, ["a", "b"], "the signed history's files stay referenced; links are not files");

        let mut data = rec.data();
        assert!(data.evidence_mut(&EvidenceSlot::PlanGoal { goal_id: "nope".into() }).is_none());
        assert!(data.evidence_mut(&EvidenceSlot::Record).is_none());
        data.evidence_mut(&EvidenceSlot::PlanGoal { goal_id: "g1".into() }).map(|l| l.push(file('c')));
        let RecordData::Plan(p) = &data else { panic!("a plan") };
        assert_eq!(p.content.goals[0].evidence.len(), 2);

        let ex: ExhibitionData = serde_json::from_value(serde_json::json!({
            "period_id": Id::now_v7(), "title": "Q1", "date": "2026-11-01",
            "items": [{"item": {"kind": "experience", "id": Id::now_v7()}}]
        }))
        .unwrap();
        assert!(ex.items[0].evidence.is_empty(), "items stored before evidence existed read as empty");
        let mut data = RecordData::Exhibition(ex);
        data.evidence_mut(&EvidenceSlot::ExhibitionItem { index: 0 }).map(|l| l.push(file('d')));
        assert!(data.evidence_mut(&EvidenceSlot::ExhibitionItem { index: 1 }).is_none());
        let rec = AnyRecord::from_parts(meta(), data);
        assert_eq!(rec.evidence_lists()[0].0, EvidenceSlot::ExhibitionItem { index: 0 });
        assert_eq!(rec.evidence_lists()[0].1, "item 1");
        assert_eq!(rec.referenced_files().len(), 1);
    }
}
