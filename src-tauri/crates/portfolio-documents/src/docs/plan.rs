//! The Learning Plan: cover sheet, learning team, plan goals grouped by
//! learning goal, check-ins, and signature lines with recorded sign-offs.

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, PlanGoalStatus, RecordKind};

use super::{cell, cols, date, field, find, record_title, slug, Ctx, Document};
use crate::fonts::Face;
use crate::layout::{plain, rich_inline, Block, ParaStyle};
use crate::DocumentError;

pub(crate) fn status_label(s: PlanGoalStatus) -> &'static str {
    match s {
        PlanGoalStatus::NotStarted => "Not started",
        PlanGoalStatus::OnTrack => "On track",
        PlanGoalStatus::AtRisk => "At risk",
        PlanGoalStatus::Met => "Met",
        PlanGoalStatus::Changed => "Changed",
    }
}

pub(crate) fn plan(ctx: &mut Ctx<'_>, now: DateTime<Utc>) -> Result<Document, DocumentError> {
    let period = ctx.period(now.date_naive())?;
    let plan = ctx
        .list(RecordKind::Plan)?
        .into_iter()
        .find_map(|r| match r {
            AnyRecord::Plan(p) if p.data.period_id == period.meta.id => Some(p),
            _ => None,
        })
        .ok_or_else(|| DocumentError::Missing(format!("There is no Learning Plan for {} yet.", period.data.name)))?;
    let name = ctx.name();
    let p = &plan.data;
    let c = &p.content;
    let mut b = Vec::new();
    let signed = if p.signoffs.is_empty() {
        "Not signed yet".to_string()
    } else {
        format!("Signed by {}", p.signoffs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", "))
    };
    let mut lines = vec![format!("{} · {} – {}", period.data.name, date(period.data.start), date(period.data.end))];
    lines.extend(ctx.school_line());
    lines.push(format!("Learning goals: {}", ctx.framework.name));
    lines.push(format!("Revision {} · {}", p.revision, signed));
    b.push(Block::Cover { kind: "Learning Plan".into(), title: name.clone(), lines, photo: None });
    b.push(Block::Toc);

    b.push(Block::Heading { level: 1, text: "Cover sheet".into(), toc: true });
    let fields: Vec<_> = [
        field("Interests", &c.cover.interests),
        field("Life goals", &c.cover.life_goals),
        field("How I learn best", &c.cover.learn_best),
        field("Needs and supports", &c.cover.needs_supports),
        field("Internship sites", &c.cover.internship_sites),
    ]
    .into_iter()
    .flatten()
    .collect();
    if fields.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("The cover sheet has not been filled in.", Face::Sans)));
    } else {
        b.push(Block::Fields(fields));
    }
    if !c.cover.abilities.is_empty() {
        b.push(Block::Heading { level: 3, text: "Abilities (1 = beginning, 4 = strong)".into(), toc: false });
        let rows = c
            .cover
            .abilities
            .iter()
            .map(|a| vec![cell(ctx.goal_name(&a.goal_id)), cell(rating(a.self_rating)), cell(rating(a.advisor_rating))])
            .collect();
        b.push(Block::Table { columns: cols(&[("Learning goal", 3.0), ("Self", 1.0), ("Advisor", 1.0)]), rows });
    }

    b.push(Block::Heading { level: 1, text: "Learning team".into(), toc: true });
    if c.team.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("No team members recorded.", Face::Sans)));
    } else {
        let rows = c.team.iter().map(|m| vec![cell(&m.name), cell(&m.role), cell(&m.contact)]).collect();
        b.push(Block::Table { columns: cols(&[("Name", 2.0), ("Role", 1.5), ("Contact", 2.5)]), rows });
    }

    b.push(Block::Heading { level: 1, text: "Plan goals".into(), toc: true });
    if c.goals.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("This plan has no goals yet.", Face::Sans)));
    }
    // Grouped by learning goal (a goal serving several appears under its first).
    let mut groups: Vec<(String, Vec<usize>)> = ctx.framework.goals.iter().map(|g| (g.id.clone(), vec![])).collect();
    let mut other = Vec::new();
    for (i, g) in c.goals.iter().enumerate() {
        match g.goal_tags.first().and_then(|t| groups.iter_mut().find(|(id, _)| id == t)) {
            Some((_, v)) => v.push(i),
            None => match g.goal_tags.first() {
                Some(t) => groups.push((t.clone(), vec![i])),
                None => other.push(i),
            },
        }
    }
    let mut n = 0;
    let named: Vec<(String, Vec<usize>)> =
        groups.into_iter().filter(|(_, v)| !v.is_empty()).map(|(id, v)| (ctx.goal_name(&id), v)).collect();
    for (group, idx) in named.into_iter().chain((!other.is_empty()).then(|| ("Other goals".to_string(), other))) {
        b.push(Block::Heading { level: 2, text: group, toc: true });
        for i in idx {
            let g = &c.goals[i];
            n += 1;
            b.push(Block::Heading { level: 3, text: format!("{n}. {}", g.title), toc: false });
            let also: Vec<String> = g.goal_tags.iter().skip(1).map(|t| ctx.goal_name(t)).collect();
            let mut f: Vec<_> = [
                field("What I will do", &g.work),
                field("Questions", &g.questions),
                field("Resources", &g.resources),
                field("Timeline", &g.timeline),
                g.target_date.and_then(|d| field("Target date", &date(d))),
                field("What I will show my advisor", &g.show_advisor),
                field("Exhibition evidence", &g.exhibition_evidence),
                field("Status", status_label(g.status)),
                field("Also serves", &also.join(", ")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let linked: Vec<String> =
                g.links.iter().filter_map(|l| find(ctx.store, l.kind, l.id)).map(|r| record_title(&r)).collect();
            if !linked.is_empty() {
                f.push(("Linked evidence".into(), rich_inline(&linked.join("; "), Face::Serif)));
            }
            b.push(Block::Fields(f));
            let ev = g.evidence.clone();
            ctx.evidence_blocks(&ev, 3, &mut b);
        }
    }
    if !c.carried_recommendations.is_empty() {
        b.push(Block::Heading { level: 2, text: "Recommendations carried from the last exhibition".into(), toc: true });
        b.push(Block::Bullets(c.carried_recommendations.iter().map(|r| rich_inline(r, Face::Serif)).collect()));
    }

    let mut checkins: Vec<_> = ctx
        .list(RecordKind::CheckIn)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::CheckIn(ci) if ci.data.plan_id == plan.meta.id => Some(ci.data),
            _ => None,
        })
        .collect();
    checkins.sort_by_key(|c| c.date);
    b.push(Block::Heading { level: 1, text: "Check-ins".into(), toc: true });
    if checkins.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("No check-ins recorded yet.", Face::Sans)));
    } else {
        let goal_title = |id: &str| c.goals.iter().find(|g| g.id == id).map(|g| g.title.clone()).unwrap_or_default();
        let rows = checkins
            .iter()
            .map(|ci| {
                vec![
                    cell(date(ci.date)),
                    cell(goal_title(&ci.plan_goal_id)),
                    cell(&ci.progress),
                    cell(&ci.next_step),
                    cell(&ci.who),
                ]
            })
            .collect();
        b.push(Block::Table {
            columns: cols(&[("Date", 1.2), ("Plan goal", 1.8), ("Progress", 2.6), ("Next step", 2.0), ("Who", 1.0)]),
            rows,
        });
    }

    b.push(Block::Heading { level: 1, text: "Signatures".into(), toc: true });
    b.push(Block::Para(
        ParaStyle::Body,
        plain(
            "By signing, the learning team agrees to this plan and to supporting the learner in carrying it out.",
            Face::Serif,
        ),
    ));
    let mut sigs: Vec<(String, String, Option<String>)> = p
        .signoffs
        .iter()
        .map(|s| {
            (s.role.clone(), s.name.clone(), Some(format!("Signed in the app on {}", date(s.signed_at.date_naive()))))
        })
        .collect();
    for role in ["Student", "Family", "Advisor", "Mentor"] {
        if !sigs.iter().any(|(r, _, _)| r.eq_ignore_ascii_case(role)) {
            let name = c.team.iter().find(|m| m.role.eq_ignore_ascii_case(role)).map(|m| m.name.clone());
            let name = if role == "Student" { Some(name.unwrap_or_else(|| ctx.name())) } else { name };
            sigs.push((role.into(), name.unwrap_or_default(), None));
        }
    }
    b.push(Block::Signatures(sigs));
    if p.revision > 1 && !p.history.is_empty() {
        b.push(Block::Heading { level: 2, text: "Earlier revisions".into(), toc: true });
        let items = p
            .history
            .iter()
            .map(|h| {
                let what = if h.changes.is_empty() { "no listed changes".to_string() } else { h.changes.join("; ") };
                rich_inline(
                    &format!("**Revision {}** (replaced {}): {}", h.revision, date(h.replaced_at.date_naive()), what),
                    Face::Serif,
                )
            })
            .collect();
        b.push(Block::Bullets(items));
    }
    let left_out = ctx.finish();
    Ok(Document {
        title: format!("Learning Plan — {} — {}", name, period.data.name),
        short_title: format!("Learning Plan · {}", period.data.name),
        learner_name: name.clone(),
        subject: format!("Learning Plan of {} for {}", name, period.data.name),
        file_name: format!("learning-plan-{}-{}.pdf", slug(&name), slug(&period.data.name)),
        blocks: b,
        left_out,
    })
}

fn rating(v: u8) -> String {
    if v == 0 {
        "—".into()
    } else {
        format!("{v} of 4")
    }
}
