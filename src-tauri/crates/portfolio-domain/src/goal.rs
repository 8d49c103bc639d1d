//! Goals: what the learner sets out to learn, with steps and progress.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GoalStatus {
    /// Agreed, not started.
    #[default]
    Planned,
    /// Being worked on.
    InProgress,
    /// Reached.
    Achieved,
    /// Changed into another goal.
    Revised,
    /// Given up.
    Dropped,
}

/// One step towards a goal (a checklist item).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ActionStep {
    /// What to do.
    pub text: String,
    /// Whether it is done.
    pub done: bool,
}

/// A dated note on progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressNote {
    /// When.
    pub date: NaiveDate,
    /// What happened.
    pub text: String,
}

/// The fields of a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalData {
    /// The goal itself (required).
    pub statement: String,
    /// Why it matters to the learner.
    #[serde(default)]
    pub why: String,
    /// Learning-goal ids from the learner's framework.
    #[serde(default)]
    pub goal_tags: Vec<String>,
    /// When it should be reached.
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    /// Where it stands.
    #[serde(default)]
    pub status: GoalStatus,
    /// Checklist of action steps.
    #[serde(default)]
    pub steps: Vec<ActionStep>,
    /// Dated progress notes.
    #[serde(default)]
    pub progress_notes: Vec<ProgressNote>,
    /// Photos, files and links attached as evidence.
    #[serde(default)]
    pub evidence: Vec<crate::Evidence>,
}

impl GoalData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        None
    }

    pub(crate) fn text(&self) -> String {
        let mut t = search_text([self.statement.as_str(), &self.why]);
        t.push_str(&search_text(self.steps.iter().map(|s| s.text.as_str())));
        t.push_str(&search_text(self.progress_notes.iter().map(|n| n.text.as_str())));
        t
    }
}

impl Validate for GoalData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("statement", "Goal", &self.statement);
        c.long("why", "Why it matters", &self.why);
        c.short_list("goal_tags", "Learning goals", &self.goal_tags);
        if let Some(d) = self.target_date {
            c.date("target_date", "Target date", d);
        }
        c.count("steps", "Action steps", self.steps.len());
        for (i, s) in self.steps.iter().enumerate() {
            c.required(&format!("steps[{i}].text"), &format!("Step {}", i + 1), &s.text);
        }
        c.count("progress_notes", "Progress notes", self.progress_notes.len());
        for (i, n) in self.progress_notes.iter().enumerate() {
            c.date(&format!("progress_notes[{i}].date"), "Note date", n.date);
            if n.text.trim().is_empty() {
                c.fail(format!("progress_notes[{i}].text"), format!("Progress note {} is empty.", i + 1));
            }
            c.long(&format!("progress_notes[{i}].text"), "Progress note", &n.text);
        }
        crate::evidence::check(&mut c, &self.evidence);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_step_is_named() {
        let g = GoalData {
            statement: "Present my research to a real audience".into(),
            why: String::new(),
            goal_tags: vec!["communication".into()],
            target_date: None,
            status: GoalStatus::InProgress,
            steps: vec![ActionStep { text: "Book the library room".into(), done: true }, ActionStep::default()],
            progress_notes: vec![],
            evidence: vec![],
        };
        let err = g.validate().unwrap_err();
        assert_eq!(err.0[0].field, "steps[1].text");
        assert_eq!(err.0[0].message, "Step 2 is required.");
    }
}
