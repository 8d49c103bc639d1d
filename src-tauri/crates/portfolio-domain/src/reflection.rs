//! Reflections: the learner's journal.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::Id;
use crate::validate::{search_text, Checker, Validate, ValidationErrors, MAX_ITEMS};

/// Who may read a journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Visibility {
    /// Only the learner.
    #[default]
    Private,
    /// The learner's learning team (advisor, mentor).
    LearningTeam,
    /// The learning team and family.
    Family,
}

/// The fields of a journal entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReflectionData {
    /// The day it is about.
    pub date: NaiveDate,
    /// Title (required).
    pub title: String,
    /// The entry (Markdown subset: paragraphs, `**bold**`, `*italic*`, lists, headings).
    #[serde(default)]
    pub body: String,
    /// Experiences it reflects on.
    #[serde(default)]
    pub experience_ids: Vec<Id>,
    /// Goals it reflects on.
    #[serde(default)]
    pub goal_ids: Vec<Id>,
    /// The prompt it answers, if any.
    #[serde(default)]
    pub prompt: String,
    /// Who may read it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Photos, files and links attached as evidence.
    #[serde(default)]
    pub evidence: Vec<crate::Evidence>,
}

impl ReflectionData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }

    pub(crate) fn text(&self) -> String {
        search_text([self.title.as_str(), &self.body, &self.prompt])
    }
}

impl Validate for ReflectionData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.date("date", "Date", self.date);
        c.required("title", "Title", &self.title);
        c.long("body", "Entry", &self.body);
        c.long("prompt", "Prompt", &self.prompt);
        if self.experience_ids.len() > MAX_ITEMS {
            c.count("experience_ids", "Linked experiences", self.experience_ids.len());
        }
        c.count("goal_ids", "Linked goals", self.goal_ids.len());
        crate::evidence::check(&mut c, &self.evidence);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_required_and_ids_must_be_uuids() {
        let r: ReflectionData = serde_json::from_str(r#"{"date":"2026-10-02","title":""}"#).unwrap();
        assert_eq!(r.validate().unwrap_err().0[0].field, "title");
        let bad =
            serde_json::from_str::<ReflectionData>(r#"{"date":"2026-10-02","title":"x","goal_ids":["not-an-id"]}"#);
        assert!(bad.is_err());
    }
}
