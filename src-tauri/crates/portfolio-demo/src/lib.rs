//! A realistic demo portfolio: one school year of a Big Picture learner's
//! experiences, weekly journal entries, goals and badges.
//!
//! Deterministic for a given "today", so tests can assert on it; every date
//! lies in the past, in the school year that started 12 to 24 months ago.
#![warn(missing_docs)]

mod year_loop;
pub use year_loop::quarters;

use chrono::{Datelike, Days, NaiveDate};
use portfolio_domain::{
    ActionStep, AuthorRole, BadgeData, ExperienceData, ExperienceKind, ExperienceStatus, GoalData, GoalStatus, Id,
    Learner, LearnerProfile, Mentor, ProgressNote, RecordData, ReflectionData, Visibility,
};
use portfolio_store::{Result, Store};

/// Big Picture Learning's five learning goals, as tag ids.
pub const BPL_GOALS: [&str; 5] =
    ["empirical_reasoning", "quantitative_reasoning", "communication", "social_reasoning", "personal_qualities"];

/// The demo learner's profile.
pub fn demo_profile() -> LearnerProfile {
    LearnerProfile {
        name: "Maya Okafor".into(),
        preferred_name: "Maya".into(),
        date_of_birth: NaiveDate::from_ymd_opt(2009, 4, 17),
        school: "Harbor City Met School (demo)".into(),
        cohort: "Grade 11 · Advisory: Ms. Delgado".into(),
        interests: vec!["Animal health".into(), "Bike mechanics".into(), "Photography".into(), "Urban ecology".into()],
        emails: vec!["maya.okafor@example.org".into()],
        framework_id: String::new(),
        photo_sha256: String::new(),
    }
}

/// First day of the demo school year: the 1st of September 12 to 24 months before `today`.
pub fn school_year_start(today: NaiveDate) -> NaiveDate {
    let year = if today.month() >= 9 { today.year() - 1 } else { today.year() - 2 };
    NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(today)
}

pub(crate) fn day(start: NaiveDate, offset: u64) -> NaiveDate {
    start.checked_add_days(Days::new(offset)).unwrap_or(start)
}

pub(crate) fn tags(ids: &[usize]) -> Vec<String> {
    ids.iter().filter_map(|&i| BPL_GOALS.get(i)).map(|s| s.to_string()).collect()
}

