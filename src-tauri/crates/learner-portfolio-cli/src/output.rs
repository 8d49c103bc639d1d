//! Printing: one line at a time, control characters made visible (a name
//! holding `ESC[31m` cannot recolour the terminal), JSON pretty-printed.

use portfolio_app::{ApiError, Result};

/// Prints a line to standard output, with control characters escaped; a
/// closed pipe (`| head`) ends the program quietly.
macro_rules! out {
    ($($t:tt)*) => {{
        $crate::output::line(&format!($($t)*))
    }};
}
pub(crate) use out;

/// `text` with every control character except tab shown as `\u{..}`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes one line (escaped) to standard output.
pub fn line(text: &str) {
    raw(&escape(text));
}

/// Writes `text` and a newline as it is (JSON, whose escaping is its own).
pub fn raw(text: &str) {
    use std::io::Write as _;
    if writeln!(std::io::stdout().lock(), "{text}").is_err() {
        std::process::exit(0);
    }
}

/// Prints `value` as pretty JSON.
pub fn json(value: &impl serde::Serialize) -> Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(|e| ApiError::internal(e.to_string()))?;
    raw(&s);
    Ok(())
}

/// Prints what verifying a badge found.
pub fn badge_check(c: &portfolio_backpack::BadgeCheck) {
    out!("{}: {}", c.status, c.detail);
    if let Some(f) = &c.format {
        out!("format: {f}");
    }
    if let Some(m) = c.recipient_matches {
        out!(
            "recipient: {}",
            if m { "matches the learner's email" } else { "does not match any of the learner's emails" }
        );
    }
    for w in &c.warnings {
        out!("note: {w}");
    }
    endorsements("", &c.endorsements);
    if let Some(g) = &c.clr {
        out!("record: \u{201c}{}\u{201d} from {}, {} achievements:", g.name, g.issuer_name, g.parts.len());
        for (i, p) in g.parts.iter().enumerate() {
            out!("  {}. {} ({}): {}: {}", i + 1, p.name, p.issuer_name, p.status, p.detail);
            endorsements("     ", &p.endorsements);
        }
    }
}

fn endorsements(indent: &str, list: &[portfolio_backpack::EndorsementCheck]) {
    for e in list {
        out!("{indent}endorsement of the {} by {}: {}: {}", e.on, e.endorser, e.status, e.detail);
        if let Some(c) = &e.comment {
            out!("{indent}  \u{201c}{c}\u{201d}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(super::escape("Ana\u{1b}[31m\r\nX\u{0}\tok"), "Ana\\u{1b}[31m\\u{d}\\u{a}X\\u{0}\tok");
        assert_eq!(super::escape("Nguyễn Thị Lan 🌱 مرحبا"), "Nguyễn Thị Lan 🌱 مرحبا");
    }
}
