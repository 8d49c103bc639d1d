//! Validation: the one place where user input is judged.
//!
//! Every error names the field (as the UI's form names it) and says, in words
//! a learner understands, what to change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest single-line text (titles, names), in characters.
pub const MAX_SHORT: usize = 300;
/// Longest multi-line text (descriptions, journal bodies), in characters.
pub const MAX_LONG: usize = 100_000;
/// Most items in any list (tags, steps, notes, links).
pub const MAX_ITEMS: usize = 500;
/// Most hours one experience may record.
pub const MAX_HOURS: f64 = 20_000.0;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's name as in the data (`title`, `mentor.name`, `steps[2].text`).
    pub field: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// All problems found in one piece of input.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "The input is not valid.".to_string(),
        [one] => one.message.clone(),
        [first, rest @ ..] => {
            format!("{} (and {} more problem{})", first.message, rest.len(), if rest.len() == 1 { "" } else { "s" })
        }
    }
}

/// Types whose values can be checked before they are stored.
pub trait Validate {
    /// Ok if the value may be stored; otherwise every problem found.
    fn validate(&self) -> Result<(), ValidationErrors>;
}

/// Collects field errors; the record types' `validate` functions use it.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// A checker with no errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`.
    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), message: message.into() });
    }

    /// A required single-line text: not blank, not too long, no line breaks.
    pub fn required(&mut self, field: &str, label: &str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, format!("{label} is required."));
        } else {
            self.short(field, label, value);
        }
    }

    /// An optional single-line text: not too long, no line break and no
    /// other control character (NUL, carriage return, escape, ...).
    pub fn short(&mut self, field: &str, label: &str, value: &str) {
        let n = value.chars().count();
        if n > MAX_SHORT {
            self.fail(field, format!("{label} is too long ({n} characters; at most {MAX_SHORT})."));
        }
        if let Some(bad) = value.chars().find(|&c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
            if matches!(bad, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                self.fail(field, format!("{label} must be a single line, without line breaks."));
            } else {
                self.fail(field, control_message(label, bad));
            }
        }
    }

    /// A multi-line text: not too long; tab and newline are the only control
    /// characters allowed.
    pub fn long(&mut self, field: &str, label: &str, value: &str) {
        let n = value.chars().count();
        if n > MAX_LONG {
            self.fail(field, format!("{label} is too long ({n} characters; at most {MAX_LONG})."));
        }
        if let Some(bad) = value.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n')) {
            self.fail(field, control_message(label, bad));
        }
    }

    /// A list of short texts (tags, emails, links).
    pub fn short_list(&mut self, field: &str, label: &str, values: &[String]) {
        self.count(field, label, values.len());
        for (i, v) in values.iter().enumerate() {
            if v.trim().is_empty() {
                self.fail(format!("{field}[{i}]"), format!("{label}: item {} is empty.", i + 1));
            } else {
                self.short(&format!("{field}[{i}]"), label, v);
            }
        }
    }

    /// A list length.
    pub fn count(&mut self, field: &str, label: &str, n: usize) {
        if n > MAX_ITEMS {
            self.fail(field, format!("{label} has too many items ({n}; at most {MAX_ITEMS})."));
        }
    }

    /// A date in a plausible range (1900 to 2200).
    pub fn date(&mut self, field: &str, label: &str, value: NaiveDate) {
        let lo = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
        let hi = NaiveDate::from_ymd_opt(2200, 12, 31).unwrap_or(NaiveDate::MAX);
        if value < lo || value > hi {
            self.fail(field, format!("{label} must be between 1900 and 2200."));
        }
    }

    /// `end` must not be before `start`.
    pub fn order(&mut self, field: &str, start: NaiveDate, end: Option<NaiveDate>, message: &str) {
        if let Some(end) = end {
            if end < start {
                self.fail(field, message);
            }
        }
    }

    /// Finishes: Ok when nothing failed.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.errors))
        }
    }
}

/// "Title contains an invisible control character (U+001B), which is not
/// allowed here." (one sentence, the character by its code point).
fn control_message(label: &str, c: char) -> String {
    let what = match c {
        '\0' => " (a NUL byte, U+0000)".to_string(),
        '\r' => " (a carriage return, U+000D)".to_string(),
        '\u{1b}' => " (an escape code, U+001B)".to_string(),
        other => format!(" (U+{:04X})", u32::from(other)),
    };
    format!("{label} contains an invisible control character{what}, which is not allowed here.")
}

/// Joins text for search: lower-cased, fields separated by newlines.
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        if !p.is_empty() {
            out.push_str(&p.to_lowercase());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(v: &str) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.short("title", "Title", v);
        c.finish().err().map(|e| e.0).unwrap_or_default()
    }

    fn long(v: &str) -> Vec<FieldError> {
        let mut c = Checker::new();
        c.long("description", "Description", v);
        c.finish().err().map(|e| e.0).unwrap_or_default()
    }

    #[test]
    fn single_line_fields_refuse_control_characters_and_line_breaks() {
        for ok in ["Trường THPT Nguyễn Trãi", "معرض الربيع", "机器人 🤖 club", "a\u{202e}b (bidi kept)", ""]
        {
            assert!(short(ok).is_empty(), "{ok:?}");
        }
        for (bad, says) in [
            ("Robot\u{1b}[31m club", "escape code, U+001B"),
            ("nul\0byte", "NUL byte, U+0000"),
            ("del\u{7f}", "U+007F"),
            ("c1\u{9b}31m", "U+009B"),
            ("tab\there", "U+0009"),
        ] {
            let errors = short(bad);
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, "title");
            assert!(errors[0].message.contains(says), "{}", errors[0].message);
            assert_eq!(errors[0].message.matches('.').count(), 1, "one sentence: {}", errors[0].message);
        }
        for bad in ["two\nlines", "cr\rhere", "crlf\r\n", "ls\u{2028}x", "nel\u{85}x"] {
            let errors = short(bad);
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].message, "Title must be a single line, without line breaks.");
        }
    }

    #[test]
    fn multi_line_fields_allow_only_tab_and_newline() {
        assert!(long("Día 1:\n\tconstruimos el robot\n\nDay 2 ✓").is_empty());
        for bad in ["windows\r\nline", "nul\0", "esc\u{1b}[2J", "bell\u{7}"] {
            let errors = long(bad);
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert!(errors[0].message.starts_with("Description contains an invisible control character"));
        }
    }
}
