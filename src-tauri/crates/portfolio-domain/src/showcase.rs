//! Showcases: a curated selection of a learner's work for an audience (a
//! college, an employer, the school's yearly presentation portfolio),
//! published as a static website or a PDF.
//!
//! A showcase names records, it never copies them: an item is a kind, the id
//! of the record and, for an exhibition item or an evidence file, which part
//! of that record. What may be shown (never a Private journal entry, a photo
//! of other people only when chosen on purpose, only the learner's own
//! records) is checked by the store when the showcase is saved.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::{Id, RecordKind};
use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// At most this many sections in a showcase.
pub const MAX_SECTIONS: usize = 50;
/// At most this many items in one section.
pub const MAX_SECTION_ITEMS: usize = 200;

/// What a showcase item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ShowcaseItemKind {
    /// An experience (internship, project, …).
    Experience,
    /// A journal entry shared with the learning team or family.
    JournalEntry,
    /// A goal of the learner's own.
    Goal,
    /// A badge, with its original credential file.
    Badge,
    /// One item of an exhibition (`index` says which).
    ExhibitionItem,
    /// One evidence file or photo of a record (`record_kind`, `sha256`).
    Evidence,
}

impl ShowcaseItemKind {
    /// Every kind, in the order the app offers them.
    pub const ALL: [ShowcaseItemKind; 6] =
        [Self::Experience, Self::JournalEntry, Self::Goal, Self::Badge, Self::ExhibitionItem, Self::Evidence];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Experience => "experience",
            Self::JournalEntry => "journal_entry",
            Self::Goal => "goal",
            Self::Badge => "badge",
            Self::ExhibitionItem => "exhibition_item",
            Self::Evidence => "evidence",
        }
    }

    /// Parses a name as the CLI takes it: `experience`, `journal`
    /// (`journal-entry`, `reflection`), `goal`, `badge`, `exhibition-item`,
    /// `evidence` (`photo`, `file`); `_` and `-` alike.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.replace('-', "_").as_str() {
            "experience" => Self::Experience,
            "journal" | "journal_entry" | "reflection" => Self::JournalEntry,
            "goal" => Self::Goal,
            "badge" => Self::Badge,
            "exhibition_item" | "exhibition" => Self::ExhibitionItem,
            "evidence" | "photo" | "file" => Self::Evidence,
            _ => return None,
        })
    }

    /// The kind of record an item of this kind names (for evidence: `None`,
    /// the item says which kind holds the file).
    pub fn record_kind(self) -> Option<RecordKind> {
        match self {
            Self::Experience => Some(RecordKind::Experience),
            Self::JournalEntry => Some(RecordKind::Reflection),
            Self::Goal => Some(RecordKind::Goal),
            Self::Badge => Some(RecordKind::Badge),
            Self::ExhibitionItem => Some(RecordKind::Exhibition),
            Self::Evidence => None,
        }
    }
}

/// One chosen item of a showcase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShowcaseItem {
    /// What it is.
    pub kind: ShowcaseItemKind,
    /// The record's id (for an exhibition item: the exhibition; for
    /// evidence: the record that holds the file).
    pub id: Id,
    /// For evidence: the kind of the record holding the file.
    #[serde(default)]
    pub record_kind: Option<RecordKind>,
    /// For an exhibition item: its position in the exhibition (0 = first).
    #[serde(default)]
    pub index: Option<u32>,
    /// For evidence: the file's SHA-256.
    #[serde(default)]
    pub sha256: String,
    /// A note written for this showcase's audience (Markdown subset).
    #[serde(default)]
    pub note: String,
    /// Photos showing other people are shown here on purpose (a photo marked
    /// as showing others is refused, or left out of a record's page, unless
    /// this is set).
    #[serde(default)]
    pub include_photos_of_others: bool,
}

impl ShowcaseItem {
    /// An item naming a whole record of `kind` (no part, no note).
    pub fn record(kind: ShowcaseItemKind, id: Id) -> Self {
        ShowcaseItem {
            kind,
            id,
            record_kind: None,
            index: None,
            sha256: String::new(),
            note: String::new(),
            include_photos_of_others: false,
        }
    }

    /// The kind of the record this item names.
    pub fn target_kind(&self) -> Option<RecordKind> {
        self.kind.record_kind().or(self.record_kind)
    }
}

