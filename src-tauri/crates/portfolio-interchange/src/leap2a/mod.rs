//! Leap2A (2010-07) in the dialect Mahara imports and exports.
//!
//! Export layout: a zip with `leap2a.xml` at its root and attached files
//! under `files/`. The feed's author and a `person` entry are the learner;
//! experiences are `leap2:activity` entries; reflections are journal posts
//! (`leap2:entry`) that are `leap2:is_part_of` a `leap2:selection` "Journal" (Mahara
//! blog) and `leap2:reflects_on` their experiences; goals are `leap2:plan`
//! entries whose action steps are `leap2:plan` parts (Mahara plans and
//! tasks); badges are `leap2:achievement` entries, their original PNG/SVG
//! credentials `leap2:resource` entries with an `enclosure` link into `files/`;
//! exhibitions are `leap2:selection` entries linking their evidence.
//!
//! Import reads every dialect Mahara has written ([`ns`]) and maps what a
//! Mahara export holds (see `convert` and `mahara`); record ids are derived
//! from the Leap2A entry ids, so a second import adds nothing.
//!
//! The module is split by responsibility:
//! - [`export`]: building the feed and the zip from a learner's records
//!   (`writer` holds the XML writing helpers);
//! - [`read`]: opening a zip or a bare `leap2a.xml` under [`Limits`], and
//!   reading its files one at a time;
//! - [`ns`]: namespaces recognised by what they name;
//! - `parse`: reading the Atom/Leap2A XML into raw entries;
//! - `convert`: sorting entries and linking tasks, with `records` (one entry
//!   to one record) and `mahara` (profile, files, pages, collections,
//!   comments, what is left out);
//! - [`import`]: files into the media folder, then the learner and records
//!   into the store, all or nothing.

use portfolio_domain::ExperienceKind;

mod convert;
pub mod export;
pub mod import;
mod mahara;
pub mod ns;
mod parse;
pub mod read;
mod records;
mod writer;

pub use convert::{Leap2aImport, PlannedFile, PlannedRecord};
pub use export::{export_leap2a, leap2a_xml, leap2a_xml_with_media, ExportSummary, Leap2aContent};
pub use import::{import_leap2a, Leap2aImportReport};
pub use ns::{classify, normalise, Ns};
pub use parse::{MAX_ATTRIBUTES, MAX_DEPTH};
pub use read::read_leap2a;

/// Atom namespace.
pub const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
/// RDF namespace.
pub const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// Leap2A terms namespace.
pub const NS_LEAP2: &str = "http://terms.leapspecs.org/";
/// Leap2A categories namespace.
pub const NS_CATEGORIES: &str = "http://wiki.leapspecs.org/2A/categories/";
/// Mahara's Leap2A extensions namespace.
pub const NS_MAHARA: &str = "http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#";
/// The Leap2A version this crate writes.
pub const LEAP2A_VERSION: &str = "http://www.leapspecs.org/2010-07/2A/";
/// Name of the feed inside the zip.
pub const FEED_FILE: &str = "leap2a.xml";
pub(super) const KIND_SCHEME: &str = "categories:learner_portfolio_kind#";

/// Size limits applied when reading a Leap2A file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest zip file or bare XML file, in bytes.
    pub max_file: u64,
    /// Largest uncompressed `leap2a.xml`, in bytes.
    pub max_feed: u64,
    /// Most zip entries.
    pub max_zip_entries: u64,
    /// Most feed entries.
    pub max_entries: u64,
    /// Largest uncompressed file named in the feed, in bytes.
    pub max_media_file: u64,
    /// Most uncompressed bytes of all files together (a zip bomb stops here).
    pub max_media_total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file: 512 << 20,
            max_feed: 32 << 20,
            max_zip_entries: 20_000,
            max_entries: 20_000,
            max_media_file: portfolio_media::DEFAULT_MAX_FILE_BYTES,
            max_media_total: 4 << 30,
        }
    }
}

pub(super) fn kind_term(k: ExperienceKind) -> &'static str {
    match k {
        ExperienceKind::Internship => "internship",
        ExperienceKind::Project => "project",
        ExperienceKind::Course => "course",
        ExperienceKind::Job => "job",
        ExperienceKind::Volunteering => "volunteering",
        ExperienceKind::Competition => "competition",
        ExperienceKind::Club => "club",
        ExperienceKind::MuseumVisit => "museum_visit",
        ExperienceKind::Travel => "travel",
        ExperienceKind::Other => "other",
    }
}

pub(super) fn kind_from_term(t: &str) -> Option<ExperienceKind> {
    [
        ExperienceKind::Internship,
        ExperienceKind::Project,
        ExperienceKind::Course,
        ExperienceKind::Job,
        ExperienceKind::Volunteering,
        ExperienceKind::Competition,
        ExperienceKind::Club,
        ExperienceKind::MuseumVisit,
        ExperienceKind::Travel,
        ExperienceKind::Other,
    ]
    .into_iter()
    .find(|k| kind_term(*k) == t)
}

pub(super) fn life_area(k: ExperienceKind) -> &'static str {
    match k {
        ExperienceKind::Internship | ExperienceKind::Job => "Work",
        ExperienceKind::Course => "Education",
        ExperienceKind::Volunteering => "Community",
        _ => "Leisure",
    }
}
