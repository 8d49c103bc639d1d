//! The running sync engine: a samod repo over a sled tree, its relay
//! connections and the learner's documents.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use automerge::Automerge;
use futures::StreamExt;
use portfolio_domain::{AnyRecord, Id};
use samod::{BackoffConfig, DocHandle, DocumentId, PeerId, Repo, Url};

use crate::contributions::{self, Comment, HoursConfirmation};
use crate::error::{Result, SyncError};
use crate::files::{self, SharedFile};
use crate::identity::DeviceIdentity;
use crate::invite::{Invite, InviteClaim};
use crate::link::RelayLink;
use crate::model::{self, DocInfo, DocRole, RecordSet, SyncedRecord};
use crate::net::{DialerShared, RelayDialer};
use crate::signing::PlanSignature;
use crate::storage::SledStorage;
use crate::team::{LearnerDocs, SignedManifest};

/// Which kind of relay a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RelayKind {
    /// The project's relay: the device proves its key and publishes manifests.
    Project,
    /// A plain automerge-repo relay (e.g. `@automerge/automerge-repo-sync-server`):
    /// no authentication; it serves any document to anyone who knows its id.
    Plain,
}

/// This device's sync engine.
#[derive(Clone)]
pub struct SyncRepo {
    repo: Repo,
    storage: SledStorage,
    identity: DeviceIdentity,
    manifests: Arc<Mutex<BTreeMap<Id, SignedManifest>>>,
    claims: Arc<Mutex<Vec<InviteClaim>>>,
}

impl std::fmt::Debug for SyncRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncRepo").field("did", &self.identity.did()).finish_non_exhaustive()
    }
}

