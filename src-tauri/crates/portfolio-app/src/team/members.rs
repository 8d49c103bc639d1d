//! Changing who is on the team after the invitations: removing a person
//! (or an invitation not joined yet) from the student's device.

use chrono::Utc;
use portfolio_domain::{AuthorRole, Id};
use portfolio_sync::RelayKind;
use serde::Serialize;
use ts_rs::TS;

use super::sync::not_shared;
use crate::{ApiError, App, ErrorCode, Result};

/// What removing a person did, and what they keep, in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RemovalOutcome {
    /// The person's name.
    pub name: String,
    /// Their role.
    pub role: AuthorRole,
    /// Their device key (or the invitation's key if they had not joined).
    pub did: String,
    /// True when the relay already has the new team (a sync round ran).
    pub published: bool,
    /// Why it was not published yet, in a sentence.
    pub note: Option<String>,
    /// What they keep, honestly, in one or two sentences for the UI.
    pub keeps: String,
}

impl App {
    /// Removes the person with device key `did` (or the open invitation with
    /// that key) from `learner`'s team on the student's device: the next
    /// manifest leaves them out, so the project's relay shares nothing new
    /// with them and refuses their changes. Their comments and signatures
    /// made so far stay readable to the team. Then runs a sync round to
    /// publish it (if the relay is unreachable it goes at the next sync).
    pub fn remove_member(&self, learner: Id, did: &str) -> Result<RemovalOutcome> {
        let mut s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let Some(signed) = s.manifest.clone().filter(|_| s.role == AuthorRole::Student) else {
            return Err(ApiError::invalid("Only the student's own device removes people from the team."));
        };
        let did = did.trim();
        if did == s.student {
            return Err(ApiError::invalid("The student's own device cannot be removed from their team."));
        }
        let mut manifest = signed.manifest;
        let (joined, invited) =
            (manifest.members.iter().position(|m| m.did == did), manifest.invites.iter().position(|m| m.did == did));
        let (person, was_member) = match (joined, invited) {
            (Some(i), _) => (manifest.members.remove(i), true),
            (None, Some(i)) => (manifest.invites.remove(i), false),
            (None, None) => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("Nobody with the device key {did} is on this team."),
                ))
            }
        };
        manifest.version += 1;
        manifest.issued_at = Utc::now();
        s.manifest = Some(manifest.sign(&self.device_identity()?)?);
        let kind = s.relay_kind;
        self.save_team_settings(&s)?;
        let (published, note) = match self.sync_fresh(s) {
            Ok(_) => (true, None),
            Err(e) => (false, Some(format!("{} The change goes to the relay at the next sync.", e.message))),
        };
        let keeps = if !was_member {
            format!("{}'s invitation can no longer be used; they never received the portfolio.", person.name)
        } else if kind == RelayKind::Plain {
            format!(
                "{} keeps the copy already on their device (everything shared until now). This plain relay cannot stop a device that knows the documents' ids, so a modified app could still read new changes: move the team to the project's relay to stop that.",
                person.name
            )
        } else {
            format!(
                "{} keeps the copy already on their device (everything shared until now); from now on the relay sends them nothing new and refuses their changes.",
                person.name
            )
        };
        Ok(RemovalOutcome { name: person.name, role: person.role, did: did.to_string(), published, note, keeps })
    }
}
