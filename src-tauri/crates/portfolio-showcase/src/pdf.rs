//! The showcase as a PDF: the same [`Content`] as the website, typeset by
//! portfolio-documents (cover, contents, a heading per item, facts, texts,
//! photos from the print derivatives, files and links by name, badges with
//! their verification at export time).

use chrono::{DateTime, Utc};
use portfolio_documents::fonts::Face;
use portfolio_documents::layout::{plain, rich_inline, Block, ParaStyle, Photo, Rich, Run};
use portfolio_documents::{typeset, Document, Paper, RenderReport};
use portfolio_media::MediaStore;

use crate::content::{long_date, Content, Page};

/// The document before layout.
pub fn document(content: &Content) -> Document {
    let c = content;
    let mut b = Vec::new();
    let mut lines = Vec::new();
    if !c.audience.trim().is_empty() {
        lines.push(format!("For {}", c.audience.trim()));
    }
    if !c.school_line.is_empty() {
        lines.push(c.school_line.clone());
    }
    lines.push(format!("Made on {}", long_date(c.made_at.date_naive())));
    b.push(Block::Cover { kind: c.title.clone(), title: c.learner_name.clone(), lines, photo: None });
    b.push(Block::Toc);
    if !c.introduction.trim().is_empty() {
        b.push(Block::Heading { level: 1, text: "Introduction".into(), toc: true });
        b.push(Block::Markdown(c.introduction.clone()));
    }
    for section in &c.sections {
        if section.items.is_empty() && section.introduction.trim().is_empty() {
            continue;
        }
        let title = if section.title.trim().is_empty() { "Work".to_string() } else { section.title.clone() };
        b.push(Block::Heading { level: 1, text: title, toc: true });
        if !section.introduction.trim().is_empty() {
            b.push(Block::Markdown(section.introduction.clone()));
        }
        for page in &section.items {
            item(&mut b, page, c);
        }
    }
    b.push(Block::Heading { level: 1, text: "About this portfolio".into(), toc: true });
    b.push(Block::Para(
        ParaStyle::Body,
        plain(
            format!(
                "{} chose the work in this portfolio and wrote its notes. It was made with Learner Portfolio on {}. \
                 Badge verification was checked then, on the learner\u{2019}s device and without going online; each \
                 credential can be checked again at its issuer or with any Open Badges verifier, using the original \
                 file in the website version of this portfolio.",
                c.learner_name,
                long_date(c.made_at.date_naive())
            ),
            Face::Serif,
        ),
    ));
    Document {
        title: format!("{} \u{2014} {}", c.title, c.learner_name),
        short_title: c.title.clone(),
        learner_name: c.learner_name.clone(),
        subject: "Showcase".into(),
        file_name: format!("{}.pdf", crate::folder_name(&c.title)),
        blocks: b,
        left_out: c.left_out.clone(),
    }
}

fn item(b: &mut Vec<Block>, page: &Page, c: &Content) {
    b.push(Block::Heading { level: 2, text: page.title.clone(), toc: true });
    b.push(Block::Para(ParaStyle::Small, plain(page.label.clone(), Face::SansBold)));
    if !page.facts.is_empty() {
        b.push(Block::Fields(page.facts.iter().map(|(k, v)| (k.clone(), plain(v.clone(), Face::Serif))).collect()));
    }
    if !page.note.trim().is_empty() {
        b.push(Block::Heading { level: 3, text: format!("A note from {}", c.learner_name), toc: false });
        b.push(Block::Markdown(page.note.clone()));
    }
    for (heading, text) in &page.texts {
        b.push(Block::Heading { level: 3, text: heading.clone(), toc: false });
        b.push(Block::Markdown(text.clone()));
    }
    if !page.checklist.is_empty() {
        b.push(Block::Heading { level: 3, text: "Steps".into(), toc: false });
        let steps: Vec<Rich> = page
            .checklist
            .iter()
            .map(|(t, done)| {
                let mut r = plain(if *done { "Done: " } else { "To do: " }, Face::SansBold);
                r.extend(rich_inline(t, Face::Serif));
                r
            })
            .collect();
        b.push(Block::Bullets(steps));
    }
    if let Some(badge) = &page.badge {
        b.push(Block::Heading { level: 3, text: "Verification".into(), toc: false });
        let mut r = plain(format!("{}. ", badge.status_label), Face::SansBold);
        r.push(Run {
            text: format!("Checked on {}, offline. {}", long_date(c.made_at.date_naive()), badge.detail),
            face: Face::Serif,
        });
        b.push(Block::Para(ParaStyle::Body, r));
    }
    if !page.photos.is_empty() {
        let photos = page
            .photos
            .iter()
            .map(|p| Photo {
                sha256: p.sha256.clone(),
                width: p.print.0,
                height: p.print.1,
                caption: if p.caption.is_empty() { p.alt.clone() } else { p.caption.clone() },
                alt: p.alt.clone(),
            })
            .collect();
        b.push(Block::Photos { cols: if page.photos.len() == 1 { 1 } else { 2 }, photos });
    }
    let mut others: Vec<Rich> = page
        .files
        .iter()
        .map(|f| {
            let mut r = plain(f.name.clone(), Face::Serif);
            if !f.caption.is_empty() {
                r.push(Run { text: format!(": {}", f.caption), face: Face::Serif });
            }
            r
        })
        .collect();
    others.extend(page.links.iter().map(|l| {
        let mut r = plain(l.title.clone(), Face::Serif);
        if l.title != l.url {
            r.push(Run { text: format!(" \u{2014} {}", l.url), face: Face::SerifItalic });
        }
        r
    }));
    if !others.is_empty() {
        b.push(Block::Para(ParaStyle::Small, plain("Files and links", Face::SansBold)));
        b.push(Block::Bullets(others));
    }
}

/// Renders the showcase as PDF bytes; `now` is printed in the footer and
/// the metadata (pass the export's time for the same bytes twice).
pub fn render(
    content: &Content,
    media: Option<&MediaStore>,
    paper: Paper,
    now: DateTime<Utc>,
) -> (Vec<u8>, RenderReport) {
    typeset(&document(content), media, paper, now)
}
