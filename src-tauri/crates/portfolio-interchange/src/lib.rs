//! Interchange formats for Learner Portfolio: moving a portfolio to and from
//! other systems without the app.
//!
//! - **Leap2A** ([`leap2a`]): the Atom-based portfolio format that Mahara
//!   imports and exports. [`export_leap2a`] writes a zip with `leap2a.xml` at
//!   the root and files under `files/` in the shape Mahara's importer needs;
//!   [`import_leap2a`] reads what Mahara exports (every namespace dialect it
//!   has written): profile and picture, plans and tasks, journals, résumé,
//!   files as evidence, pages and collections, comments and tags, validated
//!   before anything is written, with ids from the export so that importing
//!   it again adds nothing, and a report of what was left out, item by item.
//! - **JSON Resume** ([`resume`]): planned; will write a résumé in the
//!   JSON Resume schema v1.0.0.
//!
//! Nothing here touches the network, and every error is a sentence for a
//! person (the application layer gives it the code `invalid_input`; store
//! errors keep their own code).

#![warn(missing_docs)]

pub mod html;
pub mod leap2a;
pub mod resume;

pub use leap2a::{
    export_leap2a, import_leap2a, leap2a_xml, read_leap2a, ExportSummary, Leap2aContent, Leap2aImport,
    Leap2aImportReport, Limits,
};

use portfolio_store::StoreError;

/// What can go wrong reading or writing an interchange file.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The file is not a zip file nor a Leap2A XML file.
    #[error("This file is not a Leap2A export (a zip file with leap2a.xml, or the leap2a.xml file itself): {0}.")]
    NotLeap2a(String),
    /// The XML could not be read.
    #[error("The Leap2A file is not well-formed XML ({0}). Export it again from the other system.")]
    BadXml(String),
    /// A zip entry's name would write outside the import folder.
    #[error("The zip file contains an unsafe file name \u{201c}{0}\u{201d}, so nothing was imported.")]
    UnsafeName(String),
    /// Something in the file is larger than allowed.
    #[error("{what} is too large ({size} bytes; at most {limit} are allowed), so nothing was imported.")]
    TooLarge {
        /// What was too large, as a noun phrase starting with a capital.
        what: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Too many entries in the zip or the feed.
    #[error("The file holds too many items ({count}; at most {limit} are allowed), so nothing was imported.")]
    TooMany {
        /// How many.
        count: u64,
        /// The limit.
        limit: u64,
    },
    /// The content does not make a valid portfolio.
    #[error("{0} Nothing was imported.")]
    Invalid(String),
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the output failed.
    #[error("The export could not be written: {0}.")]
    Write(String),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, InterchangeError>;
