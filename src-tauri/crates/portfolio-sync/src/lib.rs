#![warn(missing_docs)]
//! Learner Portfolio's sync engine, on Automerge through `samod`.
//!
//! - [`identity`]: this device's Ed25519 key and `did:key`, kept in a folder the caller names;
//! - [`storage`]: samod's storage trait over a sled tree;
//! - [`model`]: the learner's portfolio and team documents, the visibility rule
//!   ([`model::placement`]) and records as per-field JSON with conflicts;
//! - [`contributions`]: each author's comments and signatures;
//! - [`scores`]: score sheets panelists hand in from their own devices;
//! - [`signing`]: Ed25519 signatures over a canonical form of a plan revision;
//! - [`team`]: the team manifest the student's device signs for the relay;
//! - [`auth`]: the key challenge of the project's relay;
//! - [`invite`]: invite files and the claims that join a team;
//! - [`link`]: relay connection state and per-document sync status;
//! - [`repo`]: the running engine: open, connect to a relay, create and find documents.
//!
//! This crate never writes to `portfolio-store` and knows nothing of Tauri:
//! the application layer moves records between the store and the documents.

pub mod auth;
pub mod contributions;
pub mod error;
pub mod files;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
pub mod identity;
pub mod invite;
pub mod link;
pub mod model;
mod net;
pub mod repo;
pub mod scores;
pub mod signing;
pub mod storage;
pub mod team;

/// The Automerge version this crate uses (for [`SyncDoc::with_doc`] closures).
pub use automerge;
pub use contributions::{Comment, HoursConfirmation};
pub use error::{Result, SyncError};
pub use files::SharedFile;
pub use identity::DeviceIdentity;
pub use invite::{Invite, InviteClaim};
pub use link::{DocStatus, RelayLink, RelayState};
pub use model::{DocRole, FieldConflict, Placement, RecordSet, SyncedRecord};
pub use net::RelayRefused;
pub use repo::{RelayKind, SyncDoc, SyncRepo};
pub use scores::PanelSheet;
pub use signing::{PlanSignature, SignatureStatus};
pub use storage::SledStorage;
pub use team::{Access, LearnerDocs, Member, SignedManifest, TeamManifest};