impl SyncRepo {
    /// Opens the engine with document chunks in `tree` and this device's
    /// `identity` (its did is the samod peer id). Must run inside a tokio runtime.
    pub async fn open(tree: sled::Tree, identity: DeviceIdentity) -> Result<SyncRepo> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(SyncError::Relay {
                url: String::new(),
                reason: "the sync engine needs a tokio runtime".into(),
            });
        }
        let storage = SledStorage::new(tree);
        let repo = Repo::build_tokio()
            .with_peer_id(PeerId::from(identity.did().as_str()))
            .with_storage(storage.clone())
            .load()
            .await;
        Ok(SyncRepo { repo, storage, identity, manifests: Arc::default(), claims: Arc::default() })
    }

    /// This device's `did:key`.
    pub fn did(&self) -> String {
        self.identity.did()
    }

    /// This device's identity.
    pub fn identity(&self) -> &DeviceIdentity {
        &self.identity
    }

    /// The underlying samod repo (for what this wrapper does not cover).
    pub fn samod(&self) -> &Repo {
        &self.repo
    }

    /// Publishes `manifest` to project relays on every connection made from
    /// now on (connect after publishing; the newest per learner is kept).
    pub fn publish_manifest(&self, manifest: SignedManifest) {
        if let Ok(mut m) = self.manifests.lock() {
            m.insert(manifest.manifest.learner_id, manifest);
        }
    }

    /// Starts connecting to a relay at `url` (`ws://` or `wss://`), reconnecting
    /// with backoff until [`RelayLink::close`].
    pub fn connect(&self, url: &str, kind: RelayKind) -> Result<RelayLink> {
        let parsed = Url::parse(url).map_err(|_| SyncError::BadUrl(url.to_string()))?;
        if !matches!(parsed.scheme(), "ws" | "wss") || parsed.host_str().is_none() {
            return Err(SyncError::BadUrl(url.to_string()));
        }
        let manifests = self.manifests.lock().map(|m| m.values().cloned().collect()).unwrap_or_default();
        let shared = Arc::new(Mutex::new(DialerShared::default()));
        let dialer = RelayDialer {
            url: parsed,
            identity: (kind == RelayKind::Project).then(|| self.identity.clone()),
            manifests: Arc::new(Mutex::new(manifests)),
            claims: self.claims.lock().map(|c| c.clone()).unwrap_or_default(),
            shared: shared.clone(),
        };
        let backoff = BackoffConfig { initial_delay: Duration::from_millis(200), ..BackoffConfig::default() };
        let handle = self.repo.dial(backoff, Arc::new(dialer))?;
        Ok(RelayLink::new(url, handle, shared))
    }

    /// Joins the team of `invite`: creates this device's contributions
    /// document, claims the invitation on every connection from now on, and
    /// connects to the invite's relay. Returns the link and the learner's
    /// documents with this device's contributions document added. Fails with
    /// the relay's reason when it refuses the claim.
    pub async fn join(&self, invite: &Invite, timeout: Duration) -> Result<(RelayLink, LearnerDocs)> {
        let mine = self.create(DocRole::Contributions, invite.learner_id, Some(&self.did())).await?;
        let claim = invite.claim(&self.did(), &mine.id())?;
        if let Ok(mut c) = self.claims.lock() {
            c.retain(|old| old.invite != claim.invite);
            c.push(claim);
        }
        let link = self.connect(&invite.relay, invite.relay_kind)?;
        link.established(timeout).await?;
        let receipt = link.welcome().and_then(|w| w.claims.into_iter().find(|r| r.learner_id == invite.learner_id));
        if let Some(r) = receipt.filter(|r| !r.accepted) {
            link.close();
            return Err(SyncError::Relay { url: invite.relay.clone(), reason: r.reason });
        }
        let mut docs = invite.documents.clone();
        docs.contributions.insert(self.did(), mine.id());
        Ok((link, docs))
    }

    /// Creates a new shared document (see [`model::new_document`]).
    pub async fn create(&self, role: DocRole, learner_id: Id, author_did: Option<&str>) -> Result<SyncDoc> {
        let doc = model::new_document(role, learner_id, author_did)?;
        Ok(SyncDoc { handle: self.repo.create(doc).await? })
    }

    /// Creates a learner's portfolio and team documents and this device's
    /// contributions document.
    pub async fn create_learner_docs(&self, learner_id: Id) -> Result<LearnerDocs> {
        let portfolio = self.create(DocRole::Portfolio, learner_id, None).await?;
        let team = self.create(DocRole::Team, learner_id, None).await?;
        let mine = self.create(DocRole::Contributions, learner_id, Some(&self.did())).await?;
        Ok(LearnerDocs {
            portfolio: portfolio.id(),
            team: team.id(),
            contributions: [(self.did(), mine.id())].into_iter().collect(),
            files: Default::default(),
        })
    }

    /// Shares the file `bytes` (whose SHA-256 is `sha256`) of `learner_id`
    /// with the team: one new document per part (see [`crate::files`]).
    /// Returns its entry for the manifest.
    pub async fn share_file(&self, learner_id: Id, sha256: &str, bytes: &[u8], family: bool) -> Result<SharedFile> {
        let mut parts = Vec::new();
        for (i, chunk) in bytes.chunks(files::PART_BYTES).enumerate() {
            let doc = files::part_document(learner_id, sha256, i, chunk)?;
            parts.push(self.repo.create(doc).await?.document_id().to_string());
        }
        Ok(SharedFile { parts, size: bytes.len() as u64, family })
    }

    /// The file `sha256` put back together from its parts (found on this
    /// device or asked of the connected relays, each within `timeout`),
    /// checked against its hash and size; `None` while a part is not available.
    pub async fn fetch_file(&self, sha256: &str, file: &SharedFile, timeout: Duration) -> Result<Option<Vec<u8>>> {
        let mut parts = Vec::with_capacity(file.parts.len());
        for (i, id) in file.parts.iter().enumerate() {
            let Ok(found) = tokio::time::timeout(timeout, self.find(id)).await else { return Ok(None) };
            let Some(doc) = found? else { return Ok(None) };
            let sha = sha256.to_string();
            parts.push(doc.with_doc(move |d| files::part_bytes(d, &sha, i)).await??);
        }
        Ok(Some(files::assemble(sha256, file.size, parts)?))
    }

    /// Finds a document locally or from connected relays (`None` when no
    /// one has it). Await [`RelayLink::established`] first.
    pub async fn find(&self, doc_id: &str) -> Result<Option<SyncDoc>> {
        let id = DocumentId::from_str(doc_id.trim_start_matches("automerge:"))
            .map_err(|_| SyncError::BadDocumentId(doc_id.to_string()))?;
        Ok(self.repo.find(id).await?.map(|handle| SyncDoc { handle }))
    }

    /// Stops the engine and flushes the document tree to disk.
    pub async fn stop(&self) -> Result<()> {
        self.repo.stop().await;
        self.storage.tree().flush_async().await?;
        Ok(())
    }
}

