//! Identity and metadata shared by every record, and the kind-tagged unions
//! used where one API serves all kinds (IPC, CLI, archives).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{Validate, ValidationErrors};
use crate::{
    BadgeData, CheckInData, ExhibitionData, ExperienceData, GoalData, NarrativeData, PeriodData, PlanData,
    ReflectionData, ShowcaseData,
};

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
    /// A marking period.
    Period,
    /// A Learning Plan (one per period).
    Plan,
    /// A weekly check-in on a plan goal.
    CheckIn,
    /// An exhibition.
    Exhibition,
    /// A period narrative.
    Narrative,
    /// A showcase: chosen work for an audience.
    Showcase,
}

impl RecordKind {
    /// The portfolio's own kinds, in the order the app shows them.
    pub const PORTFOLIO: [RecordKind; 4] = [Self::Experience, Self::Reflection, Self::Goal, Self::Badge];
    /// Every kind (each has its own tree in the store).
    pub const ALL: [RecordKind; 10] = [
        Self::Experience,
        Self::Reflection,
        Self::Goal,
        Self::Badge,
        Self::Period,
        Self::Plan,
        Self::CheckIn,
        Self::Exhibition,
        Self::Narrative,
        Self::Showcase,
    ];

    /// Singular snake_case name ("experience").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Experience => "experience",
            Self::Reflection => "reflection",
            Self::Goal => "goal",
            Self::Badge => "badge",
            Self::Period => "period",
            Self::Plan => "plan",
            Self::CheckIn => "check_in",
            Self::Exhibition => "exhibition",
            Self::Narrative => "narrative",
            Self::Showcase => "showcase",
        }
    }

    /// Plural name used by the CLI and in exports ("experiences").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Experience => "experiences",
            Self::Reflection => "reflections",
            Self::Goal => "goals",
            Self::Badge => "badges",
            Self::Period => "periods",
            Self::Plan => "plans",
            Self::CheckIn => "check_ins",
            Self::Exhibition => "exhibitions",
            Self::Narrative => "narratives",
            Self::Showcase => "showcases",
        }
    }

    /// Parses a singular or plural name.
    ///
    /// The words people use work too: `journal`, `journal-entry` and
    /// `journal-entries` (or with `_`) name journal entries, which the code
    /// and the stored data call `reflection`.
    pub fn parse(name: &str) -> Option<Self> {
        if matches!(name, "journal" | "journal-entry" | "journal-entries" | "journal_entry" | "journal_entries") {
            return Some(RecordKind::Reflection);
        }
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
    /// Marking period data.
    Period(PeriodData),
    /// Learning Plan data.
    Plan(PlanData),
    /// Check-in data.
    CheckIn(CheckInData),
    /// Exhibition data.
    Exhibition(ExhibitionData),
    /// Narrative data.
    Narrative(NarrativeData),
    /// Showcase data.
    Showcase(ShowcaseData),
}

/// Applies `$body` to the inner value of any `RecordData`/`AnyRecord` variant.
macro_rules! each_variant {
    ($enum:ident, $value:expr, $inner:ident => $body:expr) => {
        match $value {
            $enum::Experience($inner) => $body,
            $enum::Reflection($inner) => $body,
            $enum::Goal($inner) => $body,
            $enum::Badge($inner) => $body,
            $enum::Period($inner) => $body,
            $enum::Plan($inner) => $body,
            $enum::CheckIn($inner) => $body,
            $enum::Exhibition($inner) => $body,
            $enum::Narrative($inner) => $body,
            $enum::Showcase($inner) => $body,
        }
    };
}

impl RecordData {
    /// The kind of the data.
    pub fn kind(&self) -> RecordKind {
        each_variant!(RecordData, self, d => kind_of(d))
    }

    /// Parses the data of `kind` from a JSON value (as the CLI reads it).
    pub fn from_json(kind: RecordKind, value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(match kind {
            RecordKind::Experience => Self::Experience(serde_json::from_value(value)?),
            RecordKind::Reflection => Self::Reflection(serde_json::from_value(value)?),
            RecordKind::Goal => Self::Goal(serde_json::from_value(value)?),
            RecordKind::Badge => Self::Badge(serde_json::from_value(value)?),
            RecordKind::Period => Self::Period(serde_json::from_value(value)?),
            RecordKind::Plan => Self::Plan(serde_json::from_value(value)?),
            RecordKind::CheckIn => Self::CheckIn(serde_json::from_value(value)?),
            RecordKind::Exhibition => Self::Exhibition(serde_json::from_value(value)?),
            RecordKind::Narrative => Self::Narrative(serde_json::from_value(value)?),
            RecordKind::Showcase => Self::Showcase(serde_json::from_value(value)?),
        })
    }
}

fn kind_of<T: RecordBody>(_: &T) -> RecordKind {
    T::KIND
}