struct Exp {
    kind: ExperienceKind,
    title: &'static str,
    org: &'static str,
    location: &'static str,
    mentor: (&'static str, &'static str, &'static str),
    start: u64,
    end: Option<u64>,
    hours: Option<f64>,
    description: &'static str,
    goals: &'static [usize],
}

const EXPERIENCES: &[Exp] = &[
    Exp { kind: ExperienceKind::Internship, title: "Veterinary assistant internship", org: "Eastside Animal Hospital", location: "Harbor City", mentor: ("Dr. Luis Romero", "Veterinarian", "lromero@eastside-vet.example"), start: 14, end: Some(270), hours: Some(212.0), description: "Two days a week at the clinic: intake interviews, weighing and recording patients, preparing exam rooms, and shadowing surgeries.\n\n**My project:** a better discharge sheet so owners remember the medication schedule.", goals: &[0, 2, 3] },
    Exp { kind: ExperienceKind::Job, title: "Mechanic at the bike co-op", org: "Spoke & Wheel Community Cycles", location: "Harbor City", mentor: ("Jordan Pike", "Shop manager", "jordan@spokewheel.example"), start: 20, end: None, hours: Some(96.0), description: "Saturday shifts fixing donated bikes and teaching kids to patch tubes.", goals: &[1, 4] },
    Exp { kind: ExperienceKind::Project, title: "Stray cat population study", org: "Independent project with Eastside Animal Hospital", location: "Riverside neighbourhood", mentor: ("Dr. Luis Romero", "Veterinarian", "lromero@eastside-vet.example"), start: 45, end: Some(240), hours: Some(64.5), description: "Counted cats on six fixed routes every other week, estimated the population with mark–recapture from photos, and presented the numbers to the neighbourhood association.", goals: &[0, 1, 2] },
    Exp { kind: ExperienceKind::Course, title: "Intro to Statistics (dual enrollment)", org: "Harbor City Community College", location: "Online and campus", mentor: ("Prof. Alana Kim", "Instructor", ""), start: 110, end: Some(220), hours: Some(48.0), description: "College credit course: sampling, confidence intervals, regression.", goals: &[1] },
    Exp { kind: ExperienceKind::Volunteering, title: "Community garden workdays", org: "Riverside Community Garden", location: "Riverside", mentor: ("Bea Santos", "Garden coordinator", ""), start: 30, end: Some(120), hours: Some(22.0), description: "Built two raised beds and a rain-water barrel.", goals: &[3, 4] },
    Exp { kind: ExperienceKind::Competition, title: "Regional science fair", org: "Harbor City Science Fair", location: "Convention Center", mentor: ("Ms. Rosa Delgado", "Advisor", ""), start: 200, end: Some(201), hours: Some(10.0), description: "Presented the stray cat study; **second place** in environmental science.", goals: &[0, 2] },
    Exp { kind: ExperienceKind::Club, title: "Photography club", org: "Harbor City Met School", location: "School", mentor: ("Mr. Tom Avery", "Club lead", ""), start: 8, end: None, hours: Some(30.0), description: "Weekly photo walks; I run the club's shared drive.", goals: &[2, 4] },
    Exp { kind: ExperienceKind::MuseumVisit, title: "Natural history museum: collections tour", org: "Harbor City Museum of Natural History", location: "Downtown", mentor: ("Dr. Ines Barros", "Collections manager", ""), start: 75, end: Some(75), hours: Some(4.0), description: "Behind-the-scenes tour of the mammal collection; how specimens are catalogued.", goals: &[0, 3] },
    Exp { kind: ExperienceKind::Travel, title: "Field trip to the coastal research station", org: "Bay Marine Lab", location: "Point Reyes", mentor: ("", "", ""), start: 230, end: Some(232), hours: Some(20.0), description: "Three days of tide-pool surveys with the marine lab's volunteers.", goals: &[0, 1] },
    Exp { kind: ExperienceKind::Other, title: "Shadow day at the city animal shelter", org: "Harbor City Animal Services", location: "Harbor City", mentor: ("Kim Tran", "Shelter director", ""), start: 160, end: Some(160), hours: Some(6.0), description: "Followed the intake team for a day to compare with the clinic.", goals: &[3] },
];

const REFLECTION_TITLES: &[&str] = &[
    "First week at the clinic",
    "What I noticed at intake",
    "A hard conversation with an owner",
    "Counting cats in the rain",
    "Why my first count was wrong",
    "Teaching a kid to patch a tube",
    "Learning the surgery checklist",
    "Statistics finally clicked",
    "Photos as data",
    "Trying Dr. Romero's suggestion",
    "Planning my exhibition",
    "Mark and recapture, explained",
    "Being nervous about presenting",
    "The discharge sheet, draft two",
    "What the shelter does differently",
    "Science fair day",
];

const PROMPTS: &[&str] = &[
    "How do I prove it?",
    "How do I measure, compare or represent it?",
    "How do I take in and express ideas?",
    "What do other people have to say about this?",
    "What do I bring to this process?",
];

fn reflection_body(week: usize, title: &str, exp_title: &str) -> String {
    let lines = [
        format!("This week at **{exp_title}** I worked on something new."),
        "What went well:\n\n- I asked questions before guessing\n- I wrote everything down the same day".to_string(),
        format!("## What I learned\n\n*{title}* taught me that careful records matter more than I thought."),
        "Next week I want to try it on my own and ask for feedback afterwards.".to_string(),
    ];
    let n = 2 + week % 3;
    lines.iter().take(n).cloned().collect::<Vec<_>>().join("\n\n")
}

/// A comment a team member left on a demo record (the demo learner has no
/// team on this device, so the application layer keeps these locally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoComment {
    /// What it is about: `KIND:ID`.
    pub on: String,
    /// The comment.
    pub text: String,
    /// Who wrote it.
    pub author_name: String,
    /// Their role.
    pub role: AuthorRole,
    /// When (noon UTC of this day).
    pub date: NaiveDate,
}

