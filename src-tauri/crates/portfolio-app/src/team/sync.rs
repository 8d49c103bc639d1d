//! One sync round: connect, push local changes, pull remote ones, apply, report.
//!
//! Student's device: the store is the truth for the learner's records; it is
//! mirrored into the portfolio and team documents by `model::placement`
//! (Private entries never written; records deleted or moved are removed),
//! the manifest is published (claims of joined invitations folded in) and
//! written into the portfolio document's root (`lp_team_manifest`) so every
//! member learns the team and its contributions documents.
//!
//! A member's device: the documents are the truth; their records are applied
//! to the store through its rules (periods and plans before what refers to
//! them; a plan never goes back to an earlier revision) and records no longer
//! shared are removed from this replica.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordKind};
use portfolio_store::Store;
use portfolio_sync::automerge::{transaction::Transactable, ReadDoc, ScalarValue, Value, ROOT};
use portfolio_sync::{Placement, RelayKind, RelayLink, SignedManifest, SyncDoc, SyncRepo};
use serde::Serialize;
use ts_rs::TS;

use super::engine::{heard_from_relay, open_doc, pulled};
use super::TeamSettings;
use crate::{ApiError, App, ErrorCode, Result};

/// How long a round waits for the relay's answer.
const CONNECT: Duration = Duration::from_secs(5);
const SETTLE: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(1500);
/// Where the student's device puts the signed manifest in the portfolio document.
const MANIFEST_KEY: &str = "lp_team_manifest";

/// What one round did for one learner.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LearnerSync {
    /// The learner.
    pub learner_id: Id,
    /// The relay.
    pub relay: String,
    /// This device's role.
    pub role: AuthorRole,
    /// Values this device changed in the documents (student) or records it
    /// added, changed or removed in its store (member).
    pub sent: usize,
    /// Records applied to this device's store from the documents.
    pub applied: usize,
    /// Records the relay's documents hold that this store refused, one sentence each.
    pub refused: Vec<String>,
    /// Invitations that were joined and are now members.
    pub joined: Vec<String>,
    /// True when the relay has every local change and this device every
    /// change the relay advertised.
    pub up_to_date: bool,
    /// The documents not confirmed in time ("portfolio", "team",
    /// "contributions of <did>"; empty when up to date).
    pub waiting: Vec<String>,
}

/// A round with every relay.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// One entry per shared learner reached.
    pub learners: Vec<LearnerSync>,
    /// Learners whose relay could not be reached or refused this device,
    /// with the reason (their local changes wait for the next round).
    pub failed: Vec<SyncFailure>,
    /// How long the round took, in milliseconds.
    #[ts(type = "number")]
    pub millis: u64,
}

/// A learner whose round failed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncFailure {
    /// The learner.
    pub learner_id: Id,
    /// Why, in one sentence (the relay's address and reason).
    pub error: ApiError,
}

impl SyncReport {
    /// True when every learner is up to date.
    pub fn up_to_date(&self) -> bool {
        self.failed.is_empty() && self.learners.iter().all(|l| l.up_to_date)
    }
}

impl App {
    /// One sync round with the relay of every shared learner. A relay that
    /// cannot be reached does not stop the others: it is listed in
    /// [`SyncReport::failed`] with the relay's address and reason in one
    /// sentence; local changes stay and go at the next round. Learners on a
    /// relay that could not be reached in this round are not tried again in
    /// it (an advisor's 20 advisees on one school relay cost one timeout,
    /// not 20): they get the same failure.
    pub fn sync(&self) -> Result<SyncReport> {
        let started = Instant::now();
        let rounds = self.engine_slot().1.clone();
        let _one_at_a_time = rounds.lock().unwrap_or_else(|e| e.into_inner());
        self.close_live();
        let all = self.all_team_settings()?;
        let (mut learners, mut failed) = (Vec::new(), Vec::new());
        let mut dead: BTreeMap<String, ApiError> = BTreeMap::new();
        for settings in all.clone() {
            let (id, relay) = (settings.learner_id, settings.relay.clone());
            let result = match dead.get(&relay) {
                Some(e) => {
                    let e = Err(e.clone());
                    self.record_outcome(id, Utc::now(), &e)?;
                    e
                }
                None => self.round_recorded(settings, None),
            };
            match result {
                Ok(r) => learners.push(r),
                Err(error) => {
                    if error.code == ErrorCode::RelayUnreachable {
                        dead.entry(relay).or_insert_with(|| error.clone());
                    }
                    failed.push(SyncFailure { learner_id: id, error })
                }
            }
        }
        let dead: BTreeSet<String> = dead.into_keys().collect();
        self.open_live(&all, &dead)?;
        Ok(SyncReport { learners, failed, millis: started.elapsed().as_millis() as u64 })
    }

