//! HTML (as Mahara stores journal entries and descriptions) reduced to the
//! app's Markdown subset: paragraphs, headings, bullet and numbered lists,
//! bold, italic, code, line breaks. Links become `text (address)`; every
//! other tag (scripts and styles with their content) is dropped. The output
//! never contains HTML markup from the input.
//!
//! Time and memory are linear in the input, whatever it holds: list
//! indentation stops growing at [`MAX_LIST_INDENT`] levels (deeper items are
//! set at that depth), an unclosed comment ends the text, and a `&` is only
//! read as a character reference when a `;` follows within a few bytes.

/// Deepest list nesting that is still indented further (two spaces a level).
pub const MAX_LIST_INDENT: usize = 8;

/// Converts an HTML fragment to the Markdown subset (see the module docs).
pub fn to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<(bool, u32)> = Vec::new();
    let mut href_stack: Vec<Option<String>> = Vec::new();
    let mut skip_until: Option<&'static str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(lt) = rest.find('<') {
            let (text, tail) = rest.split_at(lt);
            if skip_until.is_none() {
                push_text(&mut out, &decode_entities(text));
            }
            let Some(gt) = tail.find('>') else {
                if skip_until.is_none() {
                    push_text(&mut out, &decode_entities(tail));
                }
                break;
            };
            let tag = &tail[1..gt];
            rest = &tail[gt + 1..];
            if tag.starts_with("!--") {
                match tail.find("-->") {
                    Some(end) => rest = &tail[end + 3..],
                    // An unclosed comment runs to the end (as in browsers);
                    // searching again from every later `<!--` would be quadratic.
                    None => break,
                }
                continue;
            }
            let closing = tag.starts_with('/');
            let body = tag.trim_start_matches('/');
            let name: String =
                body.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
            if let Some(until) = skip_until {
                if closing && name == until {
                    skip_until = None;
                }
                continue;
            }
            match (name.as_str(), closing) {
                ("script", false) => skip_until = Some("script"),
                ("style", false) => skip_until = Some("style"),
                ("p" | "div" | "blockquote" | "pre" | "table" | "tr", _) => block_break(&mut out),
                ("br", _) => out.push('\n'),
                ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                    block_break(&mut out);
                    let level = name[1..].parse::<usize>().unwrap_or(3).min(3);
                    out.push_str(&"#".repeat(level));
                    out.push(' ');
                }
                ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => block_break(&mut out),
                ("ul", false) => {
                    list_open(&mut out, &lists);
                    lists.push((false, 0));
                }
                ("ol", false) => {
                    list_open(&mut out, &lists);
                    lists.push((true, 0));
                }
                ("ul" | "ol", true) => {
                    lists.pop();
                    if lists.is_empty() {
                        block_break(&mut out);
                    }
                }
                ("li", false) => {
                    trim_end_spaces(&mut out);
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    let depth = lists.len().saturating_sub(1).min(MAX_LIST_INDENT);
                    out.push_str(&"  ".repeat(depth));
                    match lists.last_mut() {
                        Some((true, n)) => {
                            *n += 1;
                            out.push_str(&format!("{n}. "));
                        }
                        _ => out.push_str("- "),
                    }
                }
                ("strong" | "b", _) => out.push_str("**"),
                ("em" | "i", _) => out.push('*'),
                ("code", _) => out.push('`'),
                ("a", false) => href_stack.push(attr(body, "href")),
                ("a", true) => {
                    if let Some(Some(h)) = href_stack.pop() {
                        if !h.is_empty() && !out.ends_with(&h) {
                            out.push_str(&format!(" ({h})"));
                        }
                    }
                }
                ("img", _) => {
                    if let Some(alt) = attr(body, "alt").filter(|a| !a.trim().is_empty()) {
                        push_text(&mut out, &alt);
                    }
                }
                _ => {}
            }
        } else {
            if skip_until.is_none() {
                push_text(&mut out, &decode_entities(rest));
            }
            break;
        }
    }
    tidy(&out)
}

fn list_open(out: &mut String, lists: &[(bool, u32)]) {
    if lists.is_empty() {
        block_break(out);
    }
}

fn push_text(out: &mut String, text: &str) {
    // Collapse HTML whitespace; keep one space between words.
    let mut last_space = out.is_empty() || out.ends_with([' ', '\n']);
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

fn trim_end_spaces(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

fn block_break(out: &mut String) {
    trim_end_spaces(out);
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn tidy(s: &str) -> String {
    let mut lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    // No more than one blank line in a row.
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines.join("\n").trim().to_string()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start > 0 && lower.as_bytes()[start - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let v = tag[value_start..].trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        return Some(decode_entities(value));
    }
    None
}

/// Decodes HTML character references (named ones that Mahara's editor
/// writes, and numeric ones). Unknown references stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // Only the next few bytes: a `;` far away is no reference, and
        // searching to the end from every `&` would be quadratic.
        let end = tail.bytes().take(13).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "ndash" => Some('\u{2013}'),
                "mdash" => Some('\u{2014}'),
                "hellip" => Some('\u{2026}'),
                "lsquo" => Some('\u{2018}'),
                "rsquo" => Some('\u{2019}'),
                "ldquo" => Some('\u{201c}'),
                "rdquo" => Some('\u{201d}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_lists_and_inline() {
        let md = to_markdown(
            "<p>First <strong>bold</strong> and <em>soft</em>.</p><p>Second&nbsp;line<br/>next &amp; last</p>\
             <ul><li>one</li><li>two<ol><li>a</li></ol></li></ul><h2>Head</h2><p><a href=\"https://x.org/a?b=1&amp;c\">link</a></p>",
        );
        assert_eq!(
            md,
            "First **bold** and *soft*.\n\nSecond line\nnext & last\n\n- one\n- two\n  1. a\n\n## Head\n\nlink (https://x.org/a?b=1&c)"
        );
    }

    #[test]
    fn scripts_and_unknown_tags_are_dropped() {
        let md =
            to_markdown("<div onclick=\"x\">Hi<script>alert(1)</script><span> there</span></div><!-- c -->&lt;b&gt;");
        assert_eq!(md, "Hi there\n\n<b>");
        assert!(!to_markdown("<p>a</p><style>p{}</style>").contains("p{}"));
    }
}
