//! The same document as a standalone HTML page, for comparison with the way
//! web portfolios print (a browser's "print to PDF"); used by the benchmark.
//! Every piece of user text is escaped.

use crate::layout::{Block, Photo, Rich};
use crate::markdown::{self, MdBlock};
use crate::Document;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\n' => o.push_str("<br>"),
            _ => o.push(c),
        }
    }
    o
}

fn rich(r: &Rich) -> String {
    use crate::fonts::Face::*;
    r.iter()
        .map(|run| match run.face {
            SerifBold | SansBold => format!("<b>{}</b>", esc(&run.text)),
            SerifItalic => format!("<i>{}</i>", esc(&run.text)),
            SerifBoldItalic => format!("<b><i>{}</i></b>", esc(&run.text)),
            _ => esc(&run.text),
        })
        .collect()
}

fn spans(s: &[markdown::Span]) -> String {
    s.iter()
        .map(|x| {
            let t = esc(&x.text);
            match (x.bold, x.italic) {
                (true, true) => format!("<b><i>{t}</i></b>"),
                (true, false) => format!("<b>{t}</b>"),
                (false, true) => format!("<i>{t}</i>"),
                _ => t,
            }
        })
        .collect()
}

/// The document as HTML; `src` gives each photo's address.
pub fn to_html(doc: &Document, src: &dyn Fn(&Photo) -> String) -> String {
    let mut h = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:'Noto Serif',serif;font-size:10.5pt;line-height:1.45;margin:0 8mm}}\
         h1,h2,h3{{font-family:'Noto Sans',sans-serif;color:#0d5273;break-after:avoid}}\
         table{{border-collapse:collapse;width:100%;font-family:'Noto Sans',sans-serif;font-size:9pt}}\
         th{{background:#eef2f4;text-align:left}} td,th{{border-bottom:1px solid #ccc;padding:4px}}\
         .photos{{display:grid;grid-template-columns:1fr 1fr;gap:14px}} figure{{margin:0;break-inside:avoid}}\
         img{{max-width:100%;max-height:70mm}} figcaption{{font-style:italic;font-size:8.5pt;color:#666}}\
         .cover{{break-after:page;padding-top:60mm}} .pb{{break-after:page}}</style></head><body>",
        esc(&doc.title)
    );
    for b in &doc.blocks {
        match b {
            Block::Cover { kind, title, lines, .. } => {
                h.push_str(&format!("<section class=\"cover\"><p>{}</p><h1>{}</h1>", esc(kind), esc(title)));
                for l in lines {
                    h.push_str(&format!("<p>{}</p>", esc(l)));
                }
                h.push_str("</section>");
            }
            Block::Toc => {}
            Block::Heading { level, text, .. } => h.push_str(&format!("<h{level}>{}</h{level}>", esc(text))),
            Block::Para(_, r) => h.push_str(&format!("<p>{}</p>", rich(r))),
            Block::Markdown(text) => {
                for m in markdown::parse(text) {
                    match m {
                        MdBlock::Heading(_, s) => h.push_str(&format!("<h3>{}</h3>", spans(&s))),
                        MdBlock::Paragraph(s) => h.push_str(&format!("<p>{}</p>", spans(&s))),
                        MdBlock::ListItem(_, _, s) => h.push_str(&format!("<ul><li>{}</li></ul>", spans(&s))),
                    }
                }
            }
            Block::Bullets(items) => {
                h.push_str("<ul>");
                for i in items {
                    h.push_str(&format!("<li>{}</li>", rich(i)));
                }
                h.push_str("</ul>");
            }
            Block::Fields(f) => {
                h.push_str("<dl>");
                for (k, v) in f {
                    h.push_str(&format!("<dt><b>{}</b></dt><dd>{}</dd>", esc(k), rich(v)));
                }
                h.push_str("</dl>");
            }
            Block::Table { columns, rows } => {
                h.push_str("<table><thead><tr>");
                for c in columns {
                    h.push_str(&format!("<th>{}</th>", esc(&c.title)));
                }
                h.push_str("</tr></thead><tbody>");
                for r in rows {
                    h.push_str("<tr>");
                    for c in r {
                        h.push_str(&format!("<td>{}</td>", rich(c)));
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</tbody></table>");
            }
            Block::Photos { photos, .. } => {
                h.push_str("<div class=\"photos\">");
                for p in photos {
                    h.push_str(&format!(
                        "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                        esc(&src(p)),
                        esc(&p.caption),
                        esc(&p.caption)
                    ));
                }
                h.push_str("</div>");
            }
            Block::Chart { title, bars, .. } => {
                h.push_str(&format!("<h3>{}</h3>", esc(title)));
                for b in bars {
                    h.push_str(&format!("<p>{}: {}</p>", esc(&b.label), esc(&b.note)));
                }
            }
            Block::Signatures(s) => {
                for (role, name, _) in s {
                    h.push_str(&format!("<p>______________________ {} ({})</p>", esc(name), esc(role)));
                }
            }
            Block::WriteLines(label, n) => {
                h.push_str(&format!("<p><b>{}</b></p>", esc(label)));
                for _ in 0..*n {
                    h.push_str("<hr>");
                }
            }
            Block::Space(_) => {}
            Block::PageBreak | Block::LeafBreak => h.push_str("<div class=\"pb\"></div>"),
        }
    }
    h.push_str("</body></html>");
    h
}
