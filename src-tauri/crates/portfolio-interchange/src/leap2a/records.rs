//! One Leap2A entry to one record: activities and résumé items to
//! experiences, achievements to badges, plans to goals, journal posts to
//! reflections. A problem that makes an entry unusable is a sentence.

use chrono::NaiveDate;
use portfolio_domain::{
    BadgeData, BadgeSource, ExperienceData, ExperienceKind, ExperienceStatus, GoalData, GoalStatus, Mentor,
    ReflectionData, Visibility,
};

use super::parse::{parse_date, RawEntry};
use super::{kind_from_term, KIND_SCHEME};

/// How plain tags are kept: this app's own exports write learning-goal ids
/// as tags; other systems' tags are the learner's words, kept in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tags {
    /// Tags are learning-goal ids (`goal_tags`).
    GoalIds,
    /// Tags are kept as a last "Tags: …" line of the text.
    InText,
}

impl Tags {
    /// The goal ids to keep from `en` (none when tags go in the text).
    fn goal_ids(self, en: &RawEntry) -> Vec<String> {
        match self {
            Tags::GoalIds => en.tags(),
            Tags::InText => Vec::new(),
        }
    }

    /// `text` with the entry's tags as a last line, when they go in the text.
    pub(super) fn text(self, text: &str, en: &RawEntry) -> String {
        let tags = en.tags();
        if self == Tags::GoalIds || tags.is_empty() {
            return text.to_string();
        }
        let line = format!("Tags: {}", tags.join(", "));
        if text.trim().is_empty() {
            line
        } else {
            format!("{}\n\n{line}", text.trim_end())
        }
    }
}

/// Whether an achievement entry is a badge-like certification (it names
/// who issued it) rather than a résumé activity.
pub(super) fn is_badge(en: &RawEntry) -> bool {
    let mt = en.mahara_type.trim_start_matches("resume");
    en.is("achievement") && !matches!(mt, "educationhistory" | "employmenthistory") && !en.orgname.is_empty()
}

/// Whether an entry is an activity or a résumé item (experience).
pub(super) fn is_experience(en: &RawEntry) -> bool {
    let mt = en.mahara_type.trim_start_matches("resume");
    en.is("activity")
        || en.is("achievement")
        || matches!(mt, "employmenthistory" | "educationhistory" | "certification")
}

pub(super) fn goal(en: &RawEntry, tags: Tags) -> GoalData {
    let status = match en.stage.as_str() {
        "completed" => GoalStatus::Achieved,
        "started" => GoalStatus::InProgress,
        "withdrawn" => GoalStatus::Dropped,
        _ => GoalStatus::Planned,
    };
    GoalData {
        statement: en.title.clone(),
        why: tags.text(&en.content, en),
        goal_tags: tags.goal_ids(en),
        target_date: en.date(&["target", "end"]),
        status,
        steps: Vec::new(),
        progress_notes: Vec::new(),
        evidence: Vec::new(),
    }
}

pub(super) fn badge(en: &RawEntry, tags: Tags) -> Result<BadgeData, String> {
    let Some(issued_on) = en.any_date() else {
        return Err(format!("The achievement {} has no date.", en.label()));
    };
    let (description, criteria) = match en.content.rsplit_once("\n\nCriteria: ") {
        Some((d, c)) => (d.trim().to_string(), c.trim().to_string()),
        None => match en.content.strip_prefix("Criteria: ") {
            Some(c) => (String::new(), c.trim().to_string()),
            None => (en.content.clone(), String::new()),
        },
    };
    Ok(BadgeData {
        name: en.title.clone(),
        issuer_name: en.orgname.clone(),
        issued_on,
        expires_on: en.date(&["end"]).filter(|d| *d != issued_on),
        description: tags.text(&description, en),
        criteria,
        image_ref: None,
        evidence_links: en.links("related").filter(|h| h.starts_with("http")).map(str::to_string).collect(),
        goal_tags: tags.goal_ids(en),
        attached_keys: Vec::new(),
        source: BadgeSource::Manual,
        original_credential: None,
    })
}

