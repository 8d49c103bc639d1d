//! Identity and metadata shared by every record, and the kind-tagged unions
//! used where one API serves all kinds (IPC, CLI, archives).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{Validate, ValidationErrors};
use crate::{BadgeData, ExperienceData, GoalData, ReflectionData};

/// A stable record identifier: a UUIDv7, so ids sort by creation time.
pub type Id = uuid::Uuid;

/// Makes a new identifier (UUIDv7).
pub fn new_id() -> Id {
    uuid::Uuid::now_v7()
}

/// Who wrote a record. Later feedback features show advisors' and mentors'
/// words as theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuthorRole {
    /// The learner.
    #[default]
    Student,
    /// The learner's advisor.
    Advisor,
    /// A family member.
    Family,
    /// A mentor at an internship or project.
    Mentor,
}

impl AuthorRole {
    /// All roles, in display order.
    pub const ALL: [AuthorRole; 4] = [Self::Student, Self::Advisor, Self::Family, Self::Mentor];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Student => "student",
            Self::Advisor => "advisor",
            Self::Family => "family",
            Self::Mentor => "mentor",
        }
    }
}

/// The kinds of record a learner's portfolio holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    /// An internship, project, course, job, ...
    Experience,
    /// A journal entry.
    Reflection,
    /// A learning goal of the learner's own.
    Goal,
    /// A digital credential.
    Badge,
}

impl RecordKind {
    /// All kinds, in the order the app shows them.
    pub const ALL: [RecordKind; 4] = [Self::Experience, Self::Reflection, Self::Goal, Self::Badge];

    /// Singular snake_case name ("experience").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Experience => "experience",
            Self::Reflection => "reflection",
            Self::Goal => "goal",
            Self::Badge => "badge",
        }
    }

    /// Plural name used by the CLI and in exports ("experiences").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Experience => "experiences",
            Self::Reflection => "reflections",
            Self::Goal => "goals",
            Self::Badge => "badges",
        }
    }

    /// Parses a singular or plural name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name || k.plural() == name)
    }
}

/// Metadata common to every record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordMeta {
    /// Stable id (UUIDv7).
    pub id: Id,
    /// The learner whose portfolio holds the record.
    pub learner_id: Id,
    /// When the record was created (UTC).
    pub created: DateTime<Utc>,
    /// When the record was last changed (UTC).
    pub updated: DateTime<Utc>,
    /// Who wrote it.
    #[serde(default)]
    pub author_role: AuthorRole,
}

/// A stored record: metadata plus the kind's own data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "StoredRecord")]
pub struct Record<T> {
    /// Id, owner, timestamps and author.
    pub meta: RecordMeta,
    /// The fields the user edits.
    pub data: T,
}

impl<T> Record<T> {
    /// A new record for `learner_id`, stamped now.
    pub fn new(learner_id: Id, author_role: AuthorRole, data: T) -> Self {
        let now = Utc::now();
        Record { meta: RecordMeta { id: new_id(), learner_id, created: now, updated: now, author_role }, data }
    }
}

/// Behaviour every record kind's data shares, used by storage and search.
pub trait RecordBody: Validate + Serialize + serde::de::DeserializeOwned + Clone {
    /// Which kind this is.
    const KIND: RecordKind;
    /// The date lists are ordered by (newest first). `None` means "use the
    /// creation date".
    fn sort_date(&self) -> Option<NaiveDate>;
    /// Text searched by the list filter.
    fn search_text(&self) -> String;
    /// Wraps a record of this kind into an [`AnyRecord`].
    fn wrap(record: Record<Self>) -> AnyRecord;
    /// Unwraps an [`AnyRecord`] of this kind.
    fn unwrap_any(record: AnyRecord) -> Option<Record<Self>>;
}

/// The data of any kind of record, tagged with its kind: what a client sends
/// to create or change a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
#[ts(export)]
pub enum RecordData {
    /// Experience data.
    Experience(ExperienceData),
    /// Reflection data.
    Reflection(ReflectionData),
    /// Goal data.
    Goal(GoalData),
    /// Badge data.
    Badge(BadgeData),
}

impl RecordData {
    /// The kind of the data.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Experience(_) => RecordKind::Experience,
            Self::Reflection(_) => RecordKind::Reflection,
            Self::Goal(_) => RecordKind::Goal,
            Self::Badge(_) => RecordKind::Badge,
        }
    }

    /// Parses the data of `kind` from a JSON value (as the CLI reads it).
    pub fn from_json(kind: RecordKind, value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(match kind {
            RecordKind::Experience => Self::Experience(serde_json::from_value(value)?),
            RecordKind::Reflection => Self::Reflection(serde_json::from_value(value)?),
            RecordKind::Goal => Self::Goal(serde_json::from_value(value)?),
            RecordKind::Badge => Self::Badge(serde_json::from_value(value)?),
        })
    }
}

impl Validate for RecordData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        match self {
            Self::Experience(d) => d.validate(),
            Self::Reflection(d) => d.validate(),
            Self::Goal(d) => d.validate(),
            Self::Badge(d) => d.validate(),
        }
    }
}

