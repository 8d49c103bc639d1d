//! A learner's team as the relay sees it: a manifest signed by the
//! student's device key, listing the members' device keys and roles and the
//! learner's documents.
//!
//! The project's relay stores the newest manifest per learner. The first
//! manifest for a learner id binds that learner to its signer (trust on
//! first use); later ones must be signed by the same key and carry a higher
//! `version`. [`TeamManifest::access`] is the share policy both the relay and
//! the app apply:
//!
//! | document | student devices | advisor, mentor | family | anyone else |
//! |---|---|---|---|---|
//! | portfolio | read-write | read-only | read-only | none |
//! | team | read-write | read-only | none | none |
//! | a member's contributions | read-only, read-write for its author | same | same | none |
//! | a part of a family-visible file | read-write | read-only | read-only | none |
//! | a part of a team-only file | read-write | read-only | none | none |
//!
//! An open invitation (`invites`, see [`crate::invite`]) gives the device that
//! claimed it the invitation's role, and read-write on the contributions
//! document named in its claim ([`TeamManifest::access_claimed`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use portfolio_domain::{AuthorRole, Id};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SyncError};
use crate::identity::{verify, DeviceIdentity};
use crate::signing::canonical_json;

/// The ids of a learner's shared documents (samod document ids, base58).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LearnerDocs {
    /// The portfolio document.
    pub portfolio: String,
    /// The learning-team document.
    pub team: String,
    /// Each member's contributions document, by their `did:key`.
    #[serde(default)]
    pub contributions: BTreeMap<String, String>,
    /// Evidence files shared with the team, by SHA-256 (see [`crate::files`]).
    /// Left out of the JSON when empty, so manifests signed before files
    /// travelled keep their signatures.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, crate::files::SharedFile>,
}

/// One person's device on the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "TeamDevice")]
pub struct Member {
    /// Their device key.
    pub did: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: AuthorRole,
}

/// What a device may do with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Receive and send changes.
    ReadWrite,
    /// Receive changes; changes it sends are ignored.
    ReadOnly,
    /// Nothing.
    None,
}

/// A learner's team and documents, as signed by the student's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct TeamManifest {
    /// The learner.
    pub learner_id: Id,
    /// Increases with every change.
    #[ts(type = "number")]
    pub version: u64,
    /// The student's device key that signs this manifest.
    pub student: String,
    /// Everyone else (and the student's other devices, role `student`).
    pub members: Vec<Member>,
    /// The documents.
    pub documents: LearnerDocs,
    /// When it was signed.
    pub issued_at: DateTime<Utc>,
    /// Invitations not yet joined: each `did` is a one-time invite key
    /// (see [`crate::invite`]); a device that claims one gets its role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invites: Vec<Member>,
}

/// A manifest with the student's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SignedManifest {
    /// The manifest.
    pub manifest: TeamManifest,
    /// Ed25519 by `manifest.student` over its canonical JSON, base64url.
    pub signature: String,
}

impl TeamManifest {
    fn payload(&self) -> Result<Vec<u8>> {
        let mut v = serde_json::to_value(self)?;
        v["type"] = "lp-team-manifest/1".into();
        Ok(canonical_json(&v).into_bytes())
    }

    /// Signs the manifest with the student's device key (which must be `self.student`).
    pub fn sign(self, student: &DeviceIdentity) -> Result<SignedManifest> {
        if student.did() != self.student {
            return Err(SyncError::BadSignature("only the student's own device signs the team manifest".into()));
        }
        let signature = student.sign(&self.payload()?);
        Ok(SignedManifest { manifest: self, signature })
    }

    /// The role of a device on this team (`None` for strangers).
    pub fn role_of(&self, did: &str) -> Option<AuthorRole> {
        if did == self.student {
            return Some(AuthorRole::Student);
        }
        self.members.iter().find(|m| m.did == did).map(|m| m.role)
    }

    /// The share rule (see the module table) for `doc_id` and the device `did`.
    pub fn access(&self, doc_id: &str, did: &str) -> Access {
        let Some(role) = self.role_of(did) else { return Access::None };
        self.access_for(doc_id, did, role)
    }

    /// The share rule for a device that claimed the invitation `claim`
    /// (its own contributions document is read-write for it).
    pub fn access_claimed(&self, doc_id: &str, claim: &crate::invite::InviteClaim) -> Access {
        let Some(slot) = self.invites.iter().find(|m| m.did == claim.invite) else { return Access::None };
        if doc_id == claim.contributions {
            return Access::ReadWrite;
        }
        self.access_for(doc_id, &claim.device, slot.role)
    }

    fn access_for(&self, doc_id: &str, did: &str, role: AuthorRole) -> Access {
        let d = &self.documents;
        if doc_id == d.portfolio {
            return if role == AuthorRole::Student { Access::ReadWrite } else { Access::ReadOnly };
        }
        if doc_id == d.team {
            return match role {
                AuthorRole::Student => Access::ReadWrite,
                AuthorRole::Advisor | AuthorRole::Mentor => Access::ReadOnly,
                AuthorRole::Family => Access::None,
            };
        }
        if let Some((author, _)) = d.contributions.iter().find(|(_, id)| id.as_str() == doc_id) {
            return if author == did { Access::ReadWrite } else { Access::ReadOnly };
        }
        match d.files.values().find(|f| f.parts.iter().any(|p| p == doc_id)) {
            Some(_) if role == AuthorRole::Student => Access::ReadWrite,
            Some(f) if f.family || role != AuthorRole::Family => Access::ReadOnly,
            _ => Access::None,
        }
    }