/// The feedback the demo's mentor and advisor gave, as comments on the
/// demo learner's records (`experiences` as `create_demo` made them).
pub fn demo_comments(store: &Store, learner: Id, today: NaiveDate) -> Result<Vec<DemoComment>> {
    let start = school_year_start(today);
    let find = |title: &str| -> Result<Option<Id>> {
        Ok(store
            .list(learner, portfolio_domain::RecordKind::Experience, "")?
            .into_iter()
            .find(|r| matches!(r, portfolio_domain::AnyRecord::Experience(e) if e.data.title == title))
            .map(|r| r.meta().id))
    };
    let mut out = Vec::new();
    if let Some(vet) = find(EXPERIENCES[0].title)? {
        out.push(DemoComment {
            on: format!("experience:{vet}"),
            text: "Your intake notes are thorough and owners trust you. Next: time yourself on the discharge talk and ask each owner to repeat the medication schedule back to you.".into(),
            author_name: EXPERIENCES[0].mentor.0.into(),
            role: AuthorRole::Mentor,
            date: day(start, 4 + 8 * 7).min(today),
        });
    }
    if let Some(study) = find(EXPERIENCES[2].title)? {
        out.push(DemoComment {
            on: format!("experience:{study}"),
            text: "Strong method section. For the exhibition, show one route's raw counts before the estimate so the panel can follow your reasoning.".into(),
            author_name: "Ms. Rosa Delgado".into(),
            role: AuthorRole::Advisor,
            date: day(start, 4 + 20 * 7).min(today),
        });
    }
    Ok(out)
}

/// Creates the demo learner and their portfolio in `store`, dated relative to `today`.
pub fn create_demo(store: &Store, today: NaiveDate) -> Result<Learner> {
    let start = school_year_start(today);
    let learner = store.create_learner(demo_profile())?;

    let experiences: Vec<RecordData> = EXPERIENCES
        .iter()
        .map(|e| {
            RecordData::Experience(ExperienceData {
                kind: e.kind,
                title: e.title.into(),
                organisation: e.org.into(),
                location: e.location.into(),
                mentor: Mentor { name: e.mentor.0.into(), role: e.mentor.1.into(), contact: e.mentor.2.into() },
                start_date: day(start, e.start),
                end_date: e.end.map(|d| day(start, d)),
                hours: e.hours,
                description: e.description.into(),
                goal_tags: tags(e.goals),
                status: if e.end.is_some() { ExperienceStatus::Completed } else { ExperienceStatus::Ongoing },
                evidence: Vec::new(),
            })
        })
        .collect();
    let experiences = store.create_many(learner.id, AuthorRole::Student, experiences)?;
    let exp_ids: Vec<Id> = experiences.iter().map(|r| r.meta().id).collect();

    let goals = vec![
        goal(
            "Design and run a real field study, and defend my method",
            "I want to be a vet and vets use evidence, not hunches.",
            &[0, 1],
            250,
            GoalStatus::Achieved,
            start,
            &[
                ("Choose study routes with Dr. Romero", true),
                ("Collect 10 rounds of counts", true),
                ("Estimate the population with confidence intervals", true),
                ("Present to the neighbourhood association", true),
            ],
        ),
        goal(
            "Explain medical instructions so any owner understands them",
            "Owners forget half of what the vet says at discharge.",
            &[2, 3],
            280,
            GoalStatus::InProgress,
            start,
            &[
                ("Interview five owners about discharge", true),
                ("Draft a one-page sheet", true),
                ("Test it with ten owners", false),
            ],
        ),
        goal(
            "Use statistics to answer a question I care about",
            "",
            &[1],
            220,
            GoalStatus::Achieved,
            start,
            &[("Finish the dual-enrollment course", true), ("Apply regression to my cat counts", true)],
        ),
        goal(
            "Speak up in meetings with adults",
            "I stay quiet even when I know the answer.",
            &[4, 2],
            300,
            GoalStatus::InProgress,
            start,
            &[("Ask one question in every mentor meeting", true), ("Lead one co-op workshop", false)],
        ),
        goal("Learn basic bike wheel building", "", &[1, 4], 320, GoalStatus::Planned, start, &[]),
    ];
    let goals = store.create_many(learner.id, AuthorRole::Student, goals)?;
    let goal_ids: Vec<Id> = goals.iter().map(|r| r.meta().id).collect();

    // One journal entry a week, through the school year and never in the future.
    let mut reflections = Vec::new();
    for week in 0..40u64 {
        let date = day(start, 4 + week * 7);
        if date > today {
            break;
        }
        let w = week as usize;
        let exp = w % EXPERIENCES.len();
        let title = format!("{} (week {})", REFLECTION_TITLES[w % REFLECTION_TITLES.len()], week + 1);
        reflections.push(RecordData::Reflection(ReflectionData {
            date,
            body: reflection_body(w, &title, EXPERIENCES[exp].title),
            title,
            experience_ids: vec![exp_ids[exp]],
            goal_ids: vec![goal_ids[w % goal_ids.len()]],
            prompt: if w.is_multiple_of(2) { PROMPTS[w / 2 % PROMPTS.len()].into() } else { String::new() },
            visibility: [Visibility::LearningTeam, Visibility::Private, Visibility::Family][w % 3],
            evidence: Vec::new(),
        }));
    }
    store.create_many(learner.id, AuthorRole::Student, reflections)?;

    let badges = vec![
        badge(
            "Animal Care Basics",
            "Harbor City Animal Services",
            start,
            165,
            None,
            "Completed the shelter's volunteer animal-handling course.",
            "Attend 4 sessions and pass the handling check.",
        ),
        badge(
            "Bike Mechanic Level 1",
            "Spoke & Wheel Community Cycles",
            start,
            120,
            None,
            "Can true a wheel, adjust brakes and derailleurs.",
            "Complete 20 supervised repairs.",
        ),
        badge(
            "Citizen Science Contributor",
            "Harbor City Museum of Natural History",
            start,
            242,
            Some(242 + 730),
            "Contributed verified observations to the museum's urban wildlife survey.",
            "Submit 50 verified observations.",
        ),
        badge(
            "CPR and First Aid",
            "Red Cross Youth Program (demo)",
            start,
            60,
            Some(60 + 730),
            "Adult and pet CPR, basic first aid.",
            "Pass the practical assessment.",
        ),
    ];
    store.create_many(learner.id, AuthorRole::Student, badges)?;
    year_loop::create_loop(store, &learner, start, today, &exp_ids)?;
    Ok(learner)
}