/// A section of a showcase: a heading, an optional introduction, items in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ShowcaseSection {
    /// The section's heading ("Science", "Internships").
    pub title: String,
    /// A few words under the heading (Markdown subset).
    pub introduction: String,
    /// The items, in the order shown.
    pub items: Vec<ShowcaseItem>,
}

/// The fields of a showcase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShowcaseData {
    /// Title ("Senior portfolio 2026"), required.
    pub title: String,
    /// Who it is for ("Harbor City College admissions"), optional.
    #[serde(default)]
    pub audience: String,
    /// The introduction, in the reflections' Markdown subset.
    #[serde(default)]
    pub introduction: String,
    /// Sections in order.
    #[serde(default)]
    pub sections: Vec<ShowcaseSection>,
}

impl ShowcaseData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        None
    }

    pub(crate) fn text(&self) -> String {
        let mut t = search_text([self.title.as_str(), &self.audience, &self.introduction]);
        for s in &self.sections {
            t.push_str(&search_text([s.title.as_str(), &s.introduction]));
            t.push_str(&search_text(s.items.iter().map(|i| i.note.as_str())));
        }
        t
    }

    /// Every item of every section, in order, with its field path
    /// (`sections[0].items[2]`).
    pub fn items(&self) -> impl Iterator<Item = (String, &ShowcaseItem)> {
        self.sections.iter().enumerate().flat_map(|(s, sec)| {
            sec.items.iter().enumerate().map(move |(i, item)| (format!("sections[{s}].items[{i}]"), item))
        })
    }
}

impl Validate for ShowcaseData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("title", "Title", &self.title);
        c.short("audience", "Audience", &self.audience);
        c.long("introduction", "Introduction", &self.introduction);
        if self.sections.len() > MAX_SECTIONS {
            c.fail("sections", format!("A showcase can have at most {MAX_SECTIONS} sections."));
        }
        for (s, sec) in self.sections.iter().enumerate() {
            c.short(&format!("sections[{s}].title"), "Section title", &sec.title);
            c.long(&format!("sections[{s}].introduction"), "Section introduction", &sec.introduction);
            if sec.items.len() > MAX_SECTION_ITEMS {
                c.fail(
                    format!("sections[{s}].items"),
                    format!("A section can have at most {MAX_SECTION_ITEMS} items; split it in two."),
                );
            }
            for (i, item) in sec.items.iter().enumerate() {
                let f = |x: &str| format!("sections[{s}].items[{i}]{x}");
                c.long(&f(".note"), "Note", &item.note);
                match item.kind {
                    ShowcaseItemKind::ExhibitionItem if item.index.is_none() => {
                        c.fail(f(".index"), "Say which item of the exhibition to show.")
                    }
                    ShowcaseItemKind::Evidence => {
                        let is_hash = item.sha256.len() == 64 && item.sha256.bytes().all(|b| b.is_ascii_hexdigit());
                        if !is_hash {
                            c.fail(f(".sha256"), "This item does not point at a stored file.");
                        }
                        if item.record_kind.is_none() {
                            c.fail(f(".record_kind"), "Say which kind of record holds this file.");
                        }
                    }
                    _ => {}
                }
            }
        }
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_required_and_evidence_needs_a_file() {
        let mut evidence = ShowcaseItem::record(ShowcaseItemKind::Evidence, crate::new_id());
        evidence.record_kind = Some(RecordKind::Experience);
        let data = ShowcaseData {
            title: " ".into(),
            audience: String::new(),
            introduction: "Xin chào — **bienvenidos**".into(),
            sections: vec![ShowcaseSection {
                title: "العلوم".into(),
                introduction: String::new(),
                items: vec![evidence],
            }],
        };
        let err = data.validate().unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "sections[0].items[0].sha256"]);
    }

    #[test]
    fn kinds_parse_as_people_type_them() {
        assert_eq!(ShowcaseItemKind::parse("journal"), Some(ShowcaseItemKind::JournalEntry));
        assert_eq!(ShowcaseItemKind::parse("exhibition-item"), Some(ShowcaseItemKind::ExhibitionItem));
        assert_eq!(ShowcaseItemKind::parse("photo"), Some(ShowcaseItemKind::Evidence));
        assert_eq!(ShowcaseItemKind::parse("plan"), None);
        for k in ShowcaseItemKind::ALL {
            assert_eq!(ShowcaseItemKind::parse(k.as_str()), Some(k));
        }
    }
}