    /// One sync round for one learner.
    pub fn sync_one(&self, learner: Id) -> Result<LearnerSync> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        self.sync_fresh(s)
    }

    /// A round for `s`'s learner on a new connection (after the live links
    /// are closed; they open again after it): what publishes a new manifest.
    pub(crate) fn sync_fresh(&self, s: TeamSettings) -> Result<LearnerSync> {
        let rounds = self.engine_slot().1.clone();
        let _one_at_a_time = rounds.lock().unwrap_or_else(|e| e.into_inner());
        self.close_live();
        let relay = s.relay.clone();
        let result = self.round_recorded(s, None);
        let mut dead = BTreeSet::new();
        if matches!(&result, Err(e) if e.code == ErrorCode::RelayUnreachable) {
            dead.insert(relay);
        }
        self.open_live(&self.all_team_settings()?, &dead)?;
        result
    }

    /// One round for `s`'s learner, its outcome recorded for
    /// [`App::sync_status`]; over the live link `live` when one is given.
    pub(crate) fn sync_learner_settings(&self, s: TeamSettings, live: Option<Arc<RelayLink>>) -> Result<LearnerSync> {
        let rounds = self.engine_slot().1.clone();
        let _one_at_a_time = rounds.lock().unwrap_or_else(|e| e.into_inner());
        self.round_recorded(s, live)
    }

    /// [`App::sync_learner_settings`] with the rounds lock held.
    fn round_recorded(&self, s: TeamSettings, live: Option<Arc<RelayLink>>) -> Result<LearnerSync> {
        let (learner, started) = (s.learner_id, Utc::now());
        let result = self.round(s, live);
        self.record_outcome(learner, started, &result)?;
        result
    }

    fn round(&self, mut s: TeamSettings, live: Option<Arc<RelayLink>>) -> Result<LearnerSync> {
        let app = self.clone();
        let report = self.with_engine(move |repo| async move {
            let mut report = LearnerSync {
                learner_id: s.learner_id,
                relay: s.relay.clone(),
                role: s.role,
                sent: 0,
                applied: 0,
                refused: vec![],
                joined: vec![],
                up_to_date: false,
                waiting: vec![],
            };
            let student = s.role == AuthorRole::Student;
            let mut live = live;
            if student {
                // New evidence files change the manifest, which the
                // project's relay hears in the handshake: reconnect.
                if share_files(&repo, &app, &mut s).await? && live.take().is_some() {
                    app.close_live();
                }
                report.sent = mirror(&repo, &app, &s).await?;
                if let Some(m) = &s.manifest {
                    repo.publish_manifest(m.clone());
                }
            }
            // Over the live link when it is up (no handshake, so no news of
            // joined invitations: the full rounds hear those).
            let fresh = live.is_none();
            let mut link = match live {
                Some(l) => l,
                None => Arc::new(connect(&repo, &s).await?),
            };
            if student && fresh {
                if let Some(joined) = fold_claims(&link, &repo, &mut s)? {
                    report.joined = joined;
                    app.save_team_settings(&s)?;
                    link.close();
                    if let Some(m) = s.manifest.clone() {
                        repo.publish_manifest(m);
                    }
                    link = Arc::new(connect(&repo, &s).await?);
                    report.sent += mirror(&repo, &app, &s).await?;
                }
            }
            let mut ids = readable_docs(&s);
            ids.extend(unconfirmed_parts(&s));
            confirm_all(&repo, &link, &mut s, ids, &mut report.waiting).await?;
            if !student {
                // Contributions documents of members who joined since the
                // last round are learned from the manifest and fetched now.
                let known: BTreeSet<String> = s.docs.contributions.values().cloned().collect();
                learn_manifest(&repo, &mut s).await;
                let new: Vec<String> =
                    s.docs.contributions.values().filter(|id| !known.contains(*id)).cloned().collect();
                confirm_all(&repo, &link, &mut s, new, &mut report.waiting).await?;
            }
            if !student {
                let (applied, refused) = apply(&repo, &app, &s).await?;
                report.applied = applied;
                report.refused = refused;
                let (fetched, missing) = fetch_files(&repo, &app, &s).await?;
                report.applied += fetched;
                if missing > 0 {
                    report.waiting.push(if missing == 1 { "1 file".into() } else { format!("{missing} files") });
                }
            }
            if fresh {
                link.close();
            }
            report.up_to_date = report.waiting.is_empty();
            if report.up_to_date {
                s.last_sync = Some(Utc::now());
            }
            app.save_team_settings(&s)?;
            Ok(report)
        })?;
        Ok(report)
    }
}

