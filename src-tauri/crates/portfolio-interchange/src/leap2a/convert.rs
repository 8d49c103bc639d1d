//! Converting raw feed entries into a learner profile and records, validating
//! everything and collecting what cannot be imported.

use std::collections::HashMap;

use portfolio_domain::{
    ActionStep, BadgeData, BadgeSource, ExperienceData, ExperienceKind, ExperienceStatus, GoalData, GoalStatus,
    LearnerProfile, Mentor, RecordData, ReflectionData, Validate, Visibility,
};

use super::parse::{parse_date, Author, RawEntry};
use super::{kind_from_term, KIND_SCHEME};
use crate::{InterchangeError, Result};

/// A parsed Leap2A file ready to store: the learner's profile and records.
#[derive(Debug, Clone, PartialEq)]
pub struct Leap2aImport {
    /// The person the export belongs to.
    pub profile: LearnerProfile,
    /// Records to create. Reflections name experiences by their position in
    /// this list (see `reflection_links`).
    pub records: Vec<RecordData>,
    /// For each reflection at index i of `records`, the indexes of the
    /// experiences it reflects on.
    pub reflection_links: Vec<(usize, Vec<usize>)>,
    /// File entries that were not imported (media import arrives later).
    pub files_skipped: usize,
    /// Other entries that were not imported, as "title (type)".
    pub skipped: Vec<String>,
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

pub(super) fn convert(author: Author, entries: Vec<RawEntry>) -> Result<Leap2aImport> {
    let mut profile = LearnerProfile::default();
    let mut records: Vec<RecordData> = Vec::new();
    let mut skipped = Vec::new();
    let mut files_skipped = 0;
    let mut exp_index: HashMap<String, usize> = HashMap::new();
    let mut goal_index: HashMap<String, usize> = HashMap::new();
    let mut pending_links: Vec<(usize, Vec<String>)> = Vec::new();
    let mut tasks: Vec<&RawEntry> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut person_found = false;

    let plan_ids: std::collections::HashSet<&str> =
        entries.iter().filter(|e| e.is("plan") && e.mahara_type != "task").map(|e| e.id.as_str()).collect();

    for en in &entries {
        let mt = en.mahara_type.trim_start_matches("resume");
        if en.is("person") {
            person_found = true;
            let field =
                |f: &str| en.persondata.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone()).unwrap_or_default();
            let full = format!("{} {}", field("legal_given_name"), field("legal_family_name")).trim().to_string();
            profile.name = if !full.is_empty() {
                full
            } else if !en.title.is_empty() {
                en.title.clone()
            } else {
                author.name.clone()
            };
            profile.preferred_name = field("preferred_given_name");
            profile.emails = en.persondata.iter().filter(|(k, _)| k == "email").map(|(_, v)| v.clone()).collect();
            profile.date_of_birth = parse_date(&field("dob"));
            if let Some(list) = en.content.strip_prefix("Interests: ") {
                profile.interests = list.split(", ").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            }
        } else if en.is("plan") && (en.mahara_type == "task" || en.links("is_part_of").any(|h| plan_ids.contains(h))) {
            tasks.push(en);
        } else if en.is("plan") {
            let status = match en.stage.as_str() {
                "completed" => GoalStatus::Achieved,
                "started" => GoalStatus::InProgress,
                "withdrawn" => GoalStatus::Dropped,
                _ => GoalStatus::Planned,
            };
            goal_index.insert(en.id.clone(), records.len());
            records.push(RecordData::Goal(GoalData {
                statement: en.title.clone(),
                why: en.content.clone(),
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
                target_date: en.date(&["target", "end"]),
                status,
                steps: Vec::new(),
                progress_notes: Vec::new(),
                evidence: Vec::new(),
            }));
        } else if en.is("resource")
            || matches!(en.mahara_type.as_str(), "file" | "image" | "folder" | "archive" | "video" | "audio")
        {
            files_skipped += 1;
        } else if en.is("achievement")
            && !matches!(mt, "educationhistory" | "employmenthistory")
            && !en.orgname.is_empty()
        {
            let Some(issued_on) = en.any_date() else {
                problems.push(format!("The achievement {} has no date.", en.label()));
                continue;
            };
            let (description, criteria) = match en.content.rsplit_once("\n\nCriteria: ") {
                Some((d, c)) => (d.trim().to_string(), c.trim().to_string()),
                None => match en.content.strip_prefix("Criteria: ") {
                    Some(c) => (String::new(), c.trim().to_string()),
                    None => (en.content.clone(), String::new()),
                },
            };
            records.push(RecordData::Badge(BadgeData {
                name: en.title.clone(),
                issuer_name: en.orgname.clone(),
                issued_on,
                expires_on: en.date(&["end"]).filter(|d| *d != issued_on),
                description,
                criteria,
                image_ref: None,
                evidence_links: en.links("related").map(str::to_string).collect(),
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
                attached_keys: Vec::new(),
                source: BadgeSource::Manual,
                original_credential: None,
            }));
        } else if en.is("activity")
            || en.is("achievement")
            || matches!(mt, "employmenthistory" | "educationhistory" | "certification")
        {
            let Some(start_date) = en.any_date() else {
                problems.push(format!("The activity {} has no start date.", en.label()));
                continue;
            };
            let kind = en
                .categories
                .iter()
                .find(|(_, s)| s == KIND_SCHEME)
                .and_then(|(t, _)| kind_from_term(t))
                .unwrap_or_else(|| match mt {
                    "employmenthistory" => ExperienceKind::Job,
                    "educationhistory" => ExperienceKind::Course,
                    _ => match en.categories.iter().find(|(_, s)| s.ends_with("life_area#")).map(|(t, _)| t.as_str()) {
                        Some("Work") => ExperienceKind::Job,
                        Some("Education") => ExperienceKind::Course,
                        Some("Community") => ExperienceKind::Volunteering,
                        _ => ExperienceKind::Other,
                    },
                });
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
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
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
            e.description = split_facts(&en.content, &mut e);
            exp_index.insert(en.id.clone(), records.len());
            records.push(RecordData::Experience(e));
        } else if en.is("selection") {
            if !(en.mahara_type == "blog" || en.categories.iter().any(|(t, _)| t == "Blog")) {
                skipped.push(en.label());
            }
        } else if en.mahara_type == "blogpost" || en.is("entry") {
            let Some(date) = en.published.as_deref().and_then(parse_date).or_else(|| en.any_date()) else {
                problems.push(format!("The journal entry {} has no date.", en.label()));
                continue;
            };
            let links: Vec<String> = en.links("reflects_on").map(str::to_string).collect();
            if !links.is_empty() {
                pending_links.push((records.len(), links));
            }
            records.push(RecordData::Reflection(ReflectionData {
                date,
                title: if en.title.trim().is_empty() { format!("Journal entry of {date}") } else { en.title.clone() },
                body: en.content.clone(),
                experience_ids: Vec::new(),
                goal_ids: Vec::new(),
                prompt: String::new(),
                visibility: Visibility::Private,
                evidence: Vec::new(),
            }));
        } else {
            skipped.push(en.label());
        }
    }
    // Tasks become steps of their plan, in feed order (or the plan's has_part order).
    // A plan's has_part links name its tasks: one map, built once (a search
    // of every entry's links for every task would be quadratic).
    let mut part_of_plan: HashMap<&str, usize> = HashMap::new();
    for p in &entries {
        if let Some(&i) = goal_index.get(&p.id) {
            for h in p.links("has_part") {
                part_of_plan.entry(h).or_insert(i);
            }
        }
    }
    let mut orphan_tasks = 0;
    for t in tasks {
        let parent = t.links("is_part_of").find_map(|h| goal_index.get(h)).or_else(|| part_of_plan.get(t.id.as_str()));
        match parent.map(|&i| &mut records[i]) {
            Some(RecordData::Goal(g)) => g.steps.push(ActionStep {
                text: t.title.clone(),
                done: t.stage == "completed" || t.categories.iter().any(|(c, _)| c.eq_ignore_ascii_case("completed")),
            }),
            _ => orphan_tasks += 1,
        }
    }
    if orphan_tasks > 0 {
        skipped.push(format!("{orphan_tasks} task(s) outside any plan"));
    }
    if !person_found {
        profile.name = author.name.clone();
    }
    if profile.emails.is_empty() && !author.email.is_empty() {
        profile.emails.push(author.email);
    }
    if let Err(e) = profile.validate() {
        problems.push(format!("The person: {e}"));
    }
    for d in &records {
        if let Err(e) = d.validate() {
            let what = match d {
                RecordData::Experience(x) => format!("The activity \u{201c}{}\u{201d}", x.title),
                RecordData::Reflection(x) => format!("The journal entry \u{201c}{}\u{201d}", x.title),
                RecordData::Goal(x) => format!("The plan \u{201c}{}\u{201d}", x.statement),
                RecordData::Badge(x) => format!("The achievement \u{201c}{}\u{201d}", x.name),
                _ => "An entry".into(),
            };
            problems.push(format!("{what}: {e}"));
        }
    }
    if !problems.is_empty() {
        let more =
            if problems.len() > 3 { format!(" (and {} more problems)", problems.len() - 3) } else { String::new() };
        return Err(InterchangeError::Invalid(format!("{}{more}", problems[..problems.len().min(3)].join(" "))));
    }
    let reflection_links = pending_links
        .into_iter()
        .map(|(i, hrefs)| (i, hrefs.iter().filter_map(|h| exp_index.get(h).copied()).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    Ok(Leap2aImport { profile, records, reflection_links, files_skipped, skipped })
}
