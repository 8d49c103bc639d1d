//! An advisor's caseload: one row per learner in the store, sorted by who
//! needs attention.
//!
//! The rule (`attention` holds one sentence per reason, in this order):
//! unread comments; this period's plan missing, a draft or waiting for
//! signatures; an exhibition within 14 days; no journal entry for 14 days;
//! no check-in for 14 days. Rows with more reasons come first; among equals,
//! the longest without a journal entry (never = longest), then by name.
//!
//! "This period" is the period containing today, else the next one to
//! start, else the last one that ended.

use chrono::{Local, NaiveDate};
use portfolio_domain::{AnyRecord, Id, PlanData, RecordKind};
use serde::Serialize;
use ts_rs::TS;

use super::people::display_name;
use crate::{App, Result};

/// Days without a journal entry or check-in before it needs attention, and
/// how soon an exhibition counts as close.
const ATTENTION_DAYS: i64 = 14;

/// Where this period's Learning Plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// No plan for this period (or no period).
    None,
    /// Nobody has signed the current revision.
    Draft,
    /// Some of the plan's team have signed the current revision, not all.
    WaitingForSignatures,
    /// Everyone on the plan's team has signed the current revision (with no
    /// team listed: the student and an advisor).
    Signed,
}

/// One learner on the caseload.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CaseloadRow {
    /// The learner (opening the row goes to their portfolio).
    pub learner_id: Id,
    /// Their name (preferred name if set).
    pub name: String,
    /// Shared with a team on this device.
    pub shared: bool,
    /// The newest journal entry's date.
    pub last_journal_entry: Option<NaiveDate>,
    /// The newest check-in's date.
    pub last_check_in: Option<NaiveDate>,
    /// This period's id.
    pub period_id: Option<Id>,
    /// This period's name.
    pub period_name: Option<String>,
    /// This period's plan.
    pub plan_id: Option<Id>,
    /// Where the plan stands.
    pub plan_status: PlanStatus,
    /// The next exhibition (today or later).
    pub next_exhibition: Option<NaiveDate>,
    /// Hours of the experiences that overlap this period.
    pub hours_this_period: f64,
    /// Comments not read on this device.
    pub unread_comments: usize,
    /// Why this learner needs attention, one sentence each (empty: nothing now).
    pub attention: Vec<String>,
}

/// The records of one kind from a list, typed.
macro_rules! of_kind {
    ($list:expr, $variant:ident) => {
        $list.into_iter().filter_map(|r| match r {
            AnyRecord::$variant(r) => Some(r),
            _ => None,
        })
    };
}

impl App {
    /// The caseload as of today (local date).
    pub fn caseload(&self) -> Result<Vec<CaseloadRow>> {
        self.caseload_on(Local::now().date_naive())
    }