/// One shared document.
#[derive(Clone)]
pub struct SyncDoc {
    pub(crate) handle: DocHandle,
}

impl SyncDoc {
    /// Its id (base58, as in [`LearnerDocs`]).
    pub fn id(&self) -> String {
        self.handle.document_id().to_string()
    }

    /// Its `automerge:` URL.
    pub fn url(&self) -> String {
        self.handle.url().to_string()
    }

    /// Runs `f` on the document in its actor (never blocks the caller's thread).
    pub async fn with_doc<R: Send + 'static>(&self, f: impl FnOnce(&mut Automerge) -> R + Send + 'static) -> Result<R> {
        Ok(self.handle.with_document_async(f).await?)
    }

    /// What the document says about itself.
    pub async fn info(&self) -> Result<DocInfo> {
        self.with_doc(|d| model::doc_info(d)).await?
    }

    /// See [`model::write_record`].
    pub async fn write_record(&self, record: &AnyRecord) -> Result<usize> {
        let r = record.clone();
        self.with_doc(move |d| model::write_record(d, &r)).await?
    }

    /// See [`model::remove_record`].
    pub async fn remove_record(&self, id: Id) -> Result<bool> {
        self.with_doc(move |d| model::remove_record(d, id)).await?
    }

    /// See [`model::read_records`].
    pub async fn records(&self) -> Result<RecordSet> {
        self.with_doc(|d| model::read_records(d)).await?
    }

    /// See [`model::read_record`].
    pub async fn record(&self, id: Id) -> Result<Option<SyncedRecord>> {
        self.with_doc(move |d| model::read_record(d, id)).await?
    }

    /// See [`contributions::put_comment`].
    pub async fn put_comment(&self, comment: &Comment) -> Result<()> {
        let c = comment.clone();
        self.with_doc(move |d| contributions::put_comment(d, &c)).await?
    }

    /// See [`contributions::comments`].
    pub async fn comments(&self) -> Result<Vec<Comment>> {
        self.with_doc(|d| contributions::comments(d)).await?
    }

    /// See [`contributions::put_signature`].
    pub async fn put_signature(&self, sig: &PlanSignature) -> Result<()> {
        let s = sig.clone();
        self.with_doc(move |d| contributions::put_signature(d, &s)).await?
    }

    /// See [`contributions::put_confirmation`].
    pub async fn put_confirmation(&self, c: &HoursConfirmation) -> Result<()> {
        let c = c.clone();
        self.with_doc(move |d| contributions::put_confirmation(d, &c)).await?
    }

    /// See [`contributions::confirmations`].
    pub async fn confirmations(&self) -> Result<Vec<HoursConfirmation>> {
        self.with_doc(|d| contributions::confirmations(d)).await?
    }

    /// See [`contributions::signatures`].
    pub async fn signatures(&self) -> Result<Vec<PlanSignature>> {
        self.with_doc(|d| contributions::signatures(d)).await?
    }

    /// See [`crate::scores::put_score_sheet`].
    pub async fn put_score_sheet(&self, sheet: &crate::scores::PanelSheet) -> Result<()> {
        let s = sheet.clone();
        self.with_doc(move |d| crate::scores::put_score_sheet(d, &s)).await?
    }

    /// See [`crate::scores::score_sheets`].
    pub async fn score_sheets(&self) -> Result<Vec<crate::scores::PanelSheet>> {
        self.with_doc(|d| crate::scores::score_sheets(d)).await?
    }

    /// One item per change (local or from a peer).
    pub fn changes(&self) -> futures::stream::BoxStream<'static, ()> {
        self.handle.changes().map(|_| ()).boxed()
    }
}
