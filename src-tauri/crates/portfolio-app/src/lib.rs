//! The application layer of Learner Portfolio: what the desktop app and the
//! command line both do, written once.
//!
//! - [`DataDir`] owns the data folder's layout (store, media, backups, keys,
//!   viewing copies); nothing else spells a path.
//! - [`App`] is an opened data folder; every use case is one method of it
//!   (records, learners, evidence, archives and backups, badges, documents,
//!   Leap2A, the learning-plan loop, start-up upkeep, the learner's team and
//!   sync in [`team`]), or a free function when
//!   no store is needed ([`verify_badge_file`]).
//! - [`ApiError`] is the one error contract (`{code, message, fields}`); the
//!   `From` impls in [`error`] are the one place where each core crate's own
//!   error becomes it.
//!
//! The Tauri shell (`src-tauri/src`) and `learner-portfolio-cli` only decode
//! arguments, open dialogs and print; neither knows the store's API.
#![warn(missing_docs)]

mod app;
mod archives;
mod badges;
mod data_dir;
mod documents;
pub mod error;
mod evidence;
pub mod files;
mod interchange;
pub mod ipc;
mod learning_loop;
mod records;
mod showcases;
pub mod team;
mod upkeep;

pub use app::App;
pub use archives::{import_mode, ArchiveImport, APP_VERSION};
pub use badges::{verify_badge_file, BadgePresentation, BadgeShare};
pub use data_dir::{DataDir, Resolved, APP_IDENTIFIER, DATA_DIR_ENV, LEGACY_IDENTIFIER};
pub use error::{ApiError, ErrorCode, Result};
pub use evidence::{is_inside, parse_target, FileResult};
pub use ipc::{AppStatus, FileDropEvent, Leap2aImported};
/// The sync engine's types front ends show (comments, signatures, invitations, relay kinds).
pub use portfolio_sync::{
    Comment, DeviceIdentity, HoursConfirmation, Invite, LearnerDocs, Member, PanelSheet, PlanSignature, RelayKind,
    SignatureStatus,
};
pub use team::{
    BackgroundSync, CaseloadRow, CommentView, ConfirmedHours, ConflictNote, ExhibitionScores, InviteOutcome,
    LearnerSync, LearnerSyncStatus, PlanStatus, PlanVerification, RemovalOutcome, RoundOutcome, SheetView,
    SignatureCheck, SyncFailure, SyncReport, SyncState, SyncStatus, TeamSettings, TeamView, UnreadCount,
};
pub use upkeep::problems_found;
