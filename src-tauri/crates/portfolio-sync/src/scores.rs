//! Score sheets a panelist hands in from their own device: one per
//! exhibition in the panelist's contributions document (map `scores`,
//! key: the exhibition id), so only their devices can change it. A later
//! sheet from the same person for the same exhibition replaces theirs.

use automerge::{Automerge, ReadDoc, ROOT};
use chrono::{DateTime, Utc};
use portfolio_domain::{Id, Score};
use serde::{Deserialize, Serialize};

use crate::contributions::{ensure_map, entries, put_entry};
use crate::error::Result;

/// A panelist's score sheet for one exhibition, from their own device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PanelSheet {
    /// The exhibition scored.
    pub exhibition_id: Id,
    /// One level per criterion scored.
    pub scores: Vec<Score>,
    /// The panelist's comment.
    #[serde(default)]
    pub comment: String,
    /// When it was handed in.
    pub submitted_at: DateTime<Utc>,
    /// The panelist's device (`did:key`).
    pub author: String,
    /// The panelist's name.
    pub author_name: String,
}

/// Adds (or replaces) `sheet` in its author's contributions document.
pub fn put_score_sheet(doc: &mut Automerge, sheet: &PanelSheet) -> Result<()> {
    ensure_map(doc, "scores")?;
    put_entry(doc, "scores", &sheet.exhibition_id.to_string(), &sheet.author, sheet)
}

/// Every score sheet in a contributions document.
pub fn score_sheets(doc: &Automerge) -> Result<Vec<PanelSheet>> {
    if doc.get(ROOT, "scores")?.is_none() {
        return Ok(Vec::new());
    }
    entries(doc, "scores")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::new_document;
    use crate::{DeviceIdentity, DocRole};

    #[test]
    fn a_sheet_lives_in_its_panelists_document_one_per_exhibition() {
        let learner = portfolio_domain::new_id();
        let mentor = DeviceIdentity::generate();
        let mut doc = new_document(DocRole::Contributions, learner, Some(&mentor.did())).unwrap();
        assert!(score_sheets(&doc).unwrap().is_empty());
        let sheet = PanelSheet {
            exhibition_id: portfolio_domain::new_id(),
            scores: vec![Score { criterion_id: "communication".into(), value: 3 }],
            comment: "Clara y segura 👏".into(),
            submitted_at: Utc::now(),
            author: mentor.did(),
            author_name: "Dr. Luis Romero".into(),
        };
        put_score_sheet(&mut doc, &sheet).unwrap();
        let again =
            PanelSheet { scores: vec![Score { criterion_id: "communication".into(), value: 4 }], ..sheet.clone() };
        put_score_sheet(&mut doc, &again).unwrap();
        let loaded = Automerge::load(&doc.save()).unwrap();
        assert_eq!(score_sheets(&loaded).unwrap(), vec![again.clone()], "a later sheet replaces the earlier one");

        let stranger = DeviceIdentity::generate();
        let forged = PanelSheet { author: stranger.did(), ..sheet };
        assert!(put_score_sheet(&mut doc, &forged).unwrap_err().to_string().contains("own author"));
        let mut portfolio = new_document(DocRole::Portfolio, learner, None).unwrap();
        assert!(put_score_sheet(&mut portfolio, &again).is_err());
    }
}
