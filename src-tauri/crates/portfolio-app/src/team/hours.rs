//! A mentor (or advisor) confirms the hours of an experience from their own
//! device; the confirmation lives in their contributions document and every
//! device shows it beside the experience.

use chrono::Utc;
use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordKind};
use portfolio_sync::HoursConfirmation;
use serde::Serialize;
use ts_rs::TS;

use super::engine::{contribution_docs, open_doc};
use super::sync::not_shared;
use crate::{ApiError, App, ErrorCode, Result};

/// More hours than anyone spends on one experience in a school year.
const MAX_HOURS: f64 = 5000.0;

/// A confirmation of hours as shown with its experience.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ConfirmedHours {
    /// The confirmation (hours, who, when).
    pub confirmation: HoursConfirmation,
    /// The confirmer's role on the team (from the student's manifest; `None`
    /// when this device does not know them as a member).
    pub role: Option<AuthorRole>,
    /// The experience's title.
    pub experience_title: String,
    /// The hours the student entered on the experience.
    pub student_hours: Option<f64>,
}

impl App {
    fn experience_of(
        &self,
        learner: Id,
        experience: Id,
    ) -> Result<portfolio_domain::Record<portfolio_domain::ExperienceData>> {
        match self.store().get(RecordKind::Experience, experience)? {
            AnyRecord::Experience(e) if e.meta.learner_id == learner => Ok(e),
            _ => Err(ApiError::new(ErrorCode::NotFound, "That experience is not one of this learner's.")),
        }
    }

    /// Confirms `hours` on `experience` as this device's person (a mentor or
    /// advisor on `learner`'s team); a later confirmation by the same person
    /// replaces theirs. It goes to the team at the next sync.
    pub fn confirm_hours(&self, learner: Id, experience: Id, hours: f64) -> Result<HoursConfirmation> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        if !matches!(s.role, AuthorRole::Mentor | AuthorRole::Advisor) {
            return Err(ApiError::invalid(format!(
                "Hours are confirmed by a mentor or advisor; this device is on the team as {}.",
                s.role.as_str()
            )));
        }
        if !(hours.is_finite() && (0.0..=MAX_HOURS).contains(&hours)) {
            return Err(ApiError::invalid(format!("Confirmed hours must be a number from 0 to {MAX_HOURS}.")));
        }
        self.experience_of(learner, experience)?;
        let did = self.device_did()?;
        let mine = s.docs.contributions.get(&did).cloned().ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "This device has no contributions document on this team.")
        })?;
        let c = HoursConfirmation { experience_id: experience, hours, by: did, name: s.name.clone(), at: Utc::now() };
        let put = c.clone();
        self.with_engine(move |repo| async move { Ok(open_doc(&repo, &mine).await?.put_confirmation(&put).await?) })?;
        self.saved(c)
    }

    /// Every confirmation of hours on `learner`'s experiences (each only from
    /// its author's own contributions document), by experience then time.
    pub fn hours_confirmations(&self, learner: Id) -> Result<Vec<ConfirmedHours>> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let docs = s.docs.contributions.clone();
        let found: Vec<HoursConfirmation> = self.with_engine(move |repo| async move {
            let mut all = Vec::new();
            for (author, doc) in contribution_docs(&repo, docs).await? {
                all.extend(doc.confirmations().await?.into_iter().filter(|c| c.by == author));
            }
            Ok(all)
        })?;
        let manifest = s.manifest.as_ref().map(|m| &m.manifest);
        let mut out = Vec::new();
        for c in found {
            let Ok(e) = self.experience_of(learner, c.experience_id) else { continue };
            let role = manifest.and_then(|m| m.role_of(&c.by)).or((c.by == self.device_did()?).then_some(s.role));
            out.push(ConfirmedHours {
                role,
                experience_title: e.data.title,
                student_hours: e.data.hours,
                confirmation: c,
            });
        }
        out.sort_by(|a, b| {
            (a.confirmation.experience_id, a.confirmation.at).cmp(&(b.confirmation.experience_id, b.confirmation.at))
        });
        Ok(out)
    }
}