/// A stored record of any kind, tagged with its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AnyRecord {
    /// An experience.
    Experience(Record<ExperienceData>),
    /// A reflection.
    Reflection(Record<ReflectionData>),
    /// A goal.
    Goal(Record<GoalData>),
    /// A badge.
    Badge(Record<BadgeData>),
}

impl AnyRecord {
    /// The record's metadata.
    pub fn meta(&self) -> &RecordMeta {
        match self {
            Self::Experience(r) => &r.meta,
            Self::Reflection(r) => &r.meta,
            Self::Goal(r) => &r.meta,
            Self::Badge(r) => &r.meta,
        }
    }

    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Experience(_) => RecordKind::Experience,
            Self::Reflection(_) => RecordKind::Reflection,
            Self::Goal(_) => RecordKind::Goal,
            Self::Badge(_) => RecordKind::Badge,
        }
    }
}

macro_rules! record_body {
    ($ty:ty, $variant:ident) => {
        impl RecordBody for $ty {
            const KIND: RecordKind = RecordKind::$variant;
            fn sort_date(&self) -> Option<NaiveDate> {
                <$ty>::list_date(self)
            }
            fn search_text(&self) -> String {
                <$ty>::text(self)
            }
            fn wrap(record: Record<Self>) -> AnyRecord {
                AnyRecord::$variant(record)
            }
            fn unwrap_any(record: AnyRecord) -> Option<Record<Self>> {
                match record {
                    AnyRecord::$variant(r) => Some(r),
                    _ => None,
                }
            }
        }
    };
}
record_body!(ExperienceData, Experience);
record_body!(ReflectionData, Reflection);
record_body!(GoalData, Goal);
record_body!(BadgeData, Badge);

/// How many records of each kind a learner has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordCounts {
    /// Experiences.
    pub experience: u32,
    /// Reflections.
    pub reflection: u32,
    /// Goals.
    pub goal: u32,
    /// Badges.
    pub badge: u32,
}

impl RecordCounts {
    /// The count for `kind`.
    pub fn get(&self, kind: RecordKind) -> u32 {
        match kind {
            RecordKind::Experience => self.experience,
            RecordKind::Reflection => self.reflection,
            RecordKind::Goal => self.goal,
            RecordKind::Badge => self.badge,
        }
    }

    /// Sets the count for `kind`.
    pub fn set(&mut self, kind: RecordKind, n: u32) {
        match kind {
            RecordKind::Experience => self.experience = n,
            RecordKind::Reflection => self.reflection = n,
            RecordKind::Goal => self.goal = n,
            RecordKind::Badge => self.badge = n,
        }
    }
}

impl AnyRecord {
    /// The date the record is listed by: its own date where it has one,
    /// otherwise the day it was created.
    pub fn list_date(&self) -> NaiveDate {
        let own = match self {
            Self::Experience(r) => r.data.sort_date(),
            Self::Reflection(r) => r.data.sort_date(),
            Self::Goal(r) => r.data.sort_date(),
            Self::Badge(r) => r.data.sort_date(),
        };
        own.unwrap_or_else(|| self.meta().created.date_naive())
    }

    /// Lower-cased text the list filter searches.
    pub fn search_text(&self) -> String {
        match self {
            Self::Experience(r) => r.data.search_text(),
            Self::Reflection(r) => r.data.search_text(),
            Self::Goal(r) => r.data.search_text(),
            Self::Badge(r) => r.data.search_text(),
        }
    }

    /// True when every whitespace-separated term of `query` occurs in the
    /// record's text (case-insensitive). An empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim();
        if q.is_empty() {
            return true;
        }
        let text = self.search_text();
        q.to_lowercase().split_whitespace().all(|term| text.contains(term))
    }

    /// The record's data, tagged with its kind.
    pub fn data(&self) -> RecordData {
        match self {
            Self::Experience(r) => RecordData::Experience(r.data.clone()),
            Self::Reflection(r) => RecordData::Reflection(r.data.clone()),
            Self::Goal(r) => RecordData::Goal(r.data.clone()),
            Self::Badge(r) => RecordData::Badge(r.data.clone()),
        }
    }

    /// Builds a record from metadata and tagged data.
    pub fn from_parts(meta: RecordMeta, data: RecordData) -> Self {
        match data {
            RecordData::Experience(data) => Self::Experience(Record { meta, data }),
            RecordData::Reflection(data) => Self::Reflection(Record { meta, data }),
            RecordData::Goal(data) => Self::Goal(Record { meta, data }),
            RecordData::Badge(data) => Self::Badge(Record { meta, data }),
        }
    }

    /// A one-line title for lists and messages.
    pub fn title(&self) -> &str {
        match self {
            Self::Experience(r) => &r.data.title,
            Self::Reflection(r) => &r.data.title,
            Self::Goal(r) => &r.data.statement,
            Self::Badge(r) => &r.data.name,
        }
    }
}
