//! The teams the relay knows: the newest signed manifest of each learner,
//! kept as `<data dir>/teams/<learner id>.json`, and the share policy samod
//! asks for every (document, peer) pair.
//!
//! How the relay learns membership: the student's device publishes its
//! [`SignedManifest`] in the connection handshake ([`portfolio_sync::auth`]).
//! The first manifest for a learner id binds that learner to its signing key
//! (trust on first use: a school that wants to vouch for the binding puts the
//! file into `teams/` before the student connects); later ones must be
//! signed by the same key and not be older. Decisions update live: when a
//! manifest changes, every open (document, peer) subscription gets the new
//! decision, so a removed person stops receiving changes at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use futures::Stream;
use portfolio_domain::Id;
use portfolio_sync::auth::ManifestReceipt;
use portfolio_sync::{Access, InviteClaim, SignedManifest};
use samod::{DocumentId, PeerId, ShareConfig};
use tokio::sync::watch;

use crate::error::RelayError;

#[derive(Default)]
struct State {
    by_learner: HashMap<Id, SignedManifest>,
    by_doc: HashMap<String, Id>,
    /// Open invitations taken by a device, not yet folded into a manifest.
    claims: HashMap<Id, Vec<InviteClaim>>,
}

/// The relay's teams and share policy (cheap to clone).
#[derive(Clone)]
pub struct Teams {
    dir: PathBuf,
    state: Arc<RwLock<State>>,
    changed: watch::Sender<u64>,
}

