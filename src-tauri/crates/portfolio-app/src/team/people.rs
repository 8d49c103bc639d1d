//! The team: choosing the relay, inviting, joining, who is on it, comments.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use portfolio_domain::{AuthorRole, Id, Learner, LearnerProfile};
use portfolio_sync::{Invite, Member, RelayKind, TeamManifest};
use serde::Serialize;
use ts_rs::TS;

use super::engine::pulled;
use super::sync::not_shared;
use super::TeamSettings;
use crate::files::read_capped;
use crate::{ApiError, App, Result};

/// Invite files are small; anything bigger is not one.
const MAX_INVITE_BYTES: u64 = 1 << 20;
const JOIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A learner's team as this device knows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamView {
    /// The learner.
    pub learner_id: Id,
    /// The relay.
    pub relay: String,
    /// Which kind of relay.
    pub relay_kind: RelayKind,
    /// This device's key.
    pub device: String,
    /// This device's role.
    pub role: AuthorRole,
    /// Everyone on the team, the student first (name, role, device key).
    pub members: Vec<Member>,
    /// Invitations not joined yet.
    pub invites: Vec<Member>,
    /// The learner's shared documents (contributions documents of every member known here).
    pub documents: portfolio_sync::LearnerDocs,
    /// The manifest version known here (0: none yet).
    #[ts(type = "number")]
    pub version: u64,
    /// When this device last completed a sync round.
    pub last_sync: Option<DateTime<Utc>>,
}

/// What `team invite` made.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InviteOutcome {
    /// The invitation (its file's content; the key in it is a secret until used).
    #[serde(skip)]
    #[ts(skip)]
    pub invite: Invite,
    /// The invited person's name.
    pub name: String,
    /// Their role.
    pub role: AuthorRole,
    /// True when the relay already has the invitation (a sync round ran).
    pub published: bool,
    /// Why it was not published yet, in a sentence.
    pub note: Option<String>,
    /// The invitation as text (what the file holds), to copy into a message
    /// the invited person pastes into their app.
    pub text: String,
}

pub(crate) fn display_name(l: &Learner) -> String {
    let p = &l.profile;
    if p.preferred_name.trim().is_empty() {
        p.name.clone()
    } else {
        p.preferred_name.clone()
    }
}

