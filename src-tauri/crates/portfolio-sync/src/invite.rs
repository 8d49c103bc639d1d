//! Inviting a person onto a learner's team with an invite file.
//!
//! 1. The student's app makes an [`Invite`]: the relay address, the
//!    learner's documents, the role and name, and a fresh one-time invite key.
//!    The invite key's did goes into the manifest's `invites` (with the role),
//!    and the manifest is published again.
//! 2. The invited device ([`crate::SyncRepo::join`]) creates its own
//!    contributions document and sends the relay an [`InviteClaim`] signed
//!    with the invite key: "device D, with contributions document C, takes
//!    this invitation". It authenticates as itself (its own key, never the
//!    invite key), so signatures it makes are its own.
//! 3. The relay accepts the first claim of an open invitation and serves the
//!    device with that role at once; it tells the student's device
//!    ([`crate::auth::Welcome::joined`]), whose app folds the claim into the
//!    next manifest ([`crate::TeamManifest::accept_claim`]), closing the invitation.
//!
//! The file is a secret until it is used: whoever holds it first can join in
//! that role. It is useless after one claim.

use portfolio_domain::{AuthorRole, Id};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SyncError};
use crate::identity::{verify, DeviceIdentity};
use crate::repo::RelayKind;
use crate::team::{LearnerDocs, Member};

/// What an invite file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// `"learner-portfolio-invite/1"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The relay (`ws://` or `wss://`).
    pub relay: String,
    /// Which kind of relay.
    pub relay_kind: RelayKind,
    /// The learner.
    pub learner_id: Id,
    /// The learner's name, to show before joining.
    pub learner_name: String,
    /// The invited person's role.
    pub role: AuthorRole,
    /// The invited person's name.
    pub name: String,
    /// The student's device key (who signs the team).
    pub student: String,
    /// The documents to open.
    pub documents: LearnerDocs,
    /// The one-time invite key's secret (base64).
    pub invite_key: String,
}

impl Invite {
    /// A new invitation and the slot to add to the manifest's `invites`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        relay: &str,
        relay_kind: RelayKind,
        learner_id: Id,
        learner_name: &str,
        role: AuthorRole,
        name: &str,
        student: &str,
        documents: LearnerDocs,
    ) -> Result<(Invite, Member)> {
        if role == AuthorRole::Student {
            return Err(SyncError::NotShared(
                "Invite advisors, family or mentors; a student's own devices use the student's key.".into(),
            ));
        }
        if name.trim().is_empty() {
            return Err(SyncError::NotShared("An invitation needs the person's name.".into()));
        }
        let key = DeviceIdentity::generate();
        let slot = Member { did: key.did(), name: name.trim().to_string(), role };
        let invite = Invite {
            kind: "learner-portfolio-invite/1".into(),
            relay: relay.to_string(),
            relay_kind,
            learner_id,
            learner_name: learner_name.to_string(),
            role,
            name: name.trim().to_string(),
            student: student.to_string(),
            documents,
            invite_key: key.secret(),
        };
        Ok((invite, slot))
    }

    /// Reads an invite file's text.
    pub fn parse(text: &str) -> Result<Invite> {
        let invite: Invite = serde_json::from_str(text)
            .map_err(|e| SyncError::NotShared(format!("This is not a Learner Portfolio invitation: {e}")))?;
        if invite.kind != "learner-portfolio-invite/1" {
            return Err(SyncError::NotShared(format!("Unknown invitation version \u{201c}{}\u{201d}.", invite.kind)));
        }
        DeviceIdentity::from_secret(&invite.invite_key)?;
        Ok(invite)
    }

    /// The file's text (JSON).
    pub fn to_text(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// The claim of `device` (with its new contributions document) on this invitation.
    pub fn claim(&self, device: &str, contributions: &str) -> Result<InviteClaim> {
        let key = DeviceIdentity::from_secret(&self.invite_key)?;
        let mut c = InviteClaim {
            learner_id: self.learner_id,
            invite: key.did(),
            device: device.to_string(),
            contributions: contributions.to_string(),
            signature: String::new(),
        };
        c.signature = key.sign(&c.payload());
        Ok(c)
    }
}

/// "Device `device`, with contributions document `contributions`, takes the
/// invitation `invite` on `learner_id`", signed with the invite key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteClaim {
    /// The learner.
    pub learner_id: Id,
    /// The invite key's did.
    pub invite: String,
    /// The joining device's own did.
    pub device: String,
    /// The joining device's contributions document.
    pub contributions: String,
    /// By the invite key, base64url.
    pub signature: String,
}

impl InviteClaim {
    fn payload(&self) -> Vec<u8> {
        format!("lp-invite-claim/1\n{}\n{}\n{}\n{}", self.learner_id, self.invite, self.device, self.contributions)
            .into_bytes()
    }

    /// Checks the invite key's signature.
    pub fn verify(&self) -> Result<()> {
        verify(&self.invite, &self.payload(), &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{Access, TeamManifest};

    #[test]
    fn an_invitation_is_claimed_once_and_folded_into_the_manifest() {
        let student = DeviceIdentity::generate();
        let learner = portfolio_domain::new_id();
        let docs = LearnerDocs {
            portfolio: "P".into(),
            team: "T".into(),
            contributions: Default::default(),
            files: Default::default(),
        };
        let (invite, slot) = Invite::new(
            "ws://127.0.0.1:3030/",
            RelayKind::Project,
            learner,
            "Ana Nguyễn",
            AuthorRole::Family,
            "Mamá 👩",
            &student.did(),
            docs.clone(),
        )
        .unwrap();
        let text = invite.to_text().unwrap();
        let read = Invite::parse(&text).unwrap();
        assert_eq!(read, invite);
        assert!(Invite::parse("{\"type\": \"x\"}").is_err());
        assert!(
            Invite::new("ws://x", RelayKind::Plain, learner, "", AuthorRole::Student, "A", "d", docs.clone()).is_err()
        );

        let device = DeviceIdentity::generate();
        let claim = read.claim(&device.did(), "CF").unwrap();
        claim.verify().unwrap();
        let mut forged = claim.clone();
        forged.device = DeviceIdentity::generate().did();
        assert!(forged.verify().is_err(), "the claim binds the device");

        let mut m = TeamManifest {
            learner_id: learner,
            version: 3,
            student: student.did(),
            members: vec![],
            documents: docs,
            issued_at: chrono::Utc::now(),
            invites: vec![slot],
        };
        assert_eq!(m.access_claimed("P", &claim), Access::ReadOnly);
        assert_eq!(m.access_claimed("T", &claim), Access::None, "family role");
        assert_eq!(m.access_claimed("CF", &claim), Access::ReadWrite);
        assert_eq!(m.access("P", &device.did()), Access::None, "not a member until claimed");
        m.accept_claim(&claim).unwrap();
        assert_eq!((m.version, m.invites.len()), (4, 0));
        assert_eq!(m.access("P", &device.did()), Access::ReadOnly);
        assert_eq!(m.access("CF", &device.did()), Access::ReadWrite);
        assert_eq!(m.members[0].name, "Mamá 👩");
        assert!(m.accept_claim(&claim).is_err(), "used once");
        m.sign(&student).unwrap().verify().unwrap();
    }
}
