//! The exhibition packet: cover, agenda, panel, the evidence in presentation
//! order with photos, captions and reflections, and one blank rubric score
//! sheet per panelist.

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, ExhibitionData, Record, RecordKind, Visibility};

use super::{cell, cols, date, date_range, slug, Ctx, Document};
use crate::fonts::Face;
use crate::layout::{plain, rich_inline, Block, Column, ParaStyle};
use crate::DocumentError;

fn the_exhibition(ctx: &Ctx<'_>, now: DateTime<Utc>) -> Result<Record<ExhibitionData>, DocumentError> {
    let all: Vec<Record<ExhibitionData>> = ctx
        .list(RecordKind::Exhibition)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Exhibition(x) => Some(x),
            _ => None,
        })
        .collect();
    if let Some(id) = ctx.req.exhibition_id {
        return all
            .into_iter()
            .find(|x| x.meta.id == id)
            .ok_or_else(|| DocumentError::Missing("That exhibition does not exist for this learner.".into()));
    }
    let period = ctx.period(now.date_naive())?;
    all.into_iter()
        .find(|x| x.data.period_id == period.meta.id)
        .ok_or_else(|| DocumentError::Missing(format!("There is no exhibition for {} yet.", period.data.name)))
}

pub(crate) fn exhibition(ctx: &mut Ctx<'_>, now: DateTime<Utc>) -> Result<Document, DocumentError> {
    let x = the_exhibition(ctx, now)?;
    let name = ctx.name();
    let d = &x.data;
    let period_name = ctx
        .store
        .get(RecordKind::Period, d.period_id)
        .ok()
        .and_then(|r| match r {
            AnyRecord::Period(p) => Some(p.data.name),
            _ => None,
        })
        .unwrap_or_default();
    let mut b = Vec::new();
    let mut lines = vec![
        d.title.clone(),
        format!("{}{}", date(d.date), if d.place.is_empty() { String::new() } else { format!(" · {}", d.place) }),
    ];
    if !period_name.is_empty() {
        lines.push(period_name.clone());
    }
    if !ctx.learner.profile.school.is_empty() {
        lines.push(ctx.learner.profile.school.clone());
    }
    let photo = ctx.learner_photo();
    b.push(Block::Cover { kind: "Exhibition of learning".into(), title: name.clone(), lines, photo });
    b.push(Block::Toc);

    b.push(Block::Heading { level: 1, text: "Agenda".into(), toc: true });
    if d.agenda.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("No agenda recorded.", Face::Sans)));
    } else {
        let text = d.agenda.iter().enumerate().map(|(i, a)| format!("{}. {}", i + 1, a)).collect::<Vec<_>>().join("\n");
        b.push(Block::Markdown(text));
    }
    if !d.panel.is_empty() {
        b.push(Block::Heading { level: 2, text: "The panel".into(), toc: false });
        b.push(Block::Table {
            columns: cols(&[("Name", 2.0), ("Role", 2.0)]),
            rows: d.panel.iter().map(|p| vec![cell(&p.name), cell(&p.role)]).collect(),
        });
    }

    b.push(Block::Heading { level: 1, text: "Evidence".into(), toc: true });
    let reflections: Vec<_> = ctx
        .list(RecordKind::Reflection)?
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Reflection(r) => Some(r),
            _ => None,
        })
        .collect();
    let mut private_left_out = 0;
    for (i, item) in d.items.iter().enumerate() {
        let Ok(rec) = ctx.store.get(item.item.kind, item.item.id) else {
            ctx.left_out.push(format!("Evidence item {} refers to a record that no longer exists.", i + 1));
            continue;
        };
        let title = super::record_title(&rec);
        b.push(Block::Heading { level: 2, text: format!("{}. {}", i + 1, title), toc: true });
        // What it is, then why the learner shows it, then the record itself.
        if let Some(line) = about(&rec) {
            b.push(Block::Para(ParaStyle::Small, plain(line, Face::Sans)));
        }
        if !item.notes.trim().is_empty() {
            b.push(Block::Para(ParaStyle::Lead, rich_inline(item.notes.trim(), Face::SerifItalic)));
        }
        // The item's own photos and files come right after what it is (the
        // record's, then those attached to the item); a reflection's after it.
        let mut own = Vec::new();
        match &rec {
            AnyRecord::Experience(e) => {
                if !e.data.description.trim().is_empty() {
                    b.push(Block::Markdown(e.data.description.clone()));
                }
                own.extend(e.data.evidence.iter().chain(&item.evidence).cloned());
                ctx.evidence_blocks(&std::mem::take(&mut own), 2, &mut b);
                for r in reflections.iter().filter(|r| r.data.experience_ids.contains(&e.meta.id)) {
                    if r.data.visibility != Visibility::Family {
                        private_left_out += 1;
                        continue;
                    }
                    b.push(Block::Heading {
                        level: 3,
                        text: format!("Reflection: {} ({})", r.data.title, date(r.data.date)),
                        toc: false,
                    });
                    b.push(Block::Markdown(r.data.body.clone()));
                    ctx.evidence_blocks(&r.data.evidence, 2, &mut b);
                }
            }
            AnyRecord::Reflection(r) => {
                b.push(Block::Markdown(r.data.body.clone()));
                own.extend(r.data.evidence.iter().cloned());
            }
            AnyRecord::Goal(g) => {
                if !g.data.why.trim().is_empty() {
                    b.push(Block::Markdown(g.data.why.clone()));
                }
                if !g.data.steps.is_empty() {
                    b.push(Block::Bullets(
                        g.data
                            .steps
                            .iter()
                            .map(|s| {
                                plain(if s.done { format!("{} (done)", s.text) } else { s.text.clone() }, Face::Serif)
                            })
                            .collect(),
                    ));
                }
                own.extend(g.data.evidence.iter().cloned());
            }
            AnyRecord::Badge(bd) => b.push(Block::Markdown(bd.data.description.clone())),
            _ => {}
        }
        if !matches!(rec, AnyRecord::Experience(_)) {
            own.extend(item.evidence.iter().cloned());
            ctx.evidence_blocks(&own, 2, &mut b);
        }
    }
    if private_left_out > 0 {
        ctx.left_out.push(format!(
            "{private_left_out} reflection{} not shared with family {} left out of this public packet.",
            if private_left_out == 1 { "" } else { "s" },
            if private_left_out == 1 { "was" } else { "were" }
        ));
    }

    // One blank score sheet per panelist (three unnamed sheets without a panel).
    let panel: Vec<(String, String)> = if d.panel.is_empty() {
        (1..=3).map(|i| (format!("Panelist {i}"), String::new())).collect()
    } else {
        d.panel.iter().map(|p| (p.name.clone(), p.role.clone())).collect()
    };
    let mut columns = vec![Column { title: "Criterion".into(), share: 3.2 }];
    columns.extend(d.rubric.levels.iter().map(|l| Column { title: format!("{} ({})", l.name, l.value), share: 1.0 }));
    for (pname, role) in &panel {
        // Each sheet on its own leaf, so panelists can each take theirs.
        b.push(Block::LeafBreak);
        b.push(Block::Heading { level: 1, text: format!("Score sheet: {pname}"), toc: true });
        b.push(Block::Para(
            ParaStyle::Small,
            plain(
                format!(
                    "{} · {} · {}{}",
                    name,
                    d.title,
                    date(d.date),
                    if role.is_empty() { String::new() } else { format!(" · {role}") }
                ),
                Face::Sans,
            ),
        ));
        b.push(Block::Para(ParaStyle::Body, plain("Tick one level for each criterion.", Face::SerifItalic)));
        let rows = d
            .rubric
            .criteria
            .iter()
            .map(|c| {
                let mut first = rich_inline(&format!("**{}**", c.name), Face::Sans);
                if !c.description.is_empty() {
                    first.extend(plain(format!("\n{}", c.description), Face::Sans));
                }
                let mut row = vec![first];
                row.extend(d.rubric.levels.iter().map(|_| cell(crate::layout::TICK_BOX)));
                row
            })
            .collect();
        b.push(Block::Table { columns: columns.clone(), rows });
        b.push(Block::WriteLines("Commendations".into(), 5));
        b.push(Block::WriteLines("Recommendations for the next plan".into(), 5));
        b.push(Block::Signatures(vec![("Panelist".into(), pname.clone(), None)]));
    }
    let left_out = ctx.finish();
    Ok(Document {
        title: format!("Exhibition packet — {} — {}", name, d.title),
        short_title: format!("Exhibition · {}", d.title),
        learner_name: name.clone(),
        subject: format!("Exhibition of learning of {} on {}", name, date(d.date)),
        file_name: format!("exhibition-{}-{}.pdf", slug(&name), slug(&d.title)),
        blocks: b,
        left_out,
    })
}

/// The small line under an evidence item's heading: what kind of record it
/// is, where, with whom, when.
fn about(rec: &AnyRecord) -> Option<String> {
    match rec {
        AnyRecord::Experience(e) => {
            let e = &e.data;
            let mut meta = vec![format!("{:?}", e.kind).replace("MuseumVisit", "Museum visit")];
            if !e.organisation.is_empty() {
                meta.push(e.organisation.clone());
            }
            if !e.mentor.name.is_empty() {
                meta.push(format!("Mentor: {}", e.mentor.name));
            }
            meta.push(date_range(e.start_date, e.end_date));
            if let Some(h) = e.hours {
                meta.push(format!("{h} hours"));
            }
            Some(meta.join(" · "))
        }
        AnyRecord::Reflection(r) => Some(format!("Reflection · {}", date(r.data.date))),
        AnyRecord::Goal(_) => Some("Goal".into()),
        AnyRecord::Badge(bd) => Some(format!("Badge from {} · {}", bd.data.issuer_name, date(bd.data.issued_on))),
        _ => None,
    }
}