impl App {
    /// Shares `learner` through the relay at `url` (the student's device:
    /// creates the learner's documents and the first team manifest), or
    /// points an existing team at a new relay address.
    pub fn set_team_relay(&self, learner: Id, url: &str, kind: RelayKind) -> Result<TeamSettings> {
        let url = url.trim();
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(portfolio_sync::SyncError::BadUrl(url.to_string()).into());
        }
        if let Some(mut s) = self.team_settings(learner)? {
            s.relay = url.to_string();
            s.relay_kind = kind;
            self.save_team_settings(&s)?;
            return Ok(s);
        }
        let l = self.store().learner(learner)?;
        let did = self.device_did()?;
        let docs = self.with_engine(move |repo| async move { Ok(repo.create_learner_docs(learner).await?) })?;
        let manifest = TeamManifest {
            learner_id: learner,
            version: 1,
            student: did.clone(),
            members: vec![],
            documents: docs.clone(),
            issued_at: Utc::now(),
            invites: vec![],
        };
        let s = TeamSettings {
            learner_id: learner,
            relay: url.to_string(),
            relay_kind: kind,
            role: AuthorRole::Student,
            name: display_name(&l),
            student: did,
            docs,
            manifest: Some(manifest.sign(&self.device_identity()?)?),
            last_sync: None,
            confirmed: Default::default(),
            outcome: Default::default(),
        };
        self.save_team_settings(&s)?;
        Ok(s)
    }

    /// Invites a person (advisor, family or mentor) onto `learner`'s team
    /// and writes the invite file to `out`; then runs a sync round so the
    /// relay knows the invitation (if the relay is unreachable the file is
    /// still written and the invitation goes at the next sync).
    pub fn invite_to_file(&self, learner: Id, role: AuthorRole, name: &str, out: &Path) -> Result<InviteOutcome> {
        self.make_invite(learner, role, name, Some(out))
    }

    /// [`App::invite_to_file`] without a file: the invitation is only in the
    /// outcome's `text` (to copy into a message).
    pub fn invite(&self, learner: Id, role: AuthorRole, name: &str) -> Result<InviteOutcome> {
        self.make_invite(learner, role, name, None)
    }

    fn make_invite(&self, learner: Id, role: AuthorRole, name: &str, out: Option<&Path>) -> Result<InviteOutcome> {
        let mut s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let Some(signed) = s.manifest.clone().filter(|_| s.role == AuthorRole::Student) else {
            return Err(ApiError::invalid("Only the student's own device invites people onto the team."));
        };
        let l = self.store().learner(learner)?;
        let (invite, slot) =
            Invite::new(&s.relay, s.relay_kind, learner, &l.profile.name, role, name, &s.student, s.docs.clone())?;
        let mut manifest = signed.manifest;
        manifest.invites.push(slot);
        manifest.version += 1;
        manifest.issued_at = Utc::now();
        s.manifest = Some(manifest.sign(&self.device_identity()?)?);
        self.save_team_settings(&s)?;
        let text = invite.to_text()?;
        if let Some(out) = out {
            crate::files::write(out, text.as_bytes())?;
        }
        let (published, note) = match self.sync_fresh(s) {
            Ok(_) => (true, None),
            Err(e) => (false, Some(format!("{} The invitation goes to the relay at the next sync.", e.message))),
        };
        Ok(InviteOutcome { name: invite.name.clone(), role, invite, published, note, text })
    }

    /// Joins the team of the invite file at `path`: claims the invitation at
    /// its relay, adds the learner to this device and receives their
    /// portfolio. Returns the learner.
    pub fn join_team_file(&self, path: &Path) -> Result<Learner> {
        let bytes = read_capped(path, MAX_INVITE_BYTES)?;
        let text =
            String::from_utf8(bytes).map_err(|_| ApiError::invalid("This is not a Learner Portfolio invitation."))?;
        self.join_team(&text)
    }

    /// [`App::join_team_file`] with the file's text.
    pub fn join_team(&self, text: &str) -> Result<Learner> {
        let invite = Invite::parse(text)?;
        let learner = invite.learner_id;
        if self.team_settings(learner)?.is_some() {
            return Err(ApiError::invalid(format!(
                "This device is already on {}'s team; run sync to catch up.",
                invite.learner_name
            )));
        }
        if self.store().learner(learner).is_ok() {
            return Err(ApiError::invalid(format!(
                "{}'s portfolio is already on this device (it is the student's own?); an invitation is for another person's device.",
                invite.learner_name
            )));
        }
        let inv = invite.clone();
        let docs = self.with_engine(move |repo| async move {
            let (link, docs) = repo.join(&inv, JOIN_TIMEOUT).await?;
            let _ = pulled(&repo, &docs.portfolio, JOIN_TIMEOUT).await;
            link.close();
            Ok(docs)
        })?;
        let now = Utc::now();
        let name =
            if invite.learner_name.trim().is_empty() { "Learner".to_string() } else { invite.learner_name.clone() };
        let l =
            Learner { id: learner, created: now, updated: now, profile: LearnerProfile { name, ..Default::default() } };
        self.store().put_learner(&l)?;
        let s = TeamSettings {
            learner_id: learner,
            relay: invite.relay.clone(),
            relay_kind: invite.relay_kind,
            role: invite.role,
            name: invite.name.clone(),
            student: invite.student.clone(),
            docs,
            manifest: None,
            last_sync: None,
            confirmed: Default::default(),
            outcome: Default::default(),
        };
        self.save_team_settings(&s)?;
        self.sync_fresh(s)?;
        Ok(self.store().learner(learner)?)
    }

    /// [`App::team`], or `None` when `learner` is not shared on this device.
    pub fn team_if_shared(&self, learner: Id) -> Result<Option<TeamView>> {
        match self.team_settings(learner)? {
            Some(_) => self.team(learner).map(Some),
            None => Ok(None),
        }
    }

    /// The team of `learner` as this device knows it.
    pub fn team(&self, learner: Id) -> Result<TeamView> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let student_name = match self.store().learner(learner) {
            Ok(l) => display_name(&l),
            Err(_) => String::new(),
        };
        let mut members = vec![Member { did: s.student.clone(), name: student_name, role: AuthorRole::Student }];
        let (mut invites, mut version) = (vec![], 0);
        if let Some(m) = &s.manifest {
            members.extend(m.manifest.members.iter().cloned());
            invites = m.manifest.invites.clone();
            version = m.manifest.version;
        }
        let device = self.device_did()?;
        if !members.iter().any(|m| m.did == device) {
            members.push(Member { did: device.clone(), name: s.name.clone(), role: s.role });
        }
        Ok(TeamView {
            learner_id: learner,
            relay: s.relay,
            relay_kind: s.relay_kind,
            device,
            role: s.role,
            members,
            invites,
            documents: s.docs,
            version,
            last_sync: s.last_sync,
        })
    }
}
