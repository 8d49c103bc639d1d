//! Per-learner team settings, kept in the store's `team_settings` tree
//! (key: learner id, value: JSON), and the write guard for team members.

use chrono::{DateTime, Utc};
use portfolio_domain::{AuthorRole, Id, RecordKind};
use portfolio_sync::{LearnerDocs, RelayKind, SignedManifest};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, App, ErrorCode, Result};

const TREE: &str = "team_settings";

/// How this device takes part in one learner's team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamSettings {
    /// The learner.
    pub learner_id: Id,
    /// The relay (`ws://HOST:PORT` or `wss://HOST`).
    pub relay: String,
    /// The project's relay or a plain automerge-repo relay.
    pub relay_kind: RelayKind,
    /// This device's role on the team (`student` on the student's own device).
    pub role: AuthorRole,
    /// The name this device signs and comments with.
    pub name: String,
    /// The student's device key (who signs the team manifest).
    pub student: String,
    /// The learner's documents (contributions documents of every member known).
    pub docs: LearnerDocs,
    /// The newest team manifest known here (signed by the student).
    pub manifest: Option<SignedManifest>,
    /// When the last sync round with the relay completed.
    pub last_sync: Option<DateTime<Utc>>,
    /// Each document's heads (Automerge change hashes) when the relay last
    /// confirmed it, for a status that counts changes waiting.
    #[serde(default)]
    pub confirmed: std::collections::BTreeMap<String, Vec<String>>,
    /// What the last round ended with (see [`App::sync_status`]).
    #[serde(default)]
    pub outcome: RoundOutcome,
}

/// The outcome of this device's sync rounds for one learner, recorded after
/// every round (kept in the team settings, never in shared documents).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoundOutcome {
    /// When the last round started (successful or not).
    pub last_attempt: Option<DateTime<Utc>>,
    /// The first failed round since the last one that reached the relay
    /// (`None` when the last round reached it).
    pub failing_since: Option<DateTime<Utc>>,
    /// Why the last round failed, in one sentence.
    pub last_error: Option<String>,
    /// Documents the last round that reached the relay could not confirm.
    pub waiting: Vec<String>,
}

impl App {
    fn team_tree(&self) -> Result<sled::Tree> {
        Ok(self.store().open_tree(TREE)?)
    }

    /// This device's team settings for `learner` (`None`: not shared).
    pub fn team_settings(&self, learner: Id) -> Result<Option<TeamSettings>> {
        let Some(bytes) = self.team_tree()?.get(learner.as_bytes()).map_err(sled_err)? else { return Ok(None) };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ApiError::new(ErrorCode::StoreUnreadable, format!("The team settings are damaged: {e}.")))
    }

    /// Every learner this device shares through a relay.
    pub fn all_team_settings(&self) -> Result<Vec<TeamSettings>> {
        let mut out = Vec::new();
        for item in self.team_tree()?.iter() {
            let (_, bytes) = item.map_err(sled_err)?;
            out.push(serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::new(ErrorCode::StoreUnreadable, format!("The team settings are damaged: {e}."))
            })?);
        }
        Ok(out)
    }

    pub(crate) fn save_team_settings(&self, s: &TeamSettings) -> Result<()> {
        let tree = self.team_tree()?;
        let bytes = serde_json::to_vec(s).map_err(|e| ApiError::internal(e.to_string()))?;
        tree.insert(s.learner_id.as_bytes(), bytes).map_err(sled_err)?;
        tree.flush().map_err(sled_err)?;
        Ok(())
    }

    /// Refuses a change to `learner`'s records on a device that is not the
    /// student's (a family, mentor or advisor device holds a replica).
    pub fn guard_record_write(&self, learner: Id) -> Result<()> {
        match self.team_settings(learner)? {
            Some(s) if s.role != AuthorRole::Student => Err(read_only(&s)),
            _ => Ok(()),
        }
    }

    /// [`App::guard_record_write`] for the learner of the stored record `id`.
    pub fn guard_record_write_of(&self, kind: RecordKind, id: Id) -> Result<()> {
        match self.store().get(kind, id) {
            Ok(r) => self.guard_record_write(r.meta().learner_id),
            Err(_) => Ok(()), // the store answers "not found" itself
        }
    }
}

pub(crate) fn read_only(s: &TeamSettings) -> ApiError {
    ApiError::invalid(format!(
        "This device is {}'s ({}) copy of the learner's portfolio: only the student's own devices change their records; comment or sign instead.",
        s.name,
        s.role.as_str()
    ))
}

pub(crate) fn sled_err(e: sled::Error) -> ApiError {
    ApiError::storage(format!("The team settings could not be read or written: {e}."))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use portfolio_domain::{LearnerProfile, RecordData};
    use portfolio_sync::LearnerDocs;

    use super::*;
    use crate::DataDir;

    fn experience(title: &str) -> RecordData {
        RecordData::from_json(
            RecordKind::Experience,
            serde_json::json!({"title": title, "start_date": "2026-09-07", "description": "Học sửa phanh 🚲"}),
        )
        .unwrap()
    }

    #[test]
    fn a_team_members_device_cannot_change_the_students_records() {
        let tmp = tempfile::tempdir().unwrap();
        let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
        let learner =
            app.create_learner(LearnerProfile { name: "Ana Nguyễn".into(), ..Default::default() }).unwrap().id;
        let before = app.create_record(learner, AuthorRole::Student, experience("Taller")).unwrap();
        for role in [AuthorRole::Family, AuthorRole::Mentor, AuthorRole::Advisor] {
            let settings = TeamSettings {
                learner_id: learner,
                relay: "ws://127.0.0.1:9/".into(),
                relay_kind: RelayKind::Project,
                role,
                name: "Mamá de Ana 👩".into(),
                student: "did:key:z6MkStudent".into(),
                docs: LearnerDocs::default(),
                manifest: None,
                last_sync: None,
                confirmed: Default::default(),
                outcome: Default::default(),
            };
            app.save_team_settings(&settings).unwrap();
            assert_eq!(app.team_settings(learner).unwrap().unwrap(), settings);
            let refusals = [
                app.create_record(learner, role, experience("Nuevo")).unwrap_err(),
                app.add_records(learner, role, vec![experience("Otro")]).unwrap_err(),
                app.update_record(before.meta().id, experience("Cambiado")).unwrap_err(),
                app.delete_record(RecordKind::Experience, before.meta().id).unwrap_err(),
                app.restore_record(&before).unwrap_err(),
            ];
            for e in refusals {
                assert_eq!(e.code, ErrorCode::InvalidInput);
                assert!(e.message.contains("only the student's own devices change their records"), "{e}");
                assert!(e.message.contains(role.as_str()) && !e.message.contains('\n'), "{e}");
            }
        }
        assert_eq!(app.list_records(learner, RecordKind::Experience, "").unwrap(), vec![before]);
        assert_eq!(app.all_team_settings().unwrap().len(), 1);
        assert!(app.store().open_tree("experiences").is_err(), "the store's own trees are not handed out");
    }
}