pub(crate) fn not_shared(learner: Id) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("Learner {learner} is not shared with a team on this device: run `team relay` or `team join` first."),
    )
}

pub(crate) async fn connect(repo: &SyncRepo, s: &TeamSettings) -> Result<RelayLink> {
    let link = repo.connect(&s.relay, s.relay_kind)?;
    if let Err(e) = link.established(CONNECT).await {
        link.close();
        return Err(e.into());
    }
    Ok(link)
}

/// Folds the relay's reports of joined invitations into the manifest;
/// `Some(names)` when it changed.
fn fold_claims(link: &RelayLink, repo: &SyncRepo, s: &mut TeamSettings) -> Result<Option<Vec<String>>> {
    let (Some(welcome), Some(signed)) = (link.welcome(), s.manifest.as_ref()) else { return Ok(None) };
    let mut manifest = signed.manifest.clone();
    let mut names = Vec::new();
    for claim in welcome.joined.iter().filter(|c| c.learner_id == s.learner_id) {
        let name = manifest.invites.iter().find(|m| m.did == claim.invite).map(|m| m.name.clone());
        if let Some(name) = name {
            manifest.accept_claim(claim)?;
            names.push(name);
        }
    }
    if names.is_empty() {
        return Ok(None);
    }
    s.docs = manifest.documents.clone();
    s.manifest = Some(manifest.sign(repo.identity())?);
    Ok(Some(names))
}

/// Confirms each of `ids` with the relay (see [`confirm`]), recording the
/// confirmed heads in `s` and the names of those not confirmed in `waiting`.
async fn confirm_all(
    repo: &SyncRepo,
    link: &RelayLink,
    s: &mut TeamSettings,
    ids: Vec<String>,
    waiting: &mut Vec<String>,
) -> Result<()> {
    let mut checks = Vec::new();
    for id in ids {
        // A member's contributions document not yet on the relay is skipped.
        if let Some(doc) = repo.find(&id).await? {
            let write = written_docs(repo, s).contains(&id);
            checks.push(confirm(repo, link, doc, id, write, s.relay_kind == RelayKind::Plain));
        }
    }
    for (id, ok, heads) in futures::future::join_all(checks).await {
        if ok {
            s.confirmed.insert(id, heads);
        } else {
            waiting.push(doc_name(s, &id));
        }
    }
    Ok(())
}

