//! The logical structure of a laid-out document, for a tagged PDF: every
//! block becomes structure elements ([`Elem`]: headings, paragraphs, lists,
//! tables with header cells, figures with their alternative text, the
//! contents), and each row's draws say which element they belong to with
//! [`Draw::Tag`](super::Draw::Tag) markers; what belongs to none (rules,
//! panels, repeated table headers, the blank-page note) is an artifact.
//! The PDF writer turns the markers into marked content with MCIDs and
//! the elements into the structure tree.

/// A standard structure type (PDF 1.7, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Heading of level 1.
    H1,
    /// Heading of level 2.
    H2,
    /// Heading of level 3.
    H3,
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's text.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A picture or the chart (with alternative text).
    Figure,
    /// A figure's caption.
    Caption,
    /// The table of contents.
    TOC,
    /// One contents entry.
    TOCI,
    /// A link (its annotation is referenced from it).
    Link,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
        }
    }

    /// The heading role of a level (1–3).
    pub fn heading(level: u8) -> Role {
        match level {
            1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }
}

/// A structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    /// Its type.
    pub role: Role,
    /// The element it is in (`None`: the document element).
    pub parent: Option<usize>,
    /// Alternative text (figures).
    pub alt: Option<String>,
    /// Language when it differs from the document's (BCP 47, "es").
    pub lang: Option<String>,
    /// Header cells: `Column` or `Row`.
    pub scope: Option<&'static str>,
}

impl Elem {
    /// An element of `role` inside `parent`.
    pub fn new(role: Role, parent: Option<usize>) -> Elem {
        Elem { role, parent, alt: None, lang: None, scope: None }
    }
}
