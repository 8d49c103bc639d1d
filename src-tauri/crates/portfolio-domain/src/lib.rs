//! The domain of Learner Portfolio: what a learner's portfolio is made of.
//!
//! This crate holds the record types (learners, experiences, reflections, goals,
//! badges), their identifiers and timestamps, and the validation rules every
//! writer must pass through, whether it is the desktop app, the CLI or an import.
//! It knows nothing about storage, Tauri or the UI; the TypeScript types the UI
//! uses are generated from these types with `ts-rs`.
//!
//! Invariants kept here:
//! - learning goals are data (string ids into a framework), never an enum;
//! - every record carries a stable UUIDv7 id, its learner's id, UTC `created` and
//!   `updated` timestamps and the role of its author;
//! - [`validate::Validate`] is the single place where user input is judged.
#![warn(missing_docs)]

pub mod badge;
pub mod evidence;
pub mod exhibition;
pub mod experience;
pub mod framework;
pub mod goal;
pub mod learner;
pub mod matrix;
pub mod overview;
pub mod period;
pub mod plan;
pub mod record;
pub mod reflection;
pub mod showcase;
pub mod validate;

pub use badge::{BadgeData, BadgeSource};
pub use evidence::{Evidence, EvidenceSlot};
pub use exhibition::{
    summarize, AgreedResult, Criterion, CriterionSummary, ExhibitionData, ExhibitionItem, Level, Panelist, Rubric,
    Score, ScoreSheet,
};
pub use experience::{ExperienceData, ExperienceKind, ExperienceStatus, Mentor};
pub use framework::{builtin_frameworks, Framework, LearningGoal};
pub use goal::{ActionStep, GoalData, GoalStatus, ProgressNote};
pub use learner::{Learner, LearnerProfile};
pub use overview::{GoalProgress, PeriodOverview};
pub use period::{NarrativeData, NarrativeVoice, PeriodData};
pub use plan::{
    AbilityRating, CheckInData, CoverSheet, PlanContent, PlanData, PlanGoal, PlanGoalStatus, PlanRevision, RecordRef,
    SignOff, TeamMember,
};
pub use record::{
    new_id, AnyRecord, AuthorRole, Id, Record, RecordBody, RecordCounts, RecordData, RecordKind, RecordMeta,
};
pub use reflection::{ReflectionData, Visibility};
pub use showcase::{ShowcaseData, ShowcaseItem, ShowcaseItemKind, ShowcaseSection};
pub use validate::{FieldError, Validate, ValidationErrors};