pub(super) fn experience(en: &RawEntry, tags: Tags) -> Result<ExperienceData, String> {
    let mt = en.mahara_type.trim_start_matches("resume");
    let Some(start_date) = en.any_date() else {
        return Err(format!("The activity {} has no start date.", en.label()));
    };
    let kind =
        en.categories.iter().find(|(_, s, _)| s == KIND_SCHEME).and_then(|(t, _, _)| kind_from_term(t)).unwrap_or_else(
            || match mt {
                "employmenthistory" => ExperienceKind::Job,
                "educationhistory" => ExperienceKind::Course,
                _ => match en.categories.iter().find(|(_, s, _)| s.ends_with("life_area#")).map(|(t, _, _)| t.as_str())
                {
                    Some("Work") => ExperienceKind::Job,
                    Some("Education") => ExperienceKind::Course,
                    Some("Community") => ExperienceKind::Volunteering,
                    _ => ExperienceKind::Other,
                },
            },
        );
    let mut title = en.title.clone();
    let mut organisation = en.orgname.clone();
    if !en.myrole.is_empty() {
        if organisation.is_empty() && title != en.myrole {
            organisation = title.clone();
        }
        title = en.myrole.clone();
    } else if organisation.is_empty() && matches!(mt, "employmenthistory" | "educationhistory") {
        // Mahara titles résumé items "Job title: Employer".
        if let Some((t, o)) = en.title.split_once(": ") {
            title = t.trim().into();
            organisation = o.trim().into();
        }
    }
    let end_date = en.date(&["end"]).filter(|d| *d >= start_date);
    let mut e = ExperienceData {
        kind,
        title,
        organisation,
        location: en.spatial.clone(),
        mentor: Mentor::default(),
        start_date,
        end_date,
        hours: None,
        description: String::new(),
        goal_tags: tags.goal_ids(en),
        status: match en.stage.as_str() {
            "planned" => ExperienceStatus::Planned,
            "withdrawn" => ExperienceStatus::Withdrawn,
            "started" => ExperienceStatus::Ongoing,
            "completed" => ExperienceStatus::Completed,
            _ if end_date.is_some() => ExperienceStatus::Completed,
            _ => ExperienceStatus::Ongoing,
        },
        evidence: Vec::new(),
    };
    let description = split_facts(&en.content, &mut e);
    e.description = tags.text(&description, en);
    Ok(e)
}

/// The date of an entry that is a moment (post, page, comment): published,
/// else a Leap2A date, else updated.
pub(super) fn moment(en: &RawEntry) -> Option<NaiveDate> {
    en.published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| en.any_date())
        .or_else(|| en.updated.as_deref().and_then(parse_date))
}

pub(super) fn post(en: &RawEntry, tags: Tags) -> Result<ReflectionData, String> {
    let Some(date) = moment(en) else {
        return Err(format!("The journal entry {} has no date.", en.label()));
    };
    Ok(reflection(date, &en.title, tags.text(&en.content, en)))
}

/// A private journal entry.
pub(super) fn reflection(date: NaiveDate, title: &str, body: String) -> ReflectionData {
    ReflectionData {
        date,
        title: if title.trim().is_empty() { format!("Journal entry of {date}") } else { title.to_string() },
        body,
        experience_ids: Vec::new(),
        goal_ids: Vec::new(),
        prompt: String::new(),
        visibility: Visibility::Private,
        evidence: Vec::new(),
    }
}

/// Splits trailing "Organisation: …", "Location: …", "Mentor: …", "Hours: …"
/// lines (as this crate writes them) off an experience's content.
pub(super) fn split_facts(content: &str, e: &mut ExperienceData) -> String {
    let mut lines: Vec<&str> = content.lines().collect();
    while let Some(last) = lines.last().copied() {
        let (key, value) = match last.split_once(": ") {
            Some(kv) => kv,
            None if last.trim().is_empty() => {
                lines.pop();
                continue;
            }
            None => break,
        };
        match key {
            "Organisation" => {
                if e.organisation.is_empty() {
                    e.organisation = value.trim().into();
                }
            }
            "Location" => {
                if e.location.is_empty() {
                    e.location = value.trim().into();
                }
            }
            "Hours" => match value.trim().parse() {
                Ok(h) => e.hours = Some(h),
                Err(_) => break,
            },
            "Mentor" => {
                let (name, extra) = match value.trim().strip_suffix(')').and_then(|v| v.split_once(" (")) {
                    Some((n, x)) => (n, x),
                    None => (value.trim(), ""),
                };
                let mut parts = extra.splitn(2, ", ");
                e.mentor = Mentor {
                    name: name.into(),
                    role: parts.next().unwrap_or("").into(),
                    contact: parts.next().unwrap_or("").into(),
                };
            }
            _ => break,
        }
        lines.pop();
    }
    lines.join("\n").trim().to_string()
}