/// Waits until this device has what the relay advertised for `doc` and,
/// when this device writes it, the relay has every local change. Returns
/// the document id, whether both were confirmed and the local heads.
///
/// The stock relay (automerge-repo) remembers what each device has and
/// sends nothing when neither side has anything new: on a plain relay,
/// silence for [`QUIET`] counts as up to date; once it has spoken, the
/// round waits for it as for the project's relay.
async fn confirm(
    repo: &SyncRepo,
    link: &RelayLink,
    doc: SyncDoc,
    id: String,
    write: bool,
    plain: bool,
) -> (String, bool, Vec<String>) {
    let both = |wait: Duration| {
        let (link, doc, id) = (link, doc.clone(), id.clone());
        async move {
            let mut ok = pulled(repo, &id, wait).await;
            if write {
                ok &= link.wait_synced(&doc, wait).await;
            }
            ok
        }
    };
    let mut ok = both(if plain { QUIET } else { SETTLE }).await;
    if !ok && plain {
        ok = !heard_from_relay(repo, &id).await || both(SETTLE).await;
    }
    let heads = doc.with_doc(|d| d.get_heads().iter().map(|h| h.to_string()).collect()).await.unwrap_or_default();
    (id, ok, heads)
}

fn doc_name(s: &TeamSettings, id: &str) -> String {
    if id == s.docs.portfolio {
        return "portfolio".into();
    }
    if id == s.docs.team {
        return "team".into();
    }
    let who = s.docs.contributions.iter().find(|(_, d)| d.as_str() == id).map(|(did, _)| did.as_str());
    format!("contributions of {}", who.unwrap_or("someone"))
}

pub(crate) fn readable_docs(s: &TeamSettings) -> Vec<String> {
    let mut ids = vec![s.docs.portfolio.clone()];
    if s.role != AuthorRole::Family {
        ids.push(s.docs.team.clone());
    }
    ids.extend(s.docs.contributions.values().cloned());
    ids
}

pub(crate) fn written_docs(repo: &SyncRepo, s: &TeamSettings) -> Vec<String> {
    written_by(&repo.did(), s)
}

/// The documents the device `did` writes for `s`'s learner.
pub(crate) fn written_by(did: &str, s: &TeamSettings) -> Vec<String> {
    let mut ids: Vec<String> = s.docs.contributions.get(did).cloned().into_iter().collect();
    if s.role == AuthorRole::Student {
        ids.extend([s.docs.portfolio.clone(), s.docs.team.clone()]);
        ids.extend(unconfirmed_parts(s));
    }
    ids
}

/// Student: the parts of shared files the relay has not confirmed yet (a
/// part never changes, so once confirmed it is never looked at again; until
/// then each round loads it, which is what offers it to the relay).
fn unconfirmed_parts(s: &TeamSettings) -> Vec<String> {
    if s.role != AuthorRole::Student {
        return Vec::new();
    }
    let parts = s.docs.files.values().flat_map(|f| f.parts.iter());
    parts.filter(|p| !s.confirmed.contains_key(*p)).cloned().collect()
}

/// How long a member's round waits for one part of a file.
const PART_WAIT: Duration = Duration::from_secs(20);

/// Student: makes the files that shared records refer to into part
/// documents (once each, see `portfolio_sync::files`) and lists them in a
/// new manifest, with the family allowed to read those a family-visible
/// record refers to. Files only Private records refer to are never read.
/// True when the manifest changed.
async fn share_files(repo: &SyncRepo, app: &App, s: &mut TeamSettings) -> Result<bool> {
    let Some(signed) = s.manifest.clone() else { return Ok(false) };
    let mut want: BTreeMap<String, bool> = BTreeMap::new();
    for kind in RecordKind::ALL {
        for record in app.store().list(s.learner_id, kind, "")? {
            let family = match portfolio_sync::model::placement(&record) {
                Placement::Portfolio => true,
                Placement::Team => false,
                Placement::NotShared => continue,
            };
            for e in record.referenced_files() {
                *want.entry(e.sha256.clone()).or_insert(family) |= family;
            }
        }
    }
    let mut files = BTreeMap::new();
    for (sha, family) in want {
        if let Some(mut f) = s.docs.files.get(&sha).cloned() {
            f.family = family;
            files.insert(sha, f);
            continue;
        }
        let path = app.media().original_path(&sha);
        let Ok(bytes) = std::fs::read(&path) else { continue }; // not on this device: nothing to send
        files.insert(sha.clone(), repo.share_file(s.learner_id, &sha, &bytes, family).await?);
    }
    if files == s.docs.files {
        return Ok(false);
    }
    let mut manifest = signed.manifest;
    manifest.documents.files = files.clone();
    manifest.version += 1;
    manifest.issued_at = Utc::now();
    s.docs.files = files;
    s.manifest = Some(manifest.sign(repo.identity())?);
    app.save_team_settings(s)?;
    if let Some(m) = &s.manifest {
        repo.publish_manifest(m.clone());
    }
    Ok(true)
}