    /// Folds a joined invitation into the next version: the invite slot
    /// becomes a member with the device's key and its contributions document.
    pub fn accept_claim(&mut self, claim: &crate::invite::InviteClaim) -> Result<()> {
        claim.verify()?;
        let Some(at) = self.invites.iter().position(|m| m.did == claim.invite) else {
            return Err(SyncError::NotShared("This invitation is not open on this team.".into()));
        };
        let slot = self.invites.remove(at);
        self.members.retain(|m| m.did != claim.device);
        self.members.push(Member { did: claim.device.clone(), name: slot.name, role: slot.role });
        self.documents.contributions.insert(claim.device.clone(), claim.contributions.clone());
        self.version += 1;
        self.issued_at = Utc::now();
        Ok(())
    }

    /// Every document id the manifest names.
    pub fn document_ids(&self) -> Vec<&str> {
        let d = &self.documents;
        let mut out = vec![d.portfolio.as_str(), d.team.as_str()];
        out.extend(d.contributions.values().map(|s| s.as_str()));
        out.extend(d.files.values().flat_map(|f| f.parts.iter().map(|s| s.as_str())));
        out
    }
}

impl SignedManifest {
    /// Checks the student's signature.
    pub fn verify(&self) -> Result<()> {
        verify(&self.manifest.student, &self.manifest.payload()?, &self.signature)
    }

    /// Checks that `self` may replace `previous` (same learner, same signer, newer version).
    pub fn may_replace(&self, previous: &SignedManifest) -> Result<()> {
        self.verify()?;
        let (new, old) = (&self.manifest, &previous.manifest);
        if new.learner_id != old.learner_id {
            return Err(SyncError::BadSignature("the manifest is about another learner".into()));
        }
        if new.student != old.student {
            return Err(SyncError::BadSignature(format!(
                "this learner's team is signed by {}, not by {}",
                old.student, new.student
            )));
        }
        if new.version < old.version {
            return Err(SyncError::BadSignature(format!(
                "version {} is older than the relay's version {}",
                new.version, old.version
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(student: &DeviceIdentity, advisor: &str, family: &str) -> TeamManifest {
        TeamManifest {
            learner_id: portfolio_domain::new_id(),
            version: 1,
            student: student.did(),
            members: vec![
                Member { did: advisor.into(), name: "Dr. Rahman".into(), role: AuthorRole::Advisor },
                Member { did: family.into(), name: "Mẹ của Ana".into(), role: AuthorRole::Family },
            ],
            documents: LearnerDocs {
                portfolio: "P".into(),
                team: "T".into(),
                contributions: [
                    (student.did(), "CS".into()),
                    (advisor.into(), "CA".into()),
                    (family.into(), "CF".into()),
                ]
                .into_iter()
                .collect(),
                files: [
                    ("a".repeat(64), crate::SharedFile { parts: vec!["FF".into()], size: 1, family: true }),
                    ("b".repeat(64), crate::SharedFile { parts: vec!["FT".into()], size: 1, family: false }),
                ]
                .into_iter()
                .collect(),
            },
            issued_at: Utc::now(),
            invites: vec![],
        }
    }

    #[test]
    fn access_follows_roles() {
        let s = DeviceIdentity::generate();
        let (a, f, x) = ("did:key:z6MkA", "did:key:z6MkF", "did:key:z6MkX");
        let m = manifest(&s, a, f);
        let sd = s.did();
        let table = [
            ("P", sd.as_str(), Access::ReadWrite),
            ("P", a, Access::ReadOnly),
            ("P", f, Access::ReadOnly),
            ("P", x, Access::None),
            ("T", sd.as_str(), Access::ReadWrite),
            ("T", a, Access::ReadOnly),
            ("T", f, Access::None),
            ("CA", a, Access::ReadWrite),
            ("CA", sd.as_str(), Access::ReadOnly),
            ("CA", f, Access::ReadOnly),
            ("CF", f, Access::ReadWrite),
            ("CF", x, Access::None),
            ("unknown", sd.as_str(), Access::None),
            ("FF", sd.as_str(), Access::ReadWrite),
            ("FF", a, Access::ReadOnly),
            ("FF", f, Access::ReadOnly),
            ("FF", x, Access::None),
            ("FT", sd.as_str(), Access::ReadWrite),
            ("FT", a, Access::ReadOnly),
            ("FT", f, Access::None),
            ("FT", x, Access::None),
        ];
        for (doc, did, want) in table {
            assert_eq!(m.access(doc, did), want, "{doc} {did}");
        }
        assert_eq!(m.document_ids().len(), 7);
    }

    #[test]
    fn manifests_are_signed_by_the_student_and_replaced_only_by_newer_ones() {
        let s = DeviceIdentity::generate();
        let m = manifest(&s, "did:key:z6MkA", "did:key:z6MkF");
        let signed = m.clone().sign(&s).unwrap();
        signed.verify().unwrap();
        let mut tampered = signed.clone();
        tampered.manifest.members[1].role = AuthorRole::Student;
        assert!(tampered.verify().is_err(), "family cannot promote itself");
        assert!(m.clone().sign(&DeviceIdentity::generate()).is_err());

        let mut v2 = m.clone();
        v2.version = 2;
        v2.members.pop();
        let v2 = v2.sign(&s).unwrap();
        v2.may_replace(&signed).unwrap();
        assert!(signed.may_replace(&v2).unwrap_err().to_string().contains("older"));

        let thief = DeviceIdentity::generate();
        let mut stolen = m.clone();
        stolen.student = thief.did();
        stolen.version = 9;
        let stolen = stolen.sign(&thief).unwrap();
        assert!(stolen.may_replace(&signed).unwrap_err().to_string().contains("signed by"));
    }
}
