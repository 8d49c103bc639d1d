//! A marking period at a glance: evidence and hours per learning goal, plan
//! goals on track, and what is still missing before the exhibition.

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
}

/// The period overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodOverview {
    /// The period.
    pub period_id: Id,
    /// Per learning goal of the learner's framework.
    pub goals: Vec<GoalProgress>,
    /// What is still missing before the exhibition, one sentence each.
    pub missing: Vec<String>,
}
