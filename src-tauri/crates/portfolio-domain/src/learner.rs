//! The learner: whose portfolio it is.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::{new_id, Id};
use crate::validate::{Checker, Validate, ValidationErrors};

/// What the learner (or their advisor) tells about them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LearnerProfile {
    /// Full name (required).
    pub name: String,
    /// The name they go by; empty when it is the first name.
    pub preferred_name: String,
    /// Date of birth, if given.
    pub date_of_birth: Option<NaiveDate>,
    /// School or program.
    pub school: String,
    /// Cohort, grade or year group.
    pub cohort: String,
    /// Interests and passions, one per item.
    pub interests: Vec<String>,
    /// Contact emails (used to match badge recipients).
    pub emails: Vec<String>,
    /// The learning-goal framework the learner uses; empty means Big Picture
    /// Learning's five (`bpl`).
    pub framework_id: String,
    /// The learner's own photo: the SHA-256 (64 lower-case hex digits) of a
    /// picture stored in the media folder (`<data folder>/media`), shown as
    /// their avatar and on document covers; empty when there is none. Set
    /// and cleared by the photo commands, which import the picture first.
    #[serde(default)]
    pub photo_sha256: String,
}

impl Validate for LearnerProfile {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("name", "Name", &self.name);
        c.short("preferred_name", "Preferred name", &self.preferred_name);
        if let Some(d) = self.date_of_birth {
            c.date("date_of_birth", "Date of birth", d);
            if d > Utc::now().date_naive() {
                c.fail("date_of_birth", "Date of birth cannot be in the future.");
            }
        }
        c.short("school", "School or program", &self.school);
        c.short("cohort", "Cohort or grade", &self.cohort);
        c.short_list("interests", "Interests", &self.interests);
        c.short_list("emails", "Emails", &self.emails);
        c.short("framework_id", "Framework", &self.framework_id);
        if !self.photo_sha256.is_empty() && !is_sha256(&self.photo_sha256) {
            c.fail("photo_sha256", "The photo does not point at a stored picture.");
        }
        for (i, e) in self.emails.iter().enumerate() {
            let e = e.trim();
            let ok = e.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
            }) && !e.contains(char::is_whitespace);
            if !e.is_empty() && !ok {
                c.fail(format!("emails[{i}]"), format!("\u{201c}{e}\u{201d} does not look like an email address."));
            }
        }
        c.finish()
    }
}

/// True for 64 lower-case hex digits (how a stored file is named).
fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl LearnerProfile {
    /// The SHA-256 of the learner's photo, if they have one.
    pub fn photo(&self) -> Option<&str> {
        Some(self.photo_sha256.as_str()).filter(|s| !s.is_empty())
    }

    /// The framework id in effect (`bpl` when none was chosen).
    pub fn framework(&self) -> &str {
        if self.framework_id.trim().is_empty() {
            crate::framework::BPL
        } else {
            &self.framework_id
        }
    }

    /// The name to greet the learner with.
    pub fn display_name(&self) -> &str {
        if self.preferred_name.trim().is_empty() {
            self.name.split_whitespace().next().unwrap_or(&self.name)
        } else {
            &self.preferred_name
        }
    }
}

/// A learner and their profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Learner {
    /// Stable id (UUIDv7).
    pub id: Id,
    /// When the learner was added (UTC).
    pub created: DateTime<Utc>,
    /// When the profile last changed (UTC).
    pub updated: DateTime<Utc>,
    /// The profile.
    pub profile: LearnerProfile,
}

impl Learner {
    /// A new learner, stamped now.
    pub fn new(profile: LearnerProfile) -> Self {
        let now = Utc::now();
        Learner { id: new_id(), created: now, updated: now, profile }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_is_required_and_emails_checked() {
        let p = LearnerProfile { emails: vec!["nope".into(), "maya@example.org".into()], ..Default::default() };
        let err = p.validate().unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "emails[0]"]);
        assert_eq!(err.0[0].message, "Name is required.");
    }

    #[test]
    fn photo_is_empty_or_a_sha256() {
        let mut p = LearnerProfile { name: "Maya Okafor".into(), ..Default::default() };
        assert!(p.validate().is_ok());
        assert_eq!(p.photo(), None);
        p.photo_sha256 = "ab".repeat(32);
        assert!(p.validate().is_ok());
        assert_eq!(p.photo(), Some("ab".repeat(32).as_str()));
        for bad in ["AB".repeat(32), "ab".repeat(31), format!("{}zz", "ab".repeat(31)), "../etc/passwd".into()] {
            p.photo_sha256 = bad.clone();
            let err = p.validate().unwrap_err();
            assert_eq!(err.0[0].field, "photo_sha256", "{bad}");
        }
        // Older stored profiles have no photo field.
        let old: LearnerProfile = serde_json::from_str(r#"{"name":"Maya"}"#).unwrap();
        assert_eq!(old.photo_sha256, "");
    }

    #[test]
    fn display_name_prefers_preferred_name() {
        let mut p = LearnerProfile { name: "Maya Okafor".into(), ..Default::default() };
        assert_eq!(p.display_name(), "Maya");
        p.preferred_name = "May".into();
        assert_eq!(p.display_name(), "May");
    }
}
