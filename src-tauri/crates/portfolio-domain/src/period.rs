//! Marking periods and per-period narratives.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::Id;
use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// A marking period ("Year 10, Quarter 2"): everything dated falls into one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodData {
    /// Name.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl PeriodData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.start)
    }
    pub(crate) fn text(&self) -> String {
        search_text([self.name.as_str()])
    }
    /// True when `date` falls inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
    /// True when the two periods share at least one day.
    pub fn overlaps(&self, other: &PeriodData) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl Validate for PeriodData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("name", "Period name", &self.name);
        c.date("start", "Start date", self.start);
        c.date("end", "End date", self.end);
        c.order("end", self.start, Some(self.end), "The period ends before it starts.");
        c.finish()
    }
}

/// Whose narrative it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NarrativeVoice {
    /// The learner's own account of the period.
    #[default]
    Student,
    /// The advisor's account (shown as the advisor's words).
    Advisor,
}

/// A period narrative: long-form text in the reflections' Markdown subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NarrativeData {
    /// The period it is about.
    pub period_id: Id,
    /// Student or advisor.
    #[serde(default)]
    pub voice: NarrativeVoice,
    /// Who wrote it (name).
    #[serde(default)]
    pub author_name: String,
    /// The narrative.
    #[serde(default)]
    pub body: String,
}

impl NarrativeData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        None
    }
    pub(crate) fn text(&self) -> String {
        search_text([self.author_name.as_str(), &self.body])
    }
}

impl Validate for NarrativeData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.short("author_name", "Author", &self.author_name);
        c.long("body", "Narrative", &self.body);
        c.finish()
    }
}
