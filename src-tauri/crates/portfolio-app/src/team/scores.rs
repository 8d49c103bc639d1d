//! Panelists score an exhibition from their own devices: a sheet goes into
//! the panelist's contributions document ([`portfolio_sync::PanelSheet`]);
//! every device shows the record's own sheets (handed in on the student's
//! laptop in panel mode) together with the contributed ones, and sums them
//! up with the same rule (`portfolio_domain::summarize`).
//!
//! A contributed sheet is shown only when it is in its author's own
//! contributions document, its author is on the team (the student's signed
//! manifest, or this device itself) and it still fits the exhibition's
//! rubric (`Rubric::check_sheet`; a sheet made before the rubric changed
//! is left out rather than counted wrong).

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, CriterionSummary, ExhibitionData, Id, Record, RecordKind, Score, ScoreSheet};
use portfolio_sync::PanelSheet;
use serde::Serialize;
use ts_rs::TS;

use super::engine::{contribution_docs, open_doc};
use super::sync::not_shared;
use crate::{ApiError, App, ErrorCode, Result};

/// A score sheet as the exhibition page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SheetView {
    /// Who scored (the panelist's name).
    pub name: String,
    /// Their role: the panel's wording for a sheet in the record, the team
    /// role (`advisor`, `family`, …) for a contributed one.
    pub role: String,
    /// The device it was handed in from (`did:key`); `None` for a sheet in
    /// the record itself (handed in on the student's device).
    pub device: Option<String>,
    /// Handed in from this device.
    pub mine: bool,
    /// One level per criterion scored.
    pub scores: Vec<Score>,
    /// The panelist's comment.
    pub comment: String,
    /// When it was handed in.
    pub submitted_at: DateTime<Utc>,
}

/// Every sheet of an exhibition and how the panel scored each criterion.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ExhibitionScores {
    /// The exhibition.
    pub exhibition_id: Id,
    /// The record's sheets in their order, then the contributed ones, oldest first.
    pub sheets: Vec<SheetView>,
    /// Per-criterion aggregation of all of them.
    pub summary: Vec<CriterionSummary>,
    /// True when this device can hand in a sheet of its own (the learner is
    /// shared with a team here).
    pub can_score: bool,
}

impl App {
    fn exhibition_of(&self, learner: Id, exhibition: Id) -> Result<Record<ExhibitionData>> {
        match self.store().get(RecordKind::Exhibition, exhibition)? {
            AnyRecord::Exhibition(e) if e.meta.learner_id == learner => Ok(e),
            _ => Err(ApiError::new(ErrorCode::NotFound, "That exhibition is not one of this learner's.")),
        }
    }

    /// Hands in this device's person's score sheet for `exhibition` (one
    /// level per criterion, checked against its rubric, and a comment); a
    /// later sheet from the same person replaces theirs. It goes to the team
    /// at the next sync; the exhibition record itself is not changed.
    pub fn score_exhibition(
        &self,
        learner: Id,
        exhibition: Id,
        scores: Vec<Score>,
        comment: &str,
    ) -> Result<PanelSheet> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let ex = self.exhibition_of(learner, exhibition)?;
        let comment = comment.trim();
        ex.data.rubric.check_sheet(&scores, comment)?;
        let did = self.device_did()?;
        let mine = s.docs.contributions.get(&did).cloned().ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "This device has no contributions document on this team.")
        })?;
        let sheet = PanelSheet {
            exhibition_id: exhibition,
            scores,
            comment: comment.to_string(),
            submitted_at: Utc::now(),
            author: did,
            author_name: s.name.clone(),
        };
        let put = sheet.clone();
        self.with_engine(move |repo| async move { Ok(open_doc(&repo, &mine).await?.put_score_sheet(&put).await?) })?;
        self.saved(sheet)
    }

    /// The sheets of `exhibition`: the record's own and, when the learner is
    /// shared, every team member's from their contributions document (see
    /// the module doc for which are shown), with the criterion summary of all.
    pub fn exhibition_scores(&self, learner: Id, exhibition: Id) -> Result<ExhibitionScores> {
        let ex = self.exhibition_of(learner, exhibition)?;
        let mut sheets: Vec<SheetView> = ex
            .data
            .sheets
            .iter()
            .map(|sh| {
                let p = ex.data.panel.iter().find(|p| p.id == sh.panelist_id);
                SheetView {
                    name: p.map(|p| p.name.clone()).unwrap_or_else(|| sh.panelist_id.clone()),
                    role: p.map(|p| p.role.clone()).unwrap_or_default(),
                    device: None,
                    mine: false,
                    scores: sh.scores.clone(),
                    comment: sh.comment.clone(),
                    submitted_at: sh.submitted_at,
                }
            })
            .collect();
        let mut all = ex.data.clone();
        let settings = self.team_settings(learner)?;
        if let Some(s) = &settings {
            let me = self.device_did()?;
            let docs = s.docs.contributions.clone();
            let found: Vec<PanelSheet> = self.with_engine(move |repo| async move {
                let mut all = Vec::new();
                for (author, doc) in contribution_docs(&repo, docs).await? {
                    all.extend(doc.score_sheets().await?.into_iter().filter(|sh| sh.author == author));
                }
                Ok(all)
            })?;
            let manifest = s.manifest.as_ref().map(|m| &m.manifest);
            let mut contributed: Vec<(PanelSheet, String)> = found
                .into_iter()
                .filter(|sh| sh.exhibition_id == exhibition)
                .filter_map(|sh| {
                    let role = manifest.and_then(|m| m.role_of(&sh.author)).or((sh.author == me).then_some(s.role))?;
                    Some((sh, role.as_str().to_string()))
                })
                .filter(|(sh, _)| ex.data.rubric.check_sheet(&sh.scores, &sh.comment).is_ok())
                .collect();
            contributed.sort_by(|a, b| (a.0.submitted_at, &a.0.author).cmp(&(b.0.submitted_at, &b.0.author)));
            for (sh, role) in contributed {
                all.sheets.push(ScoreSheet {
                    panelist_id: sh.author.clone(),
                    scores: sh.scores.clone(),
                    comment: sh.comment.clone(),
                    submitted_at: sh.submitted_at,
                });
                sheets.push(SheetView {
                    mine: sh.author == me,
                    name: sh.author_name,
                    role,
                    device: Some(sh.author),
                    scores: sh.scores,
                    comment: sh.comment,
                    submitted_at: sh.submitted_at,
                });
            }
        }
        Ok(ExhibitionScores {
            exhibition_id: exhibition,
            sheets,
            summary: portfolio_domain::summarize(&all),
            can_score: settings.is_some(),
        })
    }
}
