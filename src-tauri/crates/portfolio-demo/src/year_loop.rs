//! The demo's learning-plan loop: a school year of marking periods, signed
//! Learning Plans with weekly check-ins, exhibitions scored by a panel,
//! narratives, and each next plan started from the exhibition's recommendations.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use portfolio_domain::{
    AbilityRating, AgreedResult, AnyRecord, AuthorRole, CheckInData, CoverSheet, ExhibitionData, ExhibitionItem, Id,
    Learner, NarrativeData, NarrativeVoice, Panelist, PeriodData, PlanContent, PlanData, PlanGoal, PlanGoalStatus,
    RecordData, RecordKind, RecordRef, Rubric, Score, ScoreSheet, SignOff, TeamMember,
};
use portfolio_store::{Result, Store};

use crate::{day, tags};

/// The four quarters of the school year that starts on `start`.
pub fn quarters(start: NaiveDate) -> Vec<PeriodData> {
    let y = start.year();
    let name = |q: u32| format!("Grade 11, Quarter {q} ({}\u{2013}{})", y, y + 1);
    let d = |offset: u64| day(start, offset);
    vec![
        PeriodData { name: name(1), start: d(0), end: d(69) },
        PeriodData { name: name(2), start: d(70), end: d(139) },
        PeriodData { name: name(3), start: d(140), end: d(209) },
        PeriodData { name: name(4), start: d(210), end: d(289) },
    ]
}

fn at(date: NaiveDate, hour: u32) -> chrono::DateTime<Utc> {
    date.and_hms_opt(hour, 0, 0).map(|t| Utc.from_utc_datetime(&t)).unwrap_or_else(Utc::now)
}

fn signed(name: &str, role: &str, date: NaiveDate) -> SignOff {
    SignOff { name: name.into(), role: role.into(), signed_at: at(date, 16) }
}

fn team() -> Vec<TeamMember> {
    vec![
        TeamMember { name: "Maya Okafor".into(), role: "student".into(), contact: "maya.okafor@example.org".into() },
        TeamMember {
            name: "Grace Okafor".into(),
            role: "family (mother)".into(),
            contact: "grace.okafor@example.org".into(),
        },
        TeamMember {
            name: "Ms. Rosa Delgado".into(),
            role: "advisor".into(),
            contact: "rdelgado@harborcitymet.example".into(),
        },
        TeamMember {
            name: "Dr. Luis Romero".into(),
            role: "mentor".into(),
            contact: "lromero@eastside-vet.example".into(),
        },
    ]
}

type GoalSpec = (&'static str, &'static [usize], PlanGoalStatus);

const GOALS: [&[GoalSpec]; 4] = [
    &[
        ("Design my cat population study", &[0, 1], PlanGoalStatus::Met),
        ("Learn clinic intake interviews", &[2, 3], PlanGoalStatus::Met),
        ("Ask one question in every mentor meeting", &[4], PlanGoalStatus::OnTrack),
    ],
    &[
        ("Collect ten rounds of counts", &[0, 1], PlanGoalStatus::Met),
        ("Draft the discharge sheet", &[2], PlanGoalStatus::OnTrack),
        ("Finish Intro to Statistics", &[1], PlanGoalStatus::Met),
    ],
    &[
        ("Present my study at the science fair", &[0, 2], PlanGoalStatus::Met),
        ("Test the discharge sheet with owners", &[2, 3], PlanGoalStatus::AtRisk),
        ("Lead a co-op workshop", &[4, 3], PlanGoalStatus::NotStarted),
    ],
    &[
        ("Publish my results for the neighbourhood", &[2, 3], PlanGoalStatus::NotStarted),
        ("Build a wheel from scratch", &[1, 4], PlanGoalStatus::NotStarted),
    ],
];

fn content(q: usize, start: NaiveDate, exp_ids: &[Id]) -> PlanContent {
    let framework = portfolio_domain::builtin_frameworks().remove(0);
    PlanContent {
        cover: CoverSheet {
            interests: "Animals and their health; fixing bikes; photography.".into(),
            life_goals: "Become a veterinarian who works with shelters. Learn to explain science to anyone.".into(),
            learn_best: "Hands-on, with a mentor nearby; writing things down the same day.".into(),
            needs_supports: "Extra time for long readings; a quiet space for writing.".into(),
            abilities: framework
                .goals
                .iter()
                .enumerate()
                .map(|(i, g)| AbilityRating {
                    goal_id: g.id.clone(),
                    self_rating: (2 + (i + q) % 2) as u8,
                    advisor_rating: (2 + (i + q + 1) % 3) as u8,
                })
                .collect(),
            internship_sites: "Eastside Animal Hospital; Harbor City Animal Services; Bay Marine Lab".into(),
        },
        team: team(),
        goals: GOALS[q]
            .iter()
            .enumerate()
            .map(|(i, (title, goal_ix, status))| PlanGoal {
                id: format!("q{}g{}", q + 1, i + 1),
                title: (*title).into(),
                goal_tags: tags(goal_ix),
                work: format!("Work on \u{201c}{title}\u{201d} at my internship and at home, two afternoons a week."),
                questions: framework.goals[goal_ix[0]].guiding_questions[0].clone(),
                resources: "Dr. Romero; the clinic's records; the library.".into(),
                timeline: "Weeks 1\u{2013}3 plan, weeks 4\u{2013}8 do, weeks 9\u{2013}10 prepare to show.".into(),
                target_date: Some(day(start, 63)),
                show_advisor: "A weekly photo and a short journal entry.".into(),
                exhibition_evidence: "Photos, my data table and a two-minute demo.".into(),
                status: *status,
                links: vec![RecordRef { kind: RecordKind::Experience, id: exp_ids[(q + i) % exp_ids.len()] }],
                evidence: vec![],
            })
            .collect(),
        carried_recommendations: vec![],
    }
}