impl Teams {
    /// Loads every team file in `dir` (created if missing).
    pub fn load(dir: &Path) -> Result<Teams, RelayError> {
        let bad = |reason: String| RelayError::DataDir { path: dir.to_path_buf(), reason };
        std::fs::create_dir_all(dir).map_err(|e| bad(e.to_string()))?;
        let mut state = State::default();
        for entry in std::fs::read_dir(dir).map_err(|e| bad(e.to_string()))?.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if !name.ends_with(".json") {
                continue;
            }
            let damaged = |reason: String| RelayError::TeamFile { path: path.clone(), reason };
            let text = std::fs::read_to_string(&path).map_err(|e| damaged(e.to_string()))?;
            if name.ends_with(".claims.json") {
                let claims: Vec<InviteClaim> = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
                for c in &claims {
                    c.verify().map_err(|e| damaged(e.to_string()))?;
                }
                if let Some(first) = claims.first() {
                    state.claims.insert(first.learner_id, claims);
                }
                continue;
            }
            let m: SignedManifest = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
            m.verify().map_err(|e| damaged(e.to_string()))?;
            index(&mut state, m);
        }
        let learners: Vec<Id> = state.by_learner.keys().copied().collect();
        for l in learners {
            index_claims(&mut state, l);
        }
        let (changed, _) = watch::channel(0);
        Ok(Teams { dir: dir.to_path_buf(), state: Arc::new(RwLock::new(state)), changed })
    }

    /// Accepts `manifest` from the authenticated device `from` if it is that
    /// device's own, validly signed, and may replace the stored one.
    pub fn publish(&self, manifest: SignedManifest, from: &str) -> ManifestReceipt {
        let learner_id = manifest.manifest.learner_id;
        let refuse = |reason: String| ManifestReceipt { learner_id, accepted: false, reason };
        if manifest.manifest.student != from {
            return refuse("A device publishes only the team manifests it signed itself.".into());
        }
        if let Err(e) = manifest.verify() {
            return refuse(e.to_string());
        }
        let mut state = match self.state.write() {
            Ok(s) => s,
            Err(_) => return refuse("The relay's team list is unavailable.".into()),
        };
        if let Some(old) = state.by_learner.get(&learner_id) {
            if old == &manifest {
                return ManifestReceipt { learner_id, accepted: true, reason: String::new() };
            }
            if let Err(e) = manifest.may_replace(old) {
                return refuse(e.to_string());
            }
        }
        for doc in manifest.manifest.document_ids() {
            if let Some(owner) = state.by_doc.get(doc) {
                if *owner != learner_id {
                    return refuse(format!("Document {doc} already belongs to another learner on this relay."));
                }
            }
        }
        if let Err(e) = self.save(&manifest) {
            return refuse(format!("The relay could not save the team: {e}"));
        }
        index(&mut state, manifest);
        // Claims the student folded in (or withdrew) are closed.
        let open: Vec<String> = state.by_learner[&learner_id].manifest.invites.iter().map(|m| m.did.clone()).collect();
        if let Some(claims) = state.claims.get_mut(&learner_id) {
            claims.retain(|c| open.contains(&c.invite));
        }
        let _ = self.save_claims(&state, learner_id);
        index_claims(&mut state, learner_id);
        drop(state);
        self.changed.send_modify(|v| *v += 1);
        ManifestReceipt { learner_id, accepted: true, reason: String::new() }
    }

    /// Accepts the authenticated device `from` taking an open invitation.
    pub fn claim(&self, claim: InviteClaim, from: &str) -> ManifestReceipt {
        let learner_id = claim.learner_id;
        let refuse = |reason: &str| ManifestReceipt { learner_id, accepted: false, reason: reason.to_string() };
        if claim.device != from {
            return refuse("A device claims invitations only for itself.");
        }
        if claim.verify().is_err() {
            return refuse("The invitation claim is not signed by the invitation's key.");
        }
        let Ok(mut state) = self.state.write() else { return refuse("The relay's team list is unavailable.") };
        let Some(m) = state.by_learner.get(&learner_id) else {
            return refuse("This relay does not know the learner's team yet; ask the student to sync first.");
        };
        if m.manifest.role_of(from).is_some() {
            return ManifestReceipt { learner_id, accepted: true, reason: String::new() };
        }
        if !m.manifest.invites.iter().any(|i| i.did == claim.invite) {
            return refuse("This invitation is not open (already used or withdrawn).");
        }
        let claims = state.claims.entry(learner_id).or_default();
        if let Some(old) = claims.iter().find(|c| c.invite == claim.invite) {
            return if old == &claim {
                ManifestReceipt { learner_id, accepted: true, reason: String::new() }
            } else {
                refuse("This invitation was already used by another device.")
            };
        }
        if state.by_doc.contains_key(&claim.contributions) {
            return refuse("The joining device's contributions document is already in use.");
        }
        state.claims.entry(learner_id).or_default().push(claim);
        if let Err(e) = self.save_claims(&state, learner_id) {
            return refuse(&format!("The relay could not save the claim: {e}"));
        }
        index_claims(&mut state, learner_id);
        drop(state);
        self.changed.send_modify(|v| *v += 1);
        ManifestReceipt { learner_id, accepted: true, reason: String::new() }
    }

    /// Open claims on the teams `student` signs (for its app to fold in).
    pub fn joined_for(&self, student: &str) -> Vec<InviteClaim> {
        let Ok(state) = self.state.read() else { return Vec::new() };
        state
            .by_learner
            .iter()
            .filter(|(_, m)| m.manifest.student == student)
            .flat_map(|(l, _)| state.claims.get(l).cloned().unwrap_or_default())
            .collect()
    }

    fn save_claims(&self, state: &State, learner: Id) -> std::io::Result<()> {
        let path = self.dir.join(format!("{learner}.claims.json"));
        match state.claims.get(&learner).filter(|c| !c.is_empty()) {
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            Some(claims) => {
                let tmp = path.with_extension("tmp");
                std::fs::write(&tmp, serde_json::to_vec_pretty(claims)?)?;
                std::fs::rename(tmp, path)
            }
        }
    }

    fn save(&self, m: &SignedManifest) -> std::io::Result<()> {
        let path = self.dir.join(format!("{}.json", m.manifest.learner_id));
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(m)?)?;
        std::fs::rename(tmp, path)
    }

    /// What `peer` may do with `doc` now.
    pub fn access(&self, doc: &str, peer: &str) -> Access {
        let Ok(state) = self.state.read() else { return Access::None };
        let Some(learner) = state.by_doc.get(doc) else { return Access::None };
        let Some(m) = state.by_learner.get(learner).map(|m| &m.manifest) else { return Access::None };
        let direct = m.access(doc, peer);
        if direct != Access::None {
            return direct;
        }
        let claims = state.claims.get(learner).map(Vec::as_slice).unwrap_or_default();
        let claimant = claims.iter().any(|c| c.device == peer);
        for c in claims {
            if c.device == peer {
                let a = m.access_claimed(doc, c);
                if a != Access::None {
                    return a;
                }
            } else if c.contributions == doc && (claimant || m.role_of(peer).is_some()) {
                return Access::ReadOnly;
            }
        }
        Access::None
    }

    /// samod's share policy: the current decision, then one per change.
    pub fn share(&self, doc: DocumentId, peer: PeerId) -> impl Stream<Item = ShareConfig> + Send + 'static {
        let teams = self.clone();
        let rx = self.changed.subscribe();
        let (doc, peer) = (doc.to_string(), peer.to_string());
        futures::stream::unfold((rx, true), move |(mut rx, first)| {
            let teams = teams.clone();
            let (doc, peer) = (doc.clone(), peer.clone());
            async move {
                if !first && rx.changed().await.is_err() {
                    return None;
                }
                let config = match teams.access(&doc, &peer) {
                    Access::ReadWrite => ShareConfig::read_write().with_announce(false),
                    Access::ReadOnly => ShareConfig::read_only().with_announce(false),
                    Access::None => ShareConfig::none(),
                };
                Some((config, (rx, false)))
            }
        })
    }
}