/// Member: the files this replica's records refer to that are not in its
/// media folder, fetched from their parts, checked and imported. Returns
/// (files imported, files still missing that the manifest lists).
async fn fetch_files(repo: &SyncRepo, app: &App, s: &TeamSettings) -> Result<(usize, usize)> {
    let mut want: BTreeMap<String, String> = BTreeMap::new();
    for kind in RecordKind::ALL {
        for record in app.store().list(s.learner_id, kind, "")? {
            for e in record.referenced_files() {
                if !app.media().original_path(&e.sha256).is_file() {
                    want.entry(e.sha256.clone()).or_insert_with(|| e.name.clone());
                }
            }
        }
    }
    let (mut fetched, mut missing) = (0, 0);
    for (sha, name) in want {
        let Some(file) = s.docs.files.get(&sha) else { continue }; // not shared with this device
        match repo.fetch_file(&sha, file, PART_WAIT).await {
            Ok(Some(bytes)) => {
                let imported = app.media().import_bytes(&name, &bytes)?;
                if imported.sha256 == sha {
                    fetched += 1;
                } else {
                    missing += 1;
                }
            }
            _ => missing += 1,
        }
    }
    Ok((fetched, missing))
}

/// Student: the store's records into the documents; returns values changed.
async fn mirror(repo: &SyncRepo, app: &App, s: &TeamSettings) -> Result<usize> {
    let store = app.store();
    let portfolio = open_doc(repo, &s.docs.portfolio).await?;
    let team = open_doc(repo, &s.docs.team).await?;
    // Same-field edits from another student device: the store's value is
    // written back (the same on every device), the others are noted.
    let mut conflicts: BTreeMap<Id, Vec<portfolio_sync::FieldConflict>> = BTreeMap::new();
    for doc in [&portfolio, &team] {
        for r in doc.records().await?.records.into_iter().filter(|r| !r.conflicts.is_empty()) {
            conflicts.insert(r.record.meta().id, r.conflicts);
        }
    }
    let mut changed = 0;
    let mut kept: BTreeSet<Id> = BTreeSet::new();
    let mut team_ids: BTreeSet<Id> = BTreeSet::new();
    for kind in RecordKind::ALL {
        for record in store.list(s.learner_id, kind, "")? {
            let id = record.meta().id;
            if let Some(c) = conflicts.get(&id) {
                app.note_conflicts(&record, c)?;
            }
            match portfolio_sync::model::placement(&record) {
                Placement::Portfolio => {
                    changed += portfolio.write_record(&record).await?;
                    kept.insert(id);
                }
                Placement::Team => {
                    changed += team.write_record(&record).await?;
                    team_ids.insert(id);
                }
                Placement::NotShared => {}
            }
        }
    }
    for (doc, keep) in [(&portfolio, &kept), (&team, &team_ids)] {
        for r in doc.records().await?.records {
            let id = r.record.meta().id;
            if !keep.contains(&id) && doc.remove_record(id).await? {
                changed += 1;
            }
        }
    }
    if let Some(m) = &s.manifest {
        let text = serde_json::to_string(m).map_err(|e| ApiError::internal(e.to_string()))?;
        let wrote = portfolio
            .with_doc(move |d| {
                let same = matches!(d.get(ROOT, MANIFEST_KEY), Ok(Some((Value::Scalar(v), _)))
                    if matches!(v.as_ref(), ScalarValue::Str(t) if t.as_str() == text));
                if same {
                    return Ok(false);
                }
                d.transact::<_, _, portfolio_sync::automerge::AutomergeError>(|tx| tx.put(ROOT, MANIFEST_KEY, text))
                    .map(|_| true)
                    .map_err(|f| f.error)
            })
            .await?
            .map_err(portfolio_sync::SyncError::from)?;
        changed += wrote as usize;
    }
    Ok(changed)
}

