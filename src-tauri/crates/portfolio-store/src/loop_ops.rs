//! The learning-plan loop's operations that span records: starting the next
//! plan from an exhibition, and the period overview.

use chrono::NaiveDate;
use portfolio_domain::{
    AnyRecord, AuthorRole, ExperienceData, GoalProgress, Id, PeriodOverview, PlanContent, PlanData, PlanGoalStatus,
    RecordData, RecordKind,
};

use crate::{rules, Result, Store, StoreError};

impl Store {
    /// Creates the Learning Plan for `next_period` from exhibition
    /// `exhibition_id`: its recommendations and suggestions are carried into
    /// the new plan; the cover sheet and team come from the period's plan.
    pub fn start_next_plan(&self, exhibition_id: Id, next_period: Id) -> Result<AnyRecord> {
        let AnyRecord::Exhibition(ex) = self.get(RecordKind::Exhibition, exhibition_id)? else {
            return Err(StoreError::NotFound { what: "exhibition", id: exhibition_id });
        };
        let learner = ex.meta.learner_id;
        let next = rules::period(self, learner, next_period, "period_id")?;
        let current = rules::period(self, learner, ex.data.period_id, "period_id")?;
        if next.data.start <= current.data.end {
            return Err(StoreError::Refused(format!(
                "\u{201c}{}\u{201d} does not come after \u{201c}{}\u{201d}; choose a later marking period.",
                next.data.name, current.data.name
            )));
        }
        let previous = self.list(learner, RecordKind::Plan, "")?.into_iter().find_map(|r| match r {
            AnyRecord::Plan(p) if p.data.period_id == ex.data.period_id => Some(p),
            _ => None,
        });
        let mut content = PlanContent::default();
        if let Some(p) = previous {
            content.cover = p.data.content.cover;
            content.team = p.data.content.team;
        }
        content.carried_recommendations = ex
            .data
            .recommendations
            .iter()
            .chain(&ex.data.next_plan_suggestions)
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        self.create(learner, AuthorRole::Student, RecordData::Plan(PlanData::new(next_period, content)))
    }

    /// Evidence, hours and plan progress per learning goal for one period, and
    /// what is still missing before the exhibition.
    pub fn period_overview(&self, learner: Id, period_id: Id) -> Result<PeriodOverview> {
        let l = self.learner(learner)?;
        let period = rules::period(self, learner, period_id, "period_id")?.data;
        let framework =
            self.framework(l.profile.framework()).or_else(|_| self.framework(portfolio_domain::framework::BPL))?;
        let overlaps = |e: &ExperienceData| {
            let end = e.end_date.unwrap_or(NaiveDate::MAX);
            e.start_date <= period.end && period.start <= end
        };
        let experiences: Vec<(Id, ExperienceData)> = self
            .list(learner, RecordKind::Experience, "")?
            .into_iter()
            .filter_map(|r| match r {
                AnyRecord::Experience(e) if overlaps(&e.data) => Some((e.meta.id, e.data)),
                _ => None,
            })
            .collect();
        let reflections: Vec<(Id, Vec<Id>)> = self
            .list(learner, RecordKind::Reflection, "")?
            .into_iter()
            .filter_map(|r| match r {
                AnyRecord::Reflection(r) if period.contains(r.data.date) => Some((r.meta.id, r.data.experience_ids)),
                _ => None,
            })
            .collect();
        let plan = self.list(learner, RecordKind::Plan, "")?.into_iter().find_map(|r| match r {
            AnyRecord::Plan(p) if p.data.period_id == period_id => Some(p.data),
            _ => None,
        });
        let plan_goals = plan.as_ref().map(|p| p.content.goals.clone()).unwrap_or_default();
        let goals = framework
            .goals
            .iter()
            .map(|g| {
                let tagged: Vec<&(Id, ExperienceData)> =
                    experiences.iter().filter(|(_, e)| e.goal_tags.contains(&g.id)).collect();
                let about: Vec<Id> = reflections
                    .iter()
                    .filter(|(_, links)| links.iter().any(|id| tagged.iter().any(|(eid, _)| eid == id)))
                    .map(|(id, _)| *id)
                    .collect();
                let serving: Vec<_> = plan_goals
                    .iter()
                    .filter(|pg| pg.status != PlanGoalStatus::Changed && pg.goal_tags.contains(&g.id))
                    .collect();
                GoalProgress {
                    goal_id: g.id.clone(),
                    name: g.name.clone(),
                    evidence: (tagged.len() + about.len()) as u32,
                    hours: tagged.iter().filter_map(|(_, e)| e.hours).sum(),
                    plan_goals: serving.len() as u32,
                    plan_goals_on_track: serving
                        .iter()
                        .filter(|pg| matches!(pg.status, PlanGoalStatus::OnTrack | PlanGoalStatus::Met))
                        .count() as u32,
                    experience_ids: tagged.iter().map(|(id, _)| *id).collect(),
                    reflection_ids: about,
                }
            })
            .collect::<Vec<_>>();
        let mut missing = Vec::new();
        match &plan {
            None => missing.push(format!("There is no Learning Plan for {} yet.", period.name)),
            Some(p) => {
                if p.signoffs.is_empty() {
                    missing.push("The Learning Plan has not been signed.".into());
                }
                for pg in &p.content.goals {
                    if let Some(state) = not_on_track(pg.status) {
                        missing.push(format!("Plan goal \u{201c}{}\u{201d} is {state}.", pg.title));
                    }
                    if pg.exhibition_evidence.trim().is_empty() && pg.links.is_empty() {
                        missing.push(format!("Plan goal \u{201c}{}\u{201d} has no exhibition evidence yet.", pg.title));
                    }
                }
            }
        }
        for g in &goals {
            if g.evidence == 0 {
                missing.push(format!("No evidence for {} in this period.", g.name));
            }
        }
        let exhibition_date = self
            .list(learner, RecordKind::Exhibition, "")?
            .iter()
            .filter_map(|r| match r {
                AnyRecord::Exhibition(e) if e.data.period_id == period_id => Some(e.data.date),
                _ => None,
            })
            .min();
        if exhibition_date.is_none() {
            missing.push("No exhibition is scheduled for this period.".into());
        }
        Ok(PeriodOverview { period_id, start: period.start, end: period.end, exhibition_date, goals, missing })
    }
}

/// How a plan goal that is neither on track nor met stands, in words; `None`
/// when it is on track, met or deliberately changed.
fn not_on_track(status: PlanGoalStatus) -> Option<&'static str> {
    match status {
        PlanGoalStatus::NotStarted => Some("not started yet"),
        PlanGoalStatus::AtRisk => Some("behind"),
        PlanGoalStatus::OnTrack | PlanGoalStatus::Met | PlanGoalStatus::Changed => None,
    }
}
