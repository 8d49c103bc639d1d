//! The sync engine inside the app layer: a tokio runtime and a
//! `SyncRepo` over the store's `sync_docs` tree, made on first use.

use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use portfolio_sync::{DeviceIdentity, SyncDoc, SyncRepo};

use crate::{ApiError, App, Result};

/// The store tree holding Automerge document chunks.
const DOCS_TREE: &str = "sync_docs";

/// The engine once it runs.
pub(crate) struct Engine {
    pub rt: tokio::runtime::Runtime,
    pub repo: SyncRepo,
}

/// Where an [`App`] keeps its engine (shared by its clones), the lock
/// that lets one sync round run at a time (the background loop and "Sync
/// now" never run two rounds at once), the signal that a record was saved
/// here or a change arrived, and the live links between rounds.
#[derive(Clone, Default)]
pub(crate) struct EngineSlot(
    pub(crate) Arc<Mutex<Option<Arc<Engine>>>>,
    pub(crate) Arc<Mutex<()>>,
    pub(crate) super::background::Saved,
    pub(crate) Arc<Mutex<super::live::Live>>,
);

impl App {
    /// This device's key (created the first time), from `DataDir::device_key()`.
    pub fn device_identity(&self) -> Result<DeviceIdentity> {
        Ok(DeviceIdentity::load_or_create(&self.dir().device_key())?)
    }

    /// This device's `did:key`.
    pub fn device_did(&self) -> Result<String> {
        Ok(self.device_identity()?.did())
    }

    pub(crate) fn engine(&self) -> Result<Arc<Engine>> {
        let mut slot =
            self.engine_slot().0.lock().map_err(|_| ApiError::internal("The sync engine failed earlier."))?;
        if let Some(e) = slot.as_ref() {
            return Ok(e.clone());
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("portfolio-sync")
            .enable_all()
            .build()
            .map_err(|e| ApiError::internal(format!("The sync engine could not start: {e}.")))?;
        let tree = self.store().open_tree(DOCS_TREE)?;
        let identity = self.device_identity()?;
        let repo = rt.block_on(SyncRepo::open(tree, identity))?;
        let engine = Arc::new(Engine { rt, repo });
        *slot = Some(engine.clone());
        Ok(engine)
    }

    /// Stops the sync engine (if it runs), writing every document change to
    /// disk. A later team use case starts it again. The CLI calls this before
    /// it exits.
    pub fn stop_sync(&self) -> Result<()> {
        self.close_live();
        let taken = self.engine_slot().0.lock().ok().and_then(|mut s| s.take());
        if let Some(engine) = taken {
            engine.rt.block_on(engine.repo.stop())?;
        }
        Ok(())
    }

    /// Runs `f` with the engine on its runtime, blocking this thread.
    pub(crate) fn with_engine<T, F, Fut>(&self, f: F) -> Result<T>
    where
        F: FnOnce(SyncRepo) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let engine = self.engine()?;
        engine.rt.block_on(f(engine.repo.clone()))
    }
}

/// A document known here or on a connected relay, or a sentence saying it is missing.
pub(crate) async fn open_doc(repo: &SyncRepo, id: &str) -> Result<SyncDoc> {
    repo.find(id).await?.ok_or_else(|| {
        ApiError::new(
            crate::ErrorCode::NotFound,
            format!("The shared document {id} is not on this device yet: run sync first."),
        )
    })
}

/// Waits (up to `timeout`) until this device has every change the relay
/// advertised for document `id`; false when it did not arrive in time.
pub(crate) async fn pulled(repo: &SyncRepo, id: &str, timeout: Duration) -> bool {
    let Ok(doc_id) = samod::DocumentId::from_str(id) else { return false };
    let Ok(Some(handle)) = repo.samod().find(doc_id).await else { return false };
    tokio::time::timeout(timeout, async move {
        loop {
            let conn = handle.peers().0.into_iter().find(|(_, p)| p.their_heads.is_some()).map(|(c, _)| c);
            if let Some(c) = conn {
                handle.we_have_their_changes(c).await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .is_ok()
}

/// True when the relay sent anything about document `id` on this connection
/// (a plain automerge-repo relay that remembers this device stays silent
/// when neither side has anything new).
pub(crate) async fn heard_from_relay(repo: &SyncRepo, id: &str) -> bool {
    let Ok(doc_id) = samod::DocumentId::from_str(id) else { return false };
    let Ok(Some(handle)) = repo.samod().find(doc_id).await else { return false };
    let heard = handle.peers().0.values().any(|p| p.last_received.is_some() || p.their_heads.is_some());
    heard
}

/// Each author's contributions document that is on this device, with its author's `did:key`.
pub(crate) async fn contribution_docs(
    repo: &SyncRepo,
    docs: std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, SyncDoc)>> {
    let mut found = Vec::new();
    for (author, id) in docs {
        if let Some(doc) = repo.find(&id).await? {
            found.push((author, doc));
        }
    }
    Ok(found)
}
