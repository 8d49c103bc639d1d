//! The learner's team on their own devices: relay settings, invitations,
//! sync rounds, comments, plan sign-offs and panelists' score sheets, over
//! `portfolio-sync`.
//!
//! - Per-learner team settings ([`TeamSettings`]: relay, documents, the
//!   signed manifest, this device's role) live in the store's
//!   `team_settings` tree; Automerge document chunks in `sync_docs`.
//! - This device's key is `DataDir::device_key()` (never the badge issuer keys).
//! - A tokio runtime is made inside the app layer the first time a team use
//!   case needs the engine; `App` methods block on it (call them from a
//!   blocking thread, never from inside an async runtime).
//! - The store stays the one write path for records. On the student's
//!   device a sync round mirrors the store into the documents by
//!   `model::placement` (a Private journal entry is never written); on a team
//!   member's device it applies the documents to the store (validation and
//!   the store's rules apply; a plan never goes back to an earlier revision).
//! - A family, mentor or advisor device cannot change the student's records:
//!   [`App::guard_record_write`] refuses in one sentence (and the project's
//!   relay ignores such changes anyway).

mod background;
mod caseload;
mod comments;
mod conflicts;
mod engine;
mod hours;
mod live;
mod members;
mod people;
mod scores;
mod settings;
mod signoffs;
mod status;
mod sync;

pub use background::BackgroundSync;
pub use caseload::{CaseloadRow, PlanStatus};
pub use comments::{CommentView, UnreadCount};
pub use conflicts::ConflictNote;
pub(crate) use engine::EngineSlot;
pub use hours::ConfirmedHours;
pub use members::RemovalOutcome;
pub use people::{InviteOutcome, TeamView};
pub use scores::{ExhibitionScores, SheetView};
pub use settings::{RoundOutcome, TeamSettings};
pub use signoffs::{PlanVerification, SignatureCheck};
pub use status::{LearnerSyncStatus, SyncState, SyncStatus};
pub use sync::{LearnerSync, SyncFailure, SyncReport};

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod tests;