impl Validate for RecordData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        each_variant!(RecordData, self, d => d.validate())
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
    /// A marking period.
    Period(Record<PeriodData>),
    /// A Learning Plan.
    Plan(Record<PlanData>),
    /// A check-in.
    CheckIn(Record<CheckInData>),
    /// An exhibition.
    Exhibition(Record<ExhibitionData>),
    /// A narrative.
    Narrative(Record<NarrativeData>),
    /// A showcase.
    Showcase(Record<ShowcaseData>),
}

impl AnyRecord {
    /// The record's metadata.
    pub fn meta(&self) -> &RecordMeta {
        each_variant!(AnyRecord, self, r => &r.meta)
    }

    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        each_variant!(AnyRecord, self, r => kind_of(&r.data))
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
record_body!(PeriodData, Period);
record_body!(PlanData, Plan);
record_body!(CheckInData, CheckIn);
record_body!(ExhibitionData, Exhibition);
record_body!(NarrativeData, Narrative);
record_body!(ShowcaseData, Showcase);

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
    /// Marking periods.
    pub period: u32,
    /// Learning Plans.
    pub plan: u32,
    /// Check-ins.
    pub check_in: u32,
    /// Exhibitions.
    pub exhibition: u32,
    /// Narratives.
    pub narrative: u32,
    /// Showcases.
    #[serde(default)]
    pub showcase: u32,
}

impl RecordCounts {
    /// The count for `kind`.
    pub fn get(&self, kind: RecordKind) -> u32 {
        match kind {
            RecordKind::Experience => self.experience,
            RecordKind::Reflection => self.reflection,
            RecordKind::Goal => self.goal,
            RecordKind::Badge => self.badge,
            RecordKind::Period => self.period,
            RecordKind::Plan => self.plan,
            RecordKind::CheckIn => self.check_in,
            RecordKind::Exhibition => self.exhibition,
            RecordKind::Narrative => self.narrative,
            RecordKind::Showcase => self.showcase,
        }
    }

    /// Sets the count for `kind`.
    pub fn set(&mut self, kind: RecordKind, n: u32) {
        match kind {
            RecordKind::Experience => self.experience = n,
            RecordKind::Reflection => self.reflection = n,
            RecordKind::Goal => self.goal = n,
            RecordKind::Badge => self.badge = n,
            RecordKind::Period => self.period = n,
            RecordKind::Plan => self.plan = n,
            RecordKind::CheckIn => self.check_in = n,
            RecordKind::Exhibition => self.exhibition = n,
            RecordKind::Narrative => self.narrative = n,
            RecordKind::Showcase => self.showcase = n,
        }
    }
}

impl AnyRecord {
    /// The date the record is listed by: its own date where it has one,
    /// otherwise the day it was created.
    pub fn list_date(&self) -> NaiveDate {
        let own = each_variant!(AnyRecord, self, r => r.data.sort_date());
        own.unwrap_or_else(|| self.meta().created.date_naive())
    }

    /// Lower-cased text the list filter searches.
    pub fn search_text(&self) -> String {
        each_variant!(AnyRecord, self, r => r.data.search_text())
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
            Self::Period(r) => RecordData::Period(r.data.clone()),
            Self::Plan(r) => RecordData::Plan(r.data.clone()),
            Self::CheckIn(r) => RecordData::CheckIn(r.data.clone()),
            Self::Exhibition(r) => RecordData::Exhibition(r.data.clone()),
            Self::Narrative(r) => RecordData::Narrative(r.data.clone()),
            Self::Showcase(r) => RecordData::Showcase(r.data.clone()),
        }
    }

    /// Builds a record from metadata and tagged data.
    pub fn from_parts(meta: RecordMeta, data: RecordData) -> Self {
        match data {
            RecordData::Experience(data) => Self::Experience(Record { meta, data }),
            RecordData::Reflection(data) => Self::Reflection(Record { meta, data }),
            RecordData::Goal(data) => Self::Goal(Record { meta, data }),
            RecordData::Badge(data) => Self::Badge(Record { meta, data }),
            RecordData::Period(data) => Self::Period(Record { meta, data }),
            RecordData::Plan(data) => Self::Plan(Record { meta, data }),
            RecordData::CheckIn(data) => Self::CheckIn(Record { meta, data }),
            RecordData::Exhibition(data) => Self::Exhibition(Record { meta, data }),
            RecordData::Narrative(data) => Self::Narrative(Record { meta, data }),
            RecordData::Showcase(data) => Self::Showcase(Record { meta, data }),
        }
    }

    /// A one-line title for lists and messages.
    pub fn title(&self) -> &str {
        match self {
            Self::Experience(r) => &r.data.title,
            Self::Reflection(r) => &r.data.title,
            Self::Goal(r) => &r.data.statement,
            Self::Badge(r) => &r.data.name,
            Self::Period(r) => &r.data.name,
            Self::Plan(_) => "Learning Plan",
            Self::CheckIn(r) => &r.data.progress,
            Self::Exhibition(r) => &r.data.title,
            Self::Showcase(r) => &r.data.title,
            Self::Narrative(r) => match r.data.voice {
                crate::NarrativeVoice::Student => "Student narrative",
                crate::NarrativeVoice::Advisor => "Advisor narrative",
            },
        }
    }
}