    /// The caseload as of `today`, sorted by who needs attention (see the module's rule).
    pub fn caseload_on(&self, today: NaiveDate) -> Result<Vec<CaseloadRow>> {
        let mut rows = Vec::new();
        for learner in self.store().learners()? {
            rows.push(self.caseload_row(learner.id, display_name(&learner), today)?);
        }
        rows.sort_by(|a, b| {
            let never = |d: Option<NaiveDate>| d.map_or(i64::MAX, |d| (today - d).num_days());
            b.attention
                .len()
                .cmp(&a.attention.len())
                .then(never(b.last_journal_entry).cmp(&never(a.last_journal_entry)))
                .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        Ok(rows)
    }

    fn caseload_row(&self, learner: Id, name: String, today: NaiveDate) -> Result<CaseloadRow> {
        let store = self.store();
        let list = |kind| store.list(learner, kind, "");
        let last_journal_entry = of_kind!(list(RecordKind::Reflection)?, Reflection).map(|r| r.data.date).max();
        let last_check_in = of_kind!(list(RecordKind::CheckIn)?, CheckIn).map(|r| r.data.date).max();
        let periods: Vec<_> = of_kind!(list(RecordKind::Period)?, Period).collect();
        let period = periods
            .iter()
            .find(|p| p.data.contains(today))
            .or_else(|| periods.iter().filter(|p| p.data.start > today).min_by_key(|p| p.data.start))
            .or_else(|| periods.iter().max_by_key(|p| p.data.end));
        let plan = period
            .and_then(|p| of_kind!(list(RecordKind::Plan).ok()?, Plan).find(|plan| plan.data.period_id == p.meta.id));
        let shared = self.team_settings(learner)?.is_some();
        let plan_status = match &plan {
            None => PlanStatus::None,
            Some(p) => self.plan_status(learner, p.meta.id, &p.data, shared),
        };
        let next_exhibition =
            of_kind!(list(RecordKind::Exhibition)?, Exhibition).map(|e| e.data.date).filter(|d| *d >= today).min();
        let hours_this_period = match period {
            None => 0.0,
            Some(p) => of_kind!(list(RecordKind::Experience)?, Experience)
                .filter(|e| {
                    e.data.start_date <= p.data.end && p.data.start <= e.data.end_date.unwrap_or(NaiveDate::MAX)
                })
                .filter_map(|e| e.data.hours)
                .sum(),
        };
        let unread_comments: usize = self.unread_comments(learner)?.iter().map(|u| u.count).sum();
        let mut attention = Vec::new();
        if unread_comments > 0 {
            attention.push(format!("{unread_comments} unread comment{}.", if unread_comments == 1 { "" } else { "s" }));
        }
        match plan_status {
            PlanStatus::None => attention.push("No Learning Plan for this period.".into()),
            PlanStatus::Draft => attention.push("The Learning Plan is a draft: nobody has signed it.".into()),
            PlanStatus::WaitingForSignatures => attention.push("The Learning Plan is waiting for signatures.".into()),
            PlanStatus::Signed => {}
        }
        if let Some(d) = next_exhibition.filter(|d| (*d - today).num_days() <= ATTENTION_DAYS) {
            let days = (d - today).num_days();
            attention.push(match days {
                0 => "The exhibition is today.".to_string(),
                1 => "The exhibition is tomorrow.".to_string(),
                n => format!("The exhibition is in {n} days."),
            });
        }
        let stale = |d: Option<NaiveDate>| d.is_none_or(|d| (today - d).num_days() > ATTENTION_DAYS);
        if stale(last_journal_entry) {
            attention.push(format!("No journal entry in the last {ATTENTION_DAYS} days."));
        }
        if stale(last_check_in) {
            attention.push(format!("No check-in in the last {ATTENTION_DAYS} days."));
        }
        Ok(CaseloadRow {
            learner_id: learner,
            name,
            shared,
            last_journal_entry,
            last_check_in,
            period_id: period.map(|p| p.meta.id),
            period_name: period.map(|p| p.data.name.clone()),
            plan_id: plan.as_ref().map(|p| p.meta.id),
            plan_status,
            next_exhibition,
            hours_this_period,
            unread_comments,
            attention,
        })
    }

    /// Signatures on the current revision: the plan's own sign-offs and, when
    /// shared, the team's signatures that verify on this device.
    fn plan_status(&self, learner: Id, plan_id: Id, plan: &PlanData, shared: bool) -> PlanStatus {
        let mut signed: Vec<(String, String)> =
            plan.signoffs.iter().map(|s| (s.name.trim().to_lowercase(), s.role.trim().to_lowercase())).collect();
        if shared {
            if let Ok(v) = self.verify_plan(learner, plan_id) {
                signed.extend(
                    v.signatures
                        .iter()
                        .filter(|s| s.status == portfolio_sync::SignatureStatus::Valid)
                        .map(|s| (s.name.trim().to_lowercase(), s.role.as_str().to_string())),
                );
            }
        }
        if signed.is_empty() {
            return PlanStatus::Draft;
        }
        let required: Vec<(String, String)> = if plan.content.team.is_empty() {
            vec![(String::new(), "student".into()), (String::new(), "advisor".into())]
        } else {
            plan.content.team.iter().map(|m| (m.name.trim().to_lowercase(), m.role.trim().to_lowercase())).collect()
        };
        let covered = |(name, role): &(String, String)| {
            signed.iter().any(|(n, r)| (!name.is_empty() && n == name) || (!role.is_empty() && r == role))
        };
        if required.iter().all(covered) {
            PlanStatus::Signed
        } else {
            PlanStatus::WaitingForSignatures
        }
    }
}
