//! Types that exist only to cross IPC to the UI (generated into TypeScript
//! by ts-rs like every other IPC type).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ApiError;

/// What the app tells its window at start: version, where the data is, and
/// whether the store opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The app's version.
    pub version: String,
    /// The data folder in use.
    pub data_dir: String,
    /// Why the store could not be opened, if it could not.
    pub store_error: Option<ApiError>,
}

/// Files dragged from another program (a file manager) over the app's
/// window, as the shell reports them to the UI. The UI never sees paths: it
/// asks for a dropped file's bytes by `token` and position in `names`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileDropEvent {
    /// `over` (files hover at `x`,`y`), `leave` (the drag left or was
    /// cancelled) or `drop` (files dropped at `x`,`y`).
    pub phase: String,
    /// Position in CSS pixels from the webview's left edge.
    pub x: f64,
    /// Position in CSS pixels from the webview's top edge.
    pub y: f64,
    /// Names the dropped files for `dropped_file` (0 unless `drop`).
    pub token: u32,
    /// The files' names (no folders), in order.
    pub names: Vec<String>,
}

/// What importing a Leap2A (Mahara) export did, for the UI: the learner, and
/// the report as sentences (what arrived, then what did not, item by item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Leap2aImported {
    /// The learner the export was imported as.
    pub learner: portfolio_domain::Learner,
    /// Whether the learner was created by this import (else found from an earlier one).
    pub new_learner: bool,
    /// One sentence each.
    pub sentences: Vec<String>,
}

impl From<&portfolio_interchange::Leap2aImportReport> for Leap2aImported {
    fn from(r: &portfolio_interchange::Leap2aImportReport) -> Self {
        Leap2aImported { learner: r.learner.clone(), new_learner: r.new_learner, sentences: r.sentences() }
    }
}
