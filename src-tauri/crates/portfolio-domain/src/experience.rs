//! Experiences: internships, projects, courses and all learning out in the world.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{search_text, Checker, Validate, ValidationErrors, MAX_HOURS};

/// What sort of experience it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExperienceKind {
    /// An internship with a mentor (LTI).
    #[default]
    Internship,
    /// A project.
    Project,
    /// A course or class.
    Course,
    /// A paid job.
    Job,
    /// Volunteering or community service.
    Volunteering,
    /// A competition.
    Competition,
    /// A club or team.
    Club,
    /// A visit to a museum or cultural place.
    MuseumVisit,
    /// Travel.
    Travel,
    /// Anything else.
    Other,
}

/// Where an experience stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExperienceStatus {
    /// Not started yet.
    Planned,
    /// Under way.
    #[default]
    Ongoing,
    /// Finished.
    Completed,
    /// Stopped before the end.
    Withdrawn,
}

/// The person who guides the learner in an experience.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Mentor {
    /// Name.
    pub name: String,
    /// Role or job title.
    pub role: String,
    /// Email or phone.
    pub contact: String,
}

/// The fields of an experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExperienceData {
    /// What sort of experience.
    #[serde(default)]
    pub kind: ExperienceKind,
    /// Title (required).
    pub title: String,
    /// Organisation or place.
    #[serde(default)]
    pub organisation: String,
    /// Town, address or "online".
    #[serde(default)]
    pub location: String,
    /// Mentor, if any (all fields empty when none).
    #[serde(default)]
    pub mentor: Mentor,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day; `None` while ongoing.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// Hours spent, if counted.
    #[serde(default)]
    pub hours: Option<f64>,
    /// What the learner did and learned (Markdown subset).
    #[serde(default)]
    pub description: String,
    /// Learning-goal ids from the learner's framework.
    #[serde(default)]
    pub goal_tags: Vec<String>,
    /// Where it stands.
    #[serde(default)]
    pub status: ExperienceStatus,
    /// Photos, files and links attached as evidence.
    #[serde(default)]
    pub evidence: Vec<crate::Evidence>,
}

impl ExperienceData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.start_date)
    }

    pub(crate) fn text(&self) -> String {
        search_text([
            self.title.as_str(),
            &self.organisation,
            &self.location,
            &self.mentor.name,
            &self.mentor.role,
            &self.description,
        ])
    }
}

impl Validate for ExperienceData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("title", "Title", &self.title);
        c.short("organisation", "Organisation", &self.organisation);
        c.short("location", "Location", &self.location);
        c.short("mentor.name", "Mentor's name", &self.mentor.name);
        c.short("mentor.role", "Mentor's role", &self.mentor.role);
        c.short("mentor.contact", "Mentor's contact", &self.mentor.contact);
        c.date("start_date", "Start date", self.start_date);
        if let Some(end) = self.end_date {
            c.date("end_date", "End date", end);
        }
        c.order("end_date", self.start_date, self.end_date, "End date cannot be before the start date.");
        if let Some(h) = self.hours {
            if !h.is_finite() || h < 0.0 {
                c.fail("hours", "Hours must be zero or more.");
            } else if h > MAX_HOURS {
                c.fail("hours", format!("Hours must be at most {MAX_HOURS}."));
            }
        }
        c.long("description", "Description", &self.description);
        c.short_list("goal_tags", "Learning goals", &self.goal_tags);
        crate::evidence::check(&mut c, &self.evidence);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ExperienceData {
        ExperienceData {
            kind: ExperienceKind::Internship,
            title: "Vet clinic internship".into(),
            organisation: "Eastside Animal Hospital".into(),
            location: String::new(),
            mentor: Mentor::default(),
            start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            end_date: None,
            hours: Some(12.5),
            description: String::new(),
            goal_tags: vec![],
            status: ExperienceStatus::Ongoing,
            evidence: vec![],
        }
    }

    #[test]
    fn valid_sample_passes() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn end_before_start_is_refused_on_end_date() {
        let mut e = sample();
        e.end_date = NaiveDate::from_ymd_opt(2026, 8, 1);
        let err = e.validate().unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, "end_date");
        assert_eq!(err.to_string(), "End date cannot be before the start date.");
    }

    #[test]
    fn blank_title_huge_title_and_bad_hours() {
        let mut e = sample();
        e.title = "   ".into();
        e.hours = Some(f64::NAN);
        let err = e.validate().unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "hours"]);

        let mut e = sample();
        e.title = "x".repeat(10 * 1024 * 1024);
        let err = e.validate().unwrap_err();
        assert!(err.0[0].message.starts_with("Title is too long (10485760 characters"), "{err}");
    }

    #[test]
    fn json_defaults_fill_optional_fields() {
        let e: ExperienceData = serde_json::from_str(r#"{"title":"Robotics club","start_date":"2026-09-10"}"#).unwrap();
        assert_eq!(e.status, ExperienceStatus::Ongoing);
        assert_eq!(e.kind, ExperienceKind::Internship);
        assert!(e.goal_tags.is_empty());
    }
}
