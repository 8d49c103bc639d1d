//! A relay connection as the app shows it: connected, or unreachable since
//! when and why, or refused; and per document, how many local changes the
//! relay does not have yet.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use automerge::ChangeHash;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use samod::{DialerEvent, DialerHandle};
use serde::{Deserialize, Serialize};

use crate::auth::Welcome;
use crate::error::{Result, SyncError};
use crate::net::{DialerShared, RelayRefused};
use crate::repo::SyncDoc;

/// The state of a relay connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RelayState {
    /// The first connection attempt is under way.
    Connecting,
    /// Connected.
    Connected {
        /// Since when.
        since: DateTime<Utc>,
    },
    /// Not reachable; retrying with backoff.
    Unreachable {
        /// Since when (the first failure after the last connection).
        since: DateTime<Utc>,
        /// The last failure, in words.
        reason: String,
    },
    /// The relay refused this device; not retried.
    Refused {
        /// The relay's reason.
        reason: String,
    },
}

/// How one document stands with one relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocStatus {
    /// Connected to the relay now.
    pub connected: bool,
    /// Local changes the relay has not acknowledged (0 = up to date). While
    /// offline: counted from the last state seen while connected (in this
    /// process; samod does not persist it), or every change if none was seen.
    pub changes_waiting: usize,
    /// The relay said it ignores this device's changes to the document.
    pub read_only: bool,
    /// When a message for this document last came from the relay.
    pub last_received: Option<DateTime<Utc>>,
}

/// A connection (with reconnection) to one relay.
pub struct RelayLink {
    url: String,
    handle: DialerHandle<RelayRefused>,
    shared: Arc<Mutex<DialerShared>>,
    state: Arc<Mutex<RelayState>>,
    seen: Mutex<HashMap<String, (Vec<ChangeHash>, bool)>>,
}

impl RelayLink {
    pub(crate) fn new(url: &str, handle: DialerHandle<RelayRefused>, shared: Arc<Mutex<DialerShared>>) -> Self {
        let state = Arc::new(Mutex::new(RelayState::Connecting));
        let (watched, dialer, errors) = (state.clone(), handle.clone(), shared.clone());
        tokio::spawn(async move {
            let mut events = dialer.events();
            while let Some(event) = events.next().await {
                let reason = errors.lock().ok().and_then(|s| s.last_error.clone()).unwrap_or_default();
                let Ok(mut s) = watched.lock() else { return };
                let since = match &*s {
                    RelayState::Unreachable { since, .. } => *since,
                    _ => Utc::now(),
                };
                *s = match event {
                    DialerEvent::Connected { .. } => RelayState::Connected { since: Utc::now() },
                    DialerEvent::Disconnected { reason } => RelayState::Unreachable { since, reason },
                    DialerEvent::Reconnecting { .. } | DialerEvent::MaxRetriesReached => {
                        RelayState::Unreachable { since, reason }
                    }
                    DialerEvent::PermanentFailure => RelayState::Refused { reason },
                };
            }
        });
        RelayLink { url: url.to_string(), handle, shared, state, seen: Mutex::default() }
    }

    /// The relay's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits until connected (or refused, or `timeout`).
    pub async fn established(&self, timeout: Duration) -> Result<()> {
        let relay = |reason: String| SyncError::Relay { url: self.url.clone(), reason };
        match tokio::time::timeout(timeout, self.handle.established()).await {
            Err(_) => Err(relay(match self.last_error() {
                Some(e) => format!("no connection within {} s ({e})", timeout.as_secs_f32()),
                None => format!("no connection within {} s", timeout.as_secs_f32()),
            })),
            Ok(Err(e)) => Err(relay(self.last_error().unwrap_or_else(|| e.to_string()))),
            Ok(Ok(_)) => Ok(()),
        }
    }

    fn last_error(&self) -> Option<String> {
        self.shared.lock().ok().and_then(|s| s.last_error.clone())
    }

    /// True while connected.
    pub fn is_connected(&self) -> bool {
        self.handle.is_connected()
    }

    /// Connected, unreachable since when, or refused.
    pub fn state(&self) -> RelayState {
        if self.is_connected() {
            if let Ok(s) = self.state.lock() {
                if let RelayState::Connected { .. } = &*s {
                    return s.clone();
                }
            }
        }
        self.state.lock().map(|s| s.clone()).unwrap_or(RelayState::Connecting)
    }

    /// The project relay's answer to the last handshake (manifest receipts).
    pub fn welcome(&self) -> Option<Welcome> {
        self.shared.lock().ok().and_then(|s| s.welcome.clone())
    }

    /// Stops connecting.
    pub fn close(&self) {
        self.handle.close()
    }

    /// Waits until the relay has every change of `doc` (false after `timeout`,
    /// e.g. when the relay refuses this device's changes).
    pub async fn wait_synced(&self, doc: &SyncDoc, timeout: Duration) -> bool {
        let Some(conn) = self.handle.connection_id() else { return false };
        tokio::time::timeout(timeout, doc.handle.they_have_our_changes(conn)).await.is_ok()
    }

    /// How `doc` stands with this relay now.
    pub async fn status(&self, doc: &SyncDoc) -> Result<DocStatus> {
        let live = self.handle.connection_id().and_then(|c| doc.handle.peers().0.get(&c).cloned());
        let id = doc.id();
        let known = match live.as_ref().and_then(|p| p.shared_heads.clone().map(|h| (h, p.peer_read_only))) {
            Some(k) => {
                if let Ok(mut seen) = self.seen.lock() {
                    seen.insert(id, k.clone());
                }
                Some(k)
            }
            None => self.seen.lock().ok().and_then(|s| s.get(&id).cloned()),
        };
        let heads = known.as_ref().map(|k| k.0.clone()).unwrap_or_default();
        let changes_waiting = doc.with_doc(move |d| d.get_changes(&heads).len()).await?;
        Ok(DocStatus {
            connected: live.is_some() && self.is_connected(),
            changes_waiting,
            read_only: known.is_some_and(|k| k.1),
            last_received: live.and_then(|p| p.last_received),
        })
    }
}