/// Creates the loop for `learner` (whose experiences are `exp_ids`).
pub fn create_loop(store: &Store, learner: &Learner, start: NaiveDate, today: NaiveDate, exp_ids: &[Id]) -> Result<()> {
    let lid = learner.id;
    let framework = portfolio_domain::builtin_frameworks().remove(0);
    let mut previous_exhibition: Option<Id> = None;
    for (q, period) in quarters(start).into_iter().enumerate() {
        let period_id = store.create(lid, AuthorRole::Advisor, RecordData::Period(period.clone()))?.meta().id;
        if period.start > today {
            continue;
        }
        let plan = match previous_exhibition {
            Some(ex) => {
                let started = store.start_next_plan(ex, period_id)?;
                let AnyRecord::Plan(p) = &started else { continue };
                let mut data = p.data.clone();
                data.content.goals = content(q, period.start, exp_ids).goals;
                store.update(p.meta.id, RecordData::Plan(data))?
            }
            None => store.create(
                lid,
                AuthorRole::Student,
                RecordData::Plan(PlanData::new(period_id, content(q, period.start, exp_ids))),
            )?,
        };
        let AnyRecord::Plan(p) = plan else { continue };
        let meeting = day(period.start, 10);
        let mut data = p.data.clone();
        data.signoffs = vec![
            signed("Maya Okafor", "student", meeting),
            signed("Grace Okafor", "family", meeting),
            signed("Ms. Rosa Delgado", "advisor", meeting),
        ];
        store.update(p.meta.id, RecordData::Plan(data))?;
        for week in 0..4u64 {
            let date = day(period.start, 17 + week * 14);
            if date > today {
                break;
            }
            let g = &p.data.content.goals[week as usize % p.data.content.goals.len()];
            store.create(
                lid,
                AuthorRole::Advisor,
                RecordData::CheckIn(CheckInData {
                    plan_id: p.meta.id,
                    plan_goal_id: g.id.clone(),
                    date,
                    who: "Maya, Ms. Delgado".into(),
                    progress: format!("Progress on \u{201c}{}\u{201d}: week {} of the plan.", g.title, 3 + week * 2),
                    next_step: "Write up what I found and bring photos next time.".into(),
                }),
            )?;
        }
        let ex_date = day(period.start, 66);
        if ex_date > today {
            continue;
        }
        let panel = vec![
            Panelist { id: "student".into(), name: "Maya Okafor".into(), role: "student".into() },
            Panelist { id: "advisor".into(), name: "Ms. Rosa Delgado".into(), role: "advisor".into() },
            Panelist { id: "mentor".into(), name: "Dr. Luis Romero".into(), role: "mentor".into() },
        ];
        let rubric = Rubric::from_framework(&framework);
        let comments = [
            "I am proud of my data.",
            "Clear growth in evidence-based thinking.",
            "Ready for more independence at the clinic.",
        ];
        let sheets = panel
            .iter()
            .enumerate()
            .map(|(pi, pn)| ScoreSheet {
                panelist_id: pn.id.clone(),
                scores: rubric
                    .criteria
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| Score { criterion_id: c.id.clone(), value: (2 + (ci + pi + q) % 3) as u8 })
                    .collect(),
                comment: comments[pi].into(),
                submitted_at: at(ex_date, 15),
            })
            .collect();
        let ex = store.create(
            lid,
            AuthorRole::Student,
            RecordData::Exhibition(ExhibitionData {
                period_id,
                title: format!("Quarter {} exhibition: what the cats taught me", q + 1),
                date: ex_date,
                place: "Harbor City Met School library".into(),
                panel,
                agenda: vec![
                    "Welcome and goals (2 min)".into(),
                    "Evidence walk-through (15 min)".into(),
                    "Questions from the panel (10 min)".into(),
                    "Panel scoring and feedback (8 min)".into(),
                ],
                items: exp_ids
                    .iter()
                    .take(3)
                    .map(|id| ExhibitionItem {
                        item: RecordRef { kind: RecordKind::Experience, id: *id },
                        notes: "Show the photos and one number that surprised me.".into(),
                        evidence: vec![],
                    })
                    .collect(),
                rubric,
                sheets,
                agreed: Some(AgreedResult {
                    value: 3,
                    note: "Proficient overall; strongest in Empirical Reasoning.".into(),
                }),
                commendations: vec![
                    "Careful, honest data collection.".into(),
                    "Clear explanations for a general audience.".into(),
                ],
                recommendations: vec![
                    "Use a control route next time.".into(),
                    "Practise answering questions without notes.".into(),
                ],
                next_plan_suggestions: vec!["Lead one workshop at the bike co-op.".into()],
            }),
        )?;
        previous_exhibition = Some(ex.meta().id);
        let narratives = [
            (NarrativeVoice::Student, AuthorRole::Student, "Maya Okafor", "This quarter I learned that **data beats hunches**. My first counts were wrong because I walked the routes at different times.\n\nNext quarter I want to speak up more in meetings."),
            (NarrativeVoice::Advisor, AuthorRole::Advisor, "Ms. Rosa Delgado", "Maya has grown into a careful investigator. She now plans before she collects, and she explains her reasoning clearly.\n\n*Next:* more independence at the clinic and more public speaking."),
        ];
        for (voice, role, author, body) in narratives {
            store.create(
                lid,
                role,
                RecordData::Narrative(NarrativeData {
                    period_id,
                    voice,
                    author_name: author.into(),
                    body: body.into(),
                }),
            )?;
        }
    }
    Ok(())
}
