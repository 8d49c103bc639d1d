//! Small HTML writing helpers: escaping, the Markdown subset as elements,
//! and percent-encoding of file names in relative links. Only text the
//! learner typed goes through here; it never becomes markup.

use portfolio_documents::markdown::{self, MdBlock, Span};

/// Escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line feed are not allowed in HTML.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes one path segment of a relative link (letters, digits and
/// `-._~` stay; everything else, including non-ASCII, is encoded as UTF-8).
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        let mut open = String::new();
        let mut close = String::new();
        if s.code {
            open.push_str("<code>");
            close.insert_str(0, "</code>");
        }
        if s.bold {
            open.push_str("<strong>");
            close.insert_str(0, "</strong>");
        }
        if s.italic {
            open.push_str("<em>");
            close.insert_str(0, "</em>");
        }
        out.push_str(&open);
        out.push_str(&esc(&s.text).replace('\n', "<br>\n"));
        out.push_str(&close);
    }
}

/// Inline Markdown-subset text (bold, italic, code, line breaks) as HTML.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    spans(&mut out, &markdown::inline(text));
    out
}

/// The plain text of the first paragraph, cut at `max` characters.
pub fn excerpt(text: &str, max: usize) -> String {
    let first = markdown::parse(text).into_iter().find_map(|b| match b {
        MdBlock::Paragraph(s) | MdBlock::ListItem(_, _, s) => Some(s),
        MdBlock::Heading(..) => None,
    });
    let plain: String = first.unwrap_or_default().into_iter().map(|s| s.text).collect::<String>().replace('\n', " ");
    if plain.chars().count() <= max {
        return plain;
    }
    let cut: String = plain.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a.to_string()).unwrap_or(cut);
    format!("{}\u{2026}", cut.trim_end())
}

/// Markdown-subset text as block HTML. Its headings start at `<h{base}>` and
/// never skip a level; every block gets `dir="auto"` so right-to-left text
/// (Arabic, Hebrew) reads in its own direction.
pub fn blocks(text: &str, base: u8) -> String {
    let mut out = String::new();
    let mut prev = base.saturating_sub(1);
    // Open lists: ordered or not; an `<li>` is open at every level.
    let mut stack: Vec<bool> = Vec::new();
    let close_all = |out: &mut String, stack: &mut Vec<bool>| {
        while let Some(ordered) = stack.pop() {
            out.push_str(if ordered { "</li></ol>\n" } else { "</li></ul>\n" });
        }
    };
    for b in markdown::parse(text) {
        match b {
            MdBlock::Heading(h, s) => {
                close_all(&mut out, &mut stack);
                let level = (base + h - 1).min(prev + 1).clamp(2, 6);
                prev = level;
                out.push_str(&format!("<h{level} dir=\"auto\">"));
                spans(&mut out, &s);
                out.push_str(&format!("</h{level}>\n"));
            }
            MdBlock::Paragraph(s) => {
                close_all(&mut out, &mut stack);
                out.push_str("<p dir=\"auto\">");
                spans(&mut out, &s);
                out.push_str("</p>\n");
            }
            MdBlock::ListItem(depth, marker, s) => {
                let ordered = marker != "\u{2022}";
                let d = (depth as usize).min(stack.len());
                while stack.len() > d + 1 {
                    let o = stack.pop().unwrap_or(false);
                    out.push_str(if o { "</li></ol>\n" } else { "</li></ul>\n" });
                }
                if stack.len() == d + 1 && stack[d] != ordered {
                    let o = stack.pop().unwrap_or(false);
                    out.push_str(if o { "</li></ol>\n" } else { "</li></ul>\n" });
                }
                if stack.len() == d + 1 {
                    out.push_str("</li>\n");
                } else {
                    let start = marker.trim_end_matches('.').parse::<u32>().unwrap_or(1);
                    out.push_str(&match (ordered, start) {
                        (false, _) => "<ul>\n".to_string(),
                        (true, 1) => "<ol>\n".to_string(),
                        (true, n) => format!("<ol start=\"{n}\">\n"),
                    });
                    stack.push(ordered);
                }
                out.push_str("<li dir=\"auto\">");
                spans(&mut out, &s);
            }
        }
    }
    close_all(&mut out, &mut stack);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_elements_never_markup() {
        let html =
            blocks("# Título\n\nUn <script>alert(1)</script> **fuerte**\n\n- uno\n  - dos\n- tres\n\n3. c\n4. d", 2);
        assert!(html.contains("<h2 dir=\"auto\">Título</h2>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>fuerte</strong>"), "{html}");
        assert!(html.contains("<ul>\n<li dir=\"auto\">uno<ul>\n<li dir=\"auto\">dos</li></ul>\n</li>\n<li"), "{html}");
        assert!(html.contains("<ol start=\"3\">"), "{html}");
        assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
    }

    #[test]
    fn headings_never_skip_a_level() {
        let html = blocks("### deep\n\n## less", 3);
        assert!(html.starts_with("<h3 dir=\"auto\">deep</h3>"), "{html}");
        assert!(html.contains("<h4 dir=\"auto\">less</h4>"), "{html}");
    }

    #[test]
    fn file_names_are_encoded() {
        assert_eq!(url_segment("Báo cáo 1.pdf"), "B%C3%A1o%20c%C3%A1o%201.pdf");
    }
}