#[allow(clippy::too_many_arguments)]
fn goal(
    statement: &str,
    why: &str,
    goals: &[usize],
    target: u64,
    status: GoalStatus,
    start: NaiveDate,
    steps: &[(&str, bool)],
) -> RecordData {
    RecordData::Goal(GoalData {
        statement: statement.into(),
        why: why.into(),
        goal_tags: tags(goals),
        target_date: Some(day(start, target)),
        status,
        steps: steps.iter().map(|(t, d)| ActionStep { text: (*t).into(), done: *d }).collect(),
        progress_notes: if steps.is_empty() {
            vec![]
        } else {
            vec![
                ProgressNote {
                    date: day(start, 60),
                    text: "Agreed with my advisor and mentor at the learning plan meeting.".into(),
                },
                ProgressNote {
                    date: day(start, 150),
                    text: format!("{} of {} steps done.", steps.iter().filter(|s| s.1).count(), steps.len()),
                },
            ]
        },
        evidence: Vec::new(),
    })
}

fn badge(
    name: &str,
    issuer: &str,
    start: NaiveDate,
    issued: u64,
    expires: Option<u64>,
    description: &str,
    criteria: &str,
) -> RecordData {
    RecordData::Badge(BadgeData {
        name: name.into(),
        issuer_name: issuer.into(),
        issued_on: day(start, issued),
        expires_on: expires.map(|d| day(start, d)),
        description: description.into(),
        criteria: criteria.into(),
        image_ref: None,
        evidence_links: vec![],
        goal_tags: vec![],
        attached_keys: vec![],
        source: Default::default(),
        original_credential: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::RecordKind;

    #[test]
    fn demo_is_a_school_year_in_the_past() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let l = create_demo(&store, today).unwrap();
        assert_eq!(l.profile.name, "Maya Okafor");
        let c = store.counts(l.id).unwrap();
        assert_eq!((c.experience, c.reflection, c.goal, c.badge), (10, 40, 5, 4));
        // A full year of the loop: 4 periods, a signed plan per quarter, an
        // exhibition per quarter with 3 score sheets, 2 narratives each.
        assert_eq!((c.period, c.plan, c.exhibition, c.narrative, c.check_in), (4, 4, 4, 8, 16));
        let plans = store.list(l.id, RecordKind::Plan, "").unwrap();
        let carried = plans
            .iter()
            .filter(|p| matches!(p, portfolio_domain::AnyRecord::Plan(p) if !p.data.content.carried_recommendations.is_empty()))
            .count();
        assert_eq!(carried, 3, "each plan after the first carries the last exhibition's recommendations");
        assert!(plans.iter().all(|p| matches!(p, portfolio_domain::AnyRecord::Plan(p) if p.data.signoffs.len() == 3)));
        let refl = store.list(l.id, RecordKind::Reflection, "").unwrap();
        assert!(refl
            .iter()
            .all(|r| r.list_date() <= today && r.list_date() >= NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()));
        // Weekly: consecutive entries are 7 days apart.
        assert_eq!((refl[0].list_date() - refl[1].list_date()).num_days(), 7);
        assert!(store.check_integrity().unwrap().problems.is_empty());
        assert_eq!(
            school_year_start(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            NaiveDate::from_ymd_opt(2024, 9, 1).unwrap()
        );
    }
}
