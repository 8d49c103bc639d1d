//! A marking period at a glance: evidence and hours per learning goal, plan
//! goals on track, and what is still missing before the exhibition.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::Id;

/// Progress on one learning goal in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalProgress {
    /// Learning goal id.
    pub goal_id: String,
    /// Its name.
    pub name: String,
    /// Experiences tagged with it that overlap the period, plus journal entries
    /// in the period about those experiences.
    pub evidence: u32,
    /// Hours of those experiences (an experience's hours count in full).
    pub hours: f64,
    /// Plan goals that serve it.
    pub plan_goals: u32,
    /// Of those, on track or met.
    pub plan_goals_on_track: u32,
    /// The experiences counted in `evidence`, in list order.
    pub experience_ids: Vec<Id>,
    /// The journal entries counted in `evidence`, in list order.
    pub reflection_ids: Vec<Id>,
}

/// The period overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodOverview {
    /// The period.
    pub period_id: Id,
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day (inclusive).
    pub end: NaiveDate,
    /// The earliest exhibition date of the period, when one is scheduled.
    pub exhibition_date: Option<NaiveDate>,
    /// Per learning goal of the learner's framework.
    pub goals: Vec<GoalProgress>,
    /// What is still missing before the exhibition, one sentence each. Empty
    /// only when the plan is signed, every plan goal is on track or met and
    /// has exhibition evidence, every learning goal has evidence and an
    /// exhibition is scheduled.
    pub missing: Vec<String>,
}
