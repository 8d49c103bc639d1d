//! The progress summary for families and colleges, like a narrative
//! transcript: evidence, hours and badges per learning goal (with a chart),
//! experiences with mentors and dates, the period narratives, and badges with
//! issuer and verification status. Only reflections shared with family count.

use chrono::{DateTime, NaiveDate, Utc};
use portfolio_domain::{AnyRecord, NarrativeVoice, RecordKind, Visibility};

use super::{cell, cols, date, date_range, slug, Ctx, Document};
use crate::fonts::Face;
use crate::layout::{plain, rich_inline, Bar, Block, ParaStyle};
use crate::DocumentError;

/// How a badge check reads in print.
pub(crate) fn verification_label(status: &str) -> &'static str {
    match status {
        "verified" => "Verified",
        "expired" => "Expired",
        "revoked" => "Revoked",
        "not_yet_valid" => "Not yet valid",
        "invalid" => "Signature invalid",
        "unverifiable_offline" => "Cannot verify offline",
        "unsupported" => "Unsupported",
        "malformed" => "Not a badge",
        "manual" => "Entered by hand",
        _ => "Not checked",
    }
}

pub(crate) fn summary(ctx: &mut Ctx<'_>, now: DateTime<Utc>) -> Result<Document, DocumentError> {
    let name = ctx.name();
    let period = match ctx.req.period_id {
        Some(_) => Some(ctx.period(now.date_naive())?),
        None => None,
    };
    let (from, to) = period.as_ref().map(|p| (p.data.start, p.data.end)).unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    let within = |a: NaiveDate, b: Option<NaiveDate>| a <= to && from <= b.unwrap_or(NaiveDate::MAX);

    let mut experiences: Vec<_> = ctx
        .list(RecordKind::Experience)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Experience(e) if within(e.data.start_date, e.data.end_date) => Some(e),
            _ => None,
        })
        .collect();
    experiences.sort_by_key(|e| e.data.start_date);
    let reflections: Vec<_> = ctx
        .list(RecordKind::Reflection)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Reflection(r)
                if r.data.visibility == Visibility::Family && within(r.data.date, Some(r.data.date)) =>
            {
                Some(r)
            }
            _ => None,
        })
        .collect();
    let goals: Vec<_> = ctx
        .list(RecordKind::Goal)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Goal(g) => Some(g),
            _ => None,
        })
        .collect();
    let badges: Vec<_> = ctx
        .list(RecordKind::Badge)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Badge(b) if within(b.data.issued_on, Some(b.data.issued_on)) => Some(b),
            _ => None,
        })
        .collect();

    let mut b = Vec::new();
    let mut lines = Vec::new();
    lines.extend(ctx.school_line());
    match &period {
        Some(p) => lines.push(format!("{} · {} – {}", p.data.name, date(p.data.start), date(p.data.end))),
        None => lines.push("The whole portfolio".into()),
    }
    lines.push(format!("Learning goals: {}", ctx.framework.name));
    lines.push(format!("Prepared {}", date(now.date_naive())));
    b.push(Block::Cover { kind: "Progress summary".into(), title: name.clone(), lines, photo: None });
    b.push(Block::Toc);

    // Per learning goal.
    struct Row {
        id: String,
        name: String,
        description: String,
        items: Vec<String>,
        hours: f64,
        badges: usize,
    }
    let fw = ctx.framework.clone();
    let mut rows: Vec<Row> = fw
        .goals
        .iter()
        .map(|g| {
            let tagged: Vec<_> = experiences.iter().filter(|e| e.data.goal_tags.contains(&g.id)).collect();
            let mut items: Vec<String> = tagged
                .iter()
                .map(|e| format!("Experience: {} ({})", e.data.title, date_range(e.data.start_date, e.data.end_date)))
                .collect();
            items.extend(
                reflections
                    .iter()
                    .filter(|r| r.data.experience_ids.iter().any(|id| tagged.iter().any(|e| e.meta.id == *id)))
                    .map(|r| format!("Reflection: {} ({})", r.data.title, date(r.data.date))),
            );
            items.extend(
                goals
                    .iter()
                    .filter(|x| x.data.goal_tags.contains(&g.id))
                    .map(|x| format!("Goal: {}", x.data.statement)),
            );
            let tagged_badges: Vec<_> = badges.iter().filter(|x| x.data.goal_tags.contains(&g.id)).collect();
            items.extend(tagged_badges.iter().map(|x| format!("Badge: {} from {}", x.data.name, x.data.issuer_name)));
            Row {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                hours: tagged.iter().filter_map(|e| e.data.hours).sum(),
                badges: tagged_badges.len(),
                items,
            }
        })
        .collect();
    rows.retain(|r| !r.name.is_empty());

    b.push(Block::Heading { level: 1, text: "At a glance".into(), toc: true });
    b.push(Block::Para(
        ParaStyle::Body,
        plain(
            format!(
                "{} experiences ({} hours), {} reflections shared with family, {} goals and {} badges.",
                experiences.len(),
                fmt_hours(experiences.iter().filter_map(|e| e.data.hours).sum()),
                reflections.len(),
                goals.len(),
                badges.len()
            ),
            Face::Serif,
        ),
    ));
    // One measure per chart.
    b.push(Block::Chart {
        title: "Evidence per learning goal".into(),
        axis: "Evidence items: experiences, their reflections, goals and badges".into(),
        bars: rows
            .iter()
            .map(|r| Bar { label: r.name.clone(), value: r.items.len() as f64, note: r.items.len().to_string() })
            .collect(),
    });
    b.push(Block::Chart {
        title: "Hours per learning goal".into(),
        axis: "Hours of experiences tagged with the goal".into(),
        bars: rows
            .iter()
            .map(|r| Bar { label: r.name.clone(), value: r.hours, note: format!("{} h", fmt_hours(r.hours)) })
            .collect(),
    });
    b.push(Block::Table {
        columns: cols(&[("Learning goal", 3.0), ("Evidence", 1.0), ("Hours", 1.0), ("Badges", 1.0)]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    cell(&r.name),
                    cell(r.items.len().to_string()),
                    cell(fmt_hours(r.hours)),
                    cell(r.badges.to_string()),
                ]
            })
            .collect(),
    });
    // The per-goal columns count what is tagged with a goal; say what is not,
    // so the table agrees with the totals above it.
    let untagged = badges.iter().filter(|x| !rows.iter().any(|r| x.data.goal_tags.contains(&r.id))).count();
    if untagged > 0 {
        b.push(Block::Para(
            ParaStyle::Small,
            plain(
                format!(
                    "{untagged} of the {} badges {} not tagged with a learning goal, so {} counted under no goal.",
                    badges.len(),
                    if untagged == 1 { "is" } else { "are" },
                    if untagged == 1 { "it is" } else { "they are" }
                ),
                Face::Sans,
            ),
        ));
    }

    b.push(Block::Heading { level: 1, text: "By learning goal".into(), toc: true });
    for r in &rows {
        b.push(Block::Heading { level: 2, text: r.name.clone(), toc: true });
        if !r.description.is_empty() {
            b.push(Block::Para(ParaStyle::Small, plain(r.description.clone(), Face::Sans)));
        }
        if r.items.is_empty() {
            b.push(Block::Para(ParaStyle::Body, plain("No evidence recorded yet.", Face::SerifItalic)));
        } else {
            b.push(Block::Bullets(r.items.iter().map(|i| plain(i.clone(), Face::Serif)).collect()));
        }
    }

    b.push(Block::Heading { level: 1, text: "Experiences".into(), toc: true });
    if experiences.is_empty() {
        b.push(Block::Para(ParaStyle::Body, plain("No experiences recorded yet.", Face::SerifItalic)));
    } else {
        b.push(Block::Table {
            columns: cols(&[("Experience", 2.6), ("Where and with whom", 2.4), ("Dates", 1.9), ("Hours", 0.8)]),
            rows: experiences
                .iter()
                .map(|e| {
                    let mut place = vec![e.data.organisation.clone()];
                    if !e.data.mentor.name.is_empty() {
                        place.push(format!(
                            "Mentor: {}{}",
                            e.data.mentor.name,
                            if e.data.mentor.role.is_empty() {
                                String::new()
                            } else {
                                format!(", {}", e.data.mentor.role)
                            }
                        ));
                    }
                    place.retain(|s| !s.is_empty());
                    vec![
                        cell(&e.data.title),
                        cell(place.join("\n")),
                        cell(date_range(e.data.start_date, e.data.end_date)),
                        cell(e.data.hours.map(fmt_hours).unwrap_or_default()),
                    ]
                })
                .collect(),
        });
    }

    let narratives: Vec<_> = ctx
        .list(RecordKind::Narrative)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Narrative(n) => Some(n.data),
            _ => None,
        })
        .collect();
    let periods = ctx.periods()?;
    b.push(Block::Heading { level: 1, text: "Narratives".into(), toc: true });
    let mut any = false;
    for p in periods.iter().filter(|p| period.as_ref().is_none_or(|x| x.meta.id == p.meta.id)) {
        let mine: Vec<_> = narratives.iter().filter(|n| n.period_id == p.meta.id).collect();
        if mine.is_empty() {
            continue;
        }
        any = true;
        b.push(Block::Heading { level: 2, text: p.data.name.clone(), toc: true });
        for n in mine {
            let who = match n.voice {
                NarrativeVoice::Student => "Student narrative".to_string(),
                NarrativeVoice::Advisor => "Advisor narrative".to_string(),
            };
            let by = if n.author_name.is_empty() { String::new() } else { format!(" by {}", n.author_name) };
            b.push(Block::Heading { level: 3, text: format!("{who}{by}"), toc: false });
            b.push(Block::Markdown(n.body.clone()));
        }
    }
    if !any {
        b.push(Block::Para(ParaStyle::Body, plain("No narratives written yet.", Face::SerifItalic)));
    }

    b.push(Block::Heading { level: 1, text: "Badges".into(), toc: true });
    if badges.is_empty() {
        b.push(Block::Para(ParaStyle::Body, plain("No badges yet.", Face::SerifItalic)));
    } else {
        let rows = badges
            .iter()
            .map(|x| {
                let status = portfolio_backpack::check(ctx.store, x.meta.id, now)
                    .map(|c| verification_label(&c.status))
                    .unwrap_or("Not checked");
                vec![cell(&x.data.name), cell(&x.data.issuer_name), cell(date(x.data.issued_on)), cell(status)]
            })
            .collect();
        b.push(Block::Table {
            columns: cols(&[("Badge", 2.6), ("Issuer", 2.0), ("Issued", 1.4), ("Verification", 1.5)]),
            rows,
        });
        b.push(Block::Para(
            ParaStyle::Small,
            rich_inline(
                "Verification is checked on this device without going online, from each badge's own signed file.",
                Face::Sans,
            ),
        ));
    }
    let left_out = ctx.finish();
    let scope = period.as_ref().map(|p| p.data.name.clone()).unwrap_or_else(|| "whole portfolio".into());
    Ok(Document {
        title: format!("Progress summary — {name} — {scope}"),
        short_title: "Progress summary".into(),
        learner_name: name.clone(),
        subject: format!("Progress summary of {name} ({scope})"),
        file_name: format!("progress-summary-{}.pdf", slug(&name)),
        blocks: b,
        left_out,
    })
}

fn fmt_hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{:.0}", h)
    } else {
        format!("{h:.1}")
    }
}
