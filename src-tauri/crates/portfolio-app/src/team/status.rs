//! The sync status the app shows: "Up to date", "N changes waiting" or
//! "Relay unreachable since HH:MM", per learner and overall, from what the
//! rounds recorded ([`super::RoundOutcome`]) and what the engine can count
//! now (changes to this device's documents the relay has not confirmed).
//! Never a spinner: every state says what is known.

use std::str::FromStr;

use chrono::{DateTime, Local, Utc};
use portfolio_domain::{AuthorRole, Id, RecordKind};
use portfolio_sync::automerge::ChangeHash;
use serde::Serialize;
use ts_rs::TS;

use super::sync::written_by;
use super::{LearnerSync, TeamSettings};
use crate::{App, Result};

/// Where one learner (or this device overall) stands with its relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Nothing is shared with a team on this device.
    NotShared,
    /// The relay has every change of this device and this device every change it advertised.
    UpToDate,
    /// No round has run yet on this device.
    NotSyncedYet,
    /// Changes wait to be sent or confirmed (the relay answered at the last round).
    Waiting,
    /// The last round could not reach the relay (or it refused this device).
    Unreachable,
}

/// One learner's sync status on this device.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LearnerSyncStatus {
    /// The learner.
    pub learner_id: Id,
    /// The relay.
    pub relay: String,
    /// This device's role on the team.
    pub role: AuthorRole,
    /// The state.
    pub state: SyncState,
    /// Changes the relay has not confirmed: Automerge changes to the
    /// documents this device writes since the relay last confirmed them,
    /// plus (student's device) records saved since the last round started
    /// (they go into the documents at the next round; deletions are not counted).
    pub changes_waiting: usize,
    /// Documents the last round that reached the relay could not confirm.
    pub documents_waiting: Vec<String>,
    /// When a round last completed with everything confirmed.
    pub last_success: Option<DateTime<Utc>>,
    /// When the relay became unreachable (the first failed round since it was last reached).
    pub failing_since: Option<DateTime<Utc>>,
    /// Why the last round failed, in one sentence.
    pub last_error: Option<String>,
    /// What to show: "Up to date", "3 changes waiting", "Relay unreachable since 14:05".
    pub summary: String,
}

/// Every shared learner's status and the overall one (the worst state:
/// unreachable, then waiting, then not synced yet, then up to date).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    /// The overall state.
    pub state: SyncState,
    /// Changes waiting, summed over learners.
    pub changes_waiting: usize,
    /// The earliest `failing_since` of an unreachable learner.
    pub failing_since: Option<DateTime<Utc>>,
    /// What to show overall.
    pub summary: String,
    /// One entry per learner shared on this device.
    pub learners: Vec<LearnerSyncStatus>,
}

fn since(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

fn changes(n: usize) -> String {
    if n == 1 {
        "1 change waiting".into()
    } else {
        format!("{n} changes waiting")
    }
}

fn summary(state: SyncState, waiting: usize, failing: Option<DateTime<Utc>>, docs: &[String]) -> String {
    match state {
        SyncState::NotShared => "Not shared with a team".into(),
        SyncState::UpToDate => "Up to date".into(),
        SyncState::NotSyncedYet if waiting > 0 => format!("Not synced yet, {}", changes(waiting)),
        SyncState::NotSyncedYet => "Not synced yet".into(),
        SyncState::Waiting if waiting > 0 => changes(waiting),
        SyncState::Waiting => format!("Waiting for the relay to confirm the {}", docs.join(", ")),
        SyncState::Unreachable => match failing {
            Some(t) => format!("Relay unreachable since {}", since(t)),
            None => "Relay unreachable".into(),
        },
    }
}

impl App {
    /// The sync status of every learner shared on this device and overall,
    /// from the recorded outcome of the last rounds and the changes the
    /// engine counts now. Does not contact the relay.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let mut learners = Vec::new();
        for s in self.all_team_settings()? {
            learners.push(self.learner_sync_status(&s)?);
        }
        let state = learners.iter().map(|l| l.state).max().unwrap_or(SyncState::NotShared);
        let changes_waiting = learners.iter().map(|l| l.changes_waiting).sum();
        let failing_since =
            learners.iter().filter(|l| l.state == SyncState::Unreachable).filter_map(|l| l.failing_since).min();
        let docs: Vec<String> = learners.iter().flat_map(|l| l.documents_waiting.iter().cloned()).collect();
        Ok(SyncStatus {
            state,
            changes_waiting,
            failing_since,
            summary: summary(state, changes_waiting, failing_since, &docs),
            learners,
        })
    }

    fn learner_sync_status(&self, s: &TeamSettings) -> Result<LearnerSyncStatus> {
        let o = &s.outcome;
        let mut waiting = self.unconfirmed_changes(s)?;
        if s.role == AuthorRole::Student {
            waiting += self.records_saved_since(s.learner_id, o.last_attempt)?;
        }
        let state = if o.failing_since.is_some() {
            SyncState::Unreachable
        } else if o.last_attempt.is_none() {
            SyncState::NotSyncedYet
        } else if waiting > 0 || !o.waiting.is_empty() {
            SyncState::Waiting
        } else {
            SyncState::UpToDate
        };
        Ok(LearnerSyncStatus {
            learner_id: s.learner_id,
            relay: s.relay.clone(),
            role: s.role,
            state,
            changes_waiting: waiting,
            documents_waiting: o.waiting.clone(),
            last_success: s.last_sync,
            failing_since: o.failing_since,
            last_error: o.last_error.clone(),
            summary: summary(state, waiting, o.failing_since, &o.waiting),
        })
    }

    /// Automerge changes in the documents this device writes that are not
    /// below the heads the relay last confirmed (all of them if never confirmed).
    fn unconfirmed_changes(&self, s: &TeamSettings) -> Result<usize> {
        let did = self.device_did()?;
        let docs: Vec<(String, Vec<ChangeHash>)> = written_by(&did, s)
            .into_iter()
            .map(|id| {
                let heads =
                    s.confirmed.get(&id).map(|h| h.iter().filter_map(|x| ChangeHash::from_str(x).ok()).collect());
                (id, heads.unwrap_or_default())
            })
            .collect();
        self.with_engine(move |repo| async move {
            let mut n = 0;
            for (id, heads) in docs {
                if let Some(doc) = repo.find(&id).await? {
                    n += doc.with_doc(move |d| d.get_changes(&heads).len()).await?;
                }
            }
            Ok(n)
        })
    }

    /// Records of `learner` saved after `t` (all of them when no round ran).
    fn records_saved_since(&self, learner: Id, t: Option<DateTime<Utc>>) -> Result<usize> {
        let mut n = 0;
        for kind in RecordKind::ALL {
            n +=
                self.store().list(learner, kind, "")?.iter().filter(|r| t.is_none_or(|t| r.meta().updated > t)).count();
        }
        Ok(n)
    }

    /// Records the outcome of a round that started at `started`.
    pub(crate) fn record_outcome(
        &self,
        learner: Id,
        started: DateTime<Utc>,
        result: &Result<LearnerSync>,
    ) -> Result<()> {
        let Some(mut s) = self.team_settings(learner)? else { return Ok(()) };
        s.outcome.last_attempt = Some(started);
        match result {
            Ok(r) => {
                s.outcome.failing_since = None;
                s.outcome.last_error = None;
                s.outcome.waiting = r.waiting.clone();
            }
            Err(e) => {
                s.outcome.failing_since.get_or_insert(started);
                s.outcome.last_error = Some(e.message.clone());
            }
        }
        self.save_team_settings(&s)
    }
}