/// Member: reads the student's manifest from the portfolio document and
/// learns the members' contributions documents (only a manifest the
/// student's key signed counts).
async fn learn_manifest(repo: &SyncRepo, s: &mut TeamSettings) {
    let Ok(Some(doc)) = repo.find(&s.docs.portfolio).await else { return };
    let text = doc
        .with_doc(|d| match d.get(ROOT, MANIFEST_KEY) {
            Ok(Some((Value::Scalar(v), _))) => match v.as_ref() {
                ScalarValue::Str(t) => Some(t.to_string()),
                _ => None,
            },
            _ => None,
        })
        .await
        .ok()
        .flatten();
    let Some(m) = text.and_then(|t| serde_json::from_str::<SignedManifest>(&t).ok()) else { return };
    if m.verify().is_err() || m.manifest.student != s.student || m.manifest.learner_id != s.learner_id {
        return;
    }
    if s.manifest.as_ref().is_some_and(|old| old.manifest.version > m.manifest.version) {
        return;
    }
    for (did, id) in &m.manifest.documents.contributions {
        s.docs.contributions.insert(did.clone(), id.clone());
    }
    s.docs.files = m.manifest.documents.files.clone();
    s.manifest = Some(m);
}

/// Order in which kinds are applied: what others refer to first.
fn rank(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Period => 0,
        RecordKind::Plan => 1,
        RecordKind::Exhibition => 2,
        _ => 3,
    }
}

/// Member: the documents' records into the store. Returns (records added,
/// changed or removed; refusals).
async fn apply(repo: &SyncRepo, app: &App, s: &TeamSettings) -> Result<(usize, Vec<String>)> {
    let store = app.store();
    let mut incoming: Vec<AnyRecord> = Vec::new();
    let mut docs = vec![s.docs.portfolio.clone()];
    if s.role != AuthorRole::Family {
        docs.push(s.docs.team.clone());
    }
    for id in docs {
        if let Some(doc) = repo.find(&id).await? {
            for r in doc.records().await?.records {
                if !r.conflicts.is_empty() && r.record.meta().learner_id == s.learner_id {
                    app.note_conflicts(&r.record, &r.conflicts)?;
                }
                incoming.push(r.record);
            }
        }
    }
    incoming.retain(|r| r.meta().learner_id == s.learner_id);
    incoming.sort_by_key(|r| rank(r.kind()));
    let (mut applied, mut refused) = (0, Vec::new());
    let ids: BTreeSet<Id> = incoming.iter().map(|r| r.meta().id).collect();
    for record in &incoming {
        match apply_one(store, record) {
            Ok(true) => applied += 1,
            Ok(false) => {}
            Err(e) => refused.push(format!("{} {}: {}", record.kind().as_str(), record.meta().id, e.message)),
        }
    }
    for kind in RecordKind::ALL {
        for old in store.list(s.learner_id, kind, "")? {
            if !ids.contains(&old.meta().id) {
                store.delete(kind, old.meta().id)?;
                applied += 1;
            }
        }
    }
    Ok((applied, refused))
}

fn apply_one(store: &Store, record: &AnyRecord) -> Result<bool> {
    let old = store.get(record.kind(), record.meta().id).ok();
    if old.as_ref() == Some(record) {
        return Ok(false);
    }
    if let (Some(AnyRecord::Plan(old)), AnyRecord::Plan(new)) = (&old, record) {
        if new.data.revision < old.data.revision {
            return Err(ApiError::invalid(format!(
                "the plan arrived at revision {} but revision {} is already here; a plan never goes back.",
                new.data.revision, old.data.revision
            )));
        }
    }
    store.restore(record)?;
    Ok(true)
}
