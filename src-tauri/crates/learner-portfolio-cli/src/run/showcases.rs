//! `showcase create|list|export`.

use portfolio_app::{ApiError, App, Result};
use portfolio_domain::{ShowcaseItem, ShowcaseItemKind};

use super::{parse_id, parse_kind};
use crate::args::ShowcaseAction;
use crate::output::{self, escape, out};

/// One item as typed: `experience:ID`, `journal:ID`, `goal:ID`, `badge:ID`,
/// `exhibition-item:ID#N` (N from 1), `evidence:KIND:ID#SHA256`
/// (`evidence+others:` includes a photo of other people on purpose).
fn parse_item(text: &str) -> Result<ShowcaseItem> {
    let bad = |why: &str| ApiError::invalid(format!("Item \u{201c}{}\u{201d}: {why}", escape(text)));
    let (kind, rest) = text.trim().split_once(':').ok_or_else(|| bad("write it as KIND:ID."))?;
    let (kind, others) = match kind.strip_suffix("+others") {
        Some(k) => (k, true),
        None => (kind, false),
    };
    let kind = ShowcaseItemKind::parse(kind)
        .ok_or_else(|| bad("the kind is one of experience, journal, goal, badge, exhibition-item, evidence."))?;
    let mut item = match kind {
        ShowcaseItemKind::ExhibitionItem => {
            let (id, n) = rest.split_once('#').ok_or_else(|| bad("write exhibition-item:EXHIBITION_ID#N."))?;
            let n: u32 = n.parse().ok().filter(|n| *n >= 1).ok_or_else(|| bad("N counts from 1."))?;
            let mut item = ShowcaseItem::record(kind, parse_id("exhibition", id)?);
            item.index = Some(n - 1);
            item
        }
        ShowcaseItemKind::Evidence => {
            let (record_kind, rest) = rest.split_once(':').ok_or_else(|| bad("write evidence:KIND:ID#SHA256."))?;
            let (id, sha) = rest.split_once('#').ok_or_else(|| bad("write evidence:KIND:ID#SHA256."))?;
            let mut item = ShowcaseItem::record(kind, parse_id("record", id)?);
            item.record_kind = Some(parse_kind(record_kind)?);
            item.sha256 = sha.to_ascii_lowercase();
            item
        }
        _ => ShowcaseItem::record(kind, parse_id(kind.as_str(), rest)?),
    };
    item.include_photos_of_others = others;
    Ok(item)
}

pub fn showcase(app: &App, json: bool, action: ShowcaseAction) -> Result<()> {
    match action {
        ShowcaseAction::Create { learner, title, items } => {
            let items = items.split(',').filter(|s| !s.trim().is_empty()).map(parse_item).collect::<Result<_>>()?;
            let made = app.create_showcase(parse_id("learner", &learner)?, &title, items)?;
            if json {
                return output::json(&made);
            }
            out!("{}", made.meta.id);
        }
        ShowcaseAction::List { learner } => {
            let list = app.showcases(parse_id("learner", &learner)?)?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                out!("No showcases yet.");
            }
            for s in list {
                let n = s.data.items().count();
                out!("{}  {}  ({n} item{})", s.meta.id, escape(&s.data.title), if n == 1 { "" } else { "s" });
            }
        }
        ShowcaseAction::Export { learner, showcase, out, pdf, paper } => {
            let (learner, id) = (parse_id("learner", &learner)?, parse_id("showcase", &showcase)?);
            let (report, path) = match (out, pdf) {
                (_, Some(pdf)) => {
                    (app.export_showcase_pdf(learner, id, &pdf, super::documents::paper(paper.as_deref()))?, pdf)
                }
                (Some(out), None) => (app.export_showcase_site(learner, id, &out)?, out),
                (None, None) => {
                    return Err(ApiError::invalid("Say where to write it: --out DIR|F.zip or --pdf F.pdf."))
                }
            };
            if json {
                return output::json(&report);
            }
            out!(
                "Wrote {} ({}: {} page{}, {} file{}, {} bytes).",
                path.display(),
                report.format,
                report.pages,
                if report.pages == 1 { "" } else { "s" },
                report.files,
                if report.files == 1 { "" } else { "s" },
                report.bytes
            );
            for l in &report.left_out {
                out!("Note: {l}");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_parse_as_typed() {
        let id = "01890a5d-ac96-774b-bcce-b302099a8057";
        assert_eq!(parse_item(&format!("journal:{id}")).unwrap().kind, ShowcaseItemKind::JournalEntry);
        let ex = parse_item(&format!("exhibition-item:{id}#2")).unwrap();
        assert_eq!(ex.index, Some(1));
        let sha = "AB".repeat(32);
        let ev = parse_item(&format!("evidence+others:experience:{id}#{sha}")).unwrap();
        assert!(ev.include_photos_of_others && ev.sha256 == "ab".repeat(32));
        let err = parse_item("plan:x").unwrap_err();
        assert!(err.message.starts_with("Item \u{201c}plan:x\u{201d}: the kind is one of"), "{}", err.message);
        assert!(parse_item(&format!("exhibition-item:{id}#0")).is_err());
    }
}