fn index_claims(state: &mut State, learner: Id) {
    let docs: Vec<String> = state.claims.get(&learner).into_iter().flatten().map(|c| c.contributions.clone()).collect();
    for d in docs {
        state.by_doc.entry(d).or_insert(learner);
    }
}

fn index(state: &mut State, m: SignedManifest) {
    let learner = m.manifest.learner_id;
    state.by_doc.retain(|_, l| *l != learner);
    for doc in m.manifest.document_ids() {
        state.by_doc.insert(doc.to_string(), learner);
    }
    state.by_learner.insert(learner, m);
}

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::AuthorRole;
    use portfolio_sync::{DeviceIdentity, LearnerDocs, Member, TeamManifest};

    fn manifest(student: &DeviceIdentity, learner: Id, version: u64, docs: (&str, &str)) -> SignedManifest {
        TeamManifest {
            learner_id: learner,
            version,
            student: student.did(),
            members: vec![Member { did: "did:key:z6MkFam".into(), name: "Familia".into(), role: AuthorRole::Family }],
            documents: LearnerDocs {
                portfolio: docs.0.into(),
                team: docs.1.into(),
                contributions: Default::default(),
                files: Default::default(),
            },
            issued_at: chrono::Utc::now(),
            invites: vec![],
        }
        .sign(student)
        .unwrap()
    }

    #[test]
    fn manifests_are_kept_checked_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let teams = Teams::load(dir.path()).unwrap();
        let (s, l) = (DeviceIdentity::generate(), portfolio_domain::new_id());
        let m1 = manifest(&s, l, 1, ("P1", "T1"));
        assert!(!teams.publish(m1.clone(), "did:key:z6MkOther").accepted, "only its signer publishes it");
        assert!(teams.publish(m1.clone(), &s.did()).accepted);
        assert_eq!(teams.access("P1", "did:key:z6MkFam"), Access::ReadOnly);
        assert_eq!(teams.access("T1", "did:key:z6MkFam"), Access::None);
        assert_eq!(teams.access("P1", &s.did()), Access::ReadWrite);

        let rx = teams.changed.subscribe();
        let m2 = manifest(&s, l, 2, ("P1", "T2"));
        assert!(teams.publish(m2, &s.did()).accepted);
        assert!(rx.has_changed().unwrap(), "open subscriptions hear about it");
        assert_eq!(teams.access("T1", &s.did()), Access::None, "old document ids are forgotten");
        let old = teams.publish(m1, &s.did());
        assert!(!old.accepted && old.reason.contains("older"), "{old:?}");

        let (other, l2) = (DeviceIdentity::generate(), portfolio_domain::new_id());
        let clash = teams.publish(manifest(&other, l2, 1, ("P1", "X")), &other.did());
        assert!(!clash.accepted && clash.reason.contains("another learner"), "{clash:?}");

        let reloaded = Teams::load(dir.path()).unwrap();
        assert_eq!(reloaded.access("T2", &s.did()), Access::ReadWrite);
        std::fs::write(dir.path().join("broken.json"), "{ no").unwrap();
        assert!(Teams::load(dir.path()).err().unwrap().to_string().contains("broken.json"));
    }
}
