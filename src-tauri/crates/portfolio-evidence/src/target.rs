//! Naming where evidence goes: a record, a plan goal or an exhibition item.

use portfolio_domain::{AnyRecord, EvidenceSlot, Id, RecordKind};

use crate::{EvidenceError, Result};

/// What evidence is attached to: a record (experience, journal entry, goal)
/// or a part of one (a plan goal, an exhibition item).
///
/// Written `KIND:ID` or `KIND:ID#PART` (the CLI's `--to`; the app sends the
/// same parts in headers): `experience:ID`, `reflection:ID`, `goal:ID`,
/// `plan:ID#GOAL` where GOAL is the plan goal's id or its number (1 = first),
/// and `exhibition:ID#N` for the exhibition's N-th item (1 = first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's id.
    pub id: Id,
    /// The part after `#`, if any.
    pub part: Option<String>,
}

/// What evidence can be attached to, for refusals.
pub const TARGET_KINDS: &str =
    "Evidence can be attached to experiences, journal entries, goals, plan goals and exhibition items.";

impl Target {
    /// The record itself (experiences, journal entries, goals).
    pub fn record(kind: RecordKind, id: Id) -> Self {
        Target { kind, id, part: None }
    }

    /// Parses `KIND:ID` or `KIND:ID#PART` (see [`Target`]).
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            EvidenceError::Refused(
                format!("\u{201c}{text}\u{201d} is not KIND:ID or KIND:ID#PART (e.g. experience:ID, plan:ID#2, exhibition:ID#1)."),
            )
        };
        let (kind, rest) = text.trim().split_once(':').ok_or_else(bad)?;
        let kind = RecordKind::parse(kind).ok_or_else(bad)?;
        let (id, part) = match rest.split_once('#') {
            Some((id, part)) => (id, Some(part.trim().to_string()).filter(|p| !p.is_empty())),
            None => (rest, None),
        };
        let id = id.trim().parse().map_err(|_| bad())?;
        Ok(Target { kind, id, part })
    }

    /// Where in `record` (this target's record) the evidence goes.
    pub fn slot(&self, record: &AnyRecord) -> Result<EvidenceSlot> {
        let refuse = |m: String| EvidenceError::Refused(m);
        let number = |part: &str, n: usize| part.parse::<usize>().ok().filter(|i| (1..=n).contains(i));
        match (record, self.part.as_deref()) {
            (AnyRecord::Experience(_) | AnyRecord::Reflection(_) | AnyRecord::Goal(_), None) => {
                Ok(EvidenceSlot::Record)
            }
            (AnyRecord::Experience(_) | AnyRecord::Reflection(_) | AnyRecord::Goal(_), Some(_)) => {
                Err(refuse(format!(
                    "A {} takes evidence itself: leave out the part after \u{201c}#\u{201d}.",
                    record.kind().as_str()
                )))
            }
            (AnyRecord::Plan(_), None) => {
                Err(refuse("Say which plan goal: plan:ID#GOAL, with the goal's id or number (1 = first).".into()))
            }
            (AnyRecord::Plan(p), Some(part)) => {
                let goals = &p.data.content.goals;
                goals
                    .iter()
                    .find(|g| g.id == part)
                    .or_else(|| number(part, goals.len()).and_then(|i| goals.get(i - 1)))
                    .map(|g| EvidenceSlot::PlanGoal { goal_id: g.id.clone() })
                    .ok_or_else(|| {
                        refuse(format!(
                            "The plan has no goal \u{201c}{part}\u{201d} (it has {}); save a new goal before adding evidence to it.",
                            goals.len()
                        ))
                    })
            }
            (AnyRecord::Exhibition(_), None) => {
                Err(refuse("Say which exhibition item: exhibition:ID#N (1 = the first item).".into()))
            }
            (AnyRecord::Exhibition(x), Some(part)) => number(part, x.data.items.len())
                .map(|i| EvidenceSlot::ExhibitionItem { index: (i - 1) as u32 })
                .ok_or_else(|| refuse(format!("The exhibition has no item {part} (it has {}).", x.data.items.len()))),
            _ => Err(refuse(TARGET_KINDS.into())),
        }
    }
}
