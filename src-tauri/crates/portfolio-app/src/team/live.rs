//! Live links: while the desktop app's background sync runs, one
//! connection per relay stays open between rounds, and a watcher per shared
//! learner listens to that learner's documents. A change another device
//! makes reaches this device over that connection within milliseconds; the
//! watcher wakes the background loop ([`super::background`]), which runs a
//! quick round over the same connection (a member's replica applies it to
//! the store; the student's device shows new comments and signatures).
//!
//! One connection per relay at a time: the stock automerge-repo relay keeps
//! one socket per peer id, so a second connection from this device would
//! replace the first. A full round (which reconnects, to hear the project
//! relay's news of joined invitations) closes the live links first and opens
//! them again after.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use portfolio_domain::Id;
use portfolio_sync::RelayLink;

use super::sync::readable_docs;
use super::TeamSettings;
use crate::{App, Result};

/// How long a watcher waits for a document to load before it leaves it out.
const FIND: Duration = Duration::from_secs(3);

/// The live links and their watchers (one set per engine).
#[derive(Default)]
pub(crate) struct Live {
    /// Set while a background loop runs: only then are live links opened.
    enabled: bool,
    /// By relay address.
    links: BTreeMap<String, Arc<RelayLink>>,
    watchers: Vec<tokio::task::AbortHandle>,
}

impl Live {
    fn close(&mut self) {
        for link in self.links.values() {
            link.close();
        }
        self.links.clear();
        for w in self.watchers.drain(..) {
            w.abort();
        }
    }
}

impl App {
    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.engine_slot().3.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Allows (or, when false, closes and forbids) live links.
    pub(crate) fn set_live(&self, on: bool) {
        let mut live = self.live();
        live.enabled = on;
        if !on {
            live.close();
        }
    }

    /// Closes the live links (before a full round, and when the engine stops).
    pub(crate) fn close_live(&self) {
        self.live().close();
    }

    /// True when live links are open and every one of them is connected.
    pub(crate) fn live_up(&self) -> bool {
        let live = self.live();
        !live.links.is_empty() && live.links.values().all(|l| l.is_connected())
    }

    /// The connected live link to `s`'s relay, if there is one.
    pub(crate) fn live_link(&self, s: &TeamSettings) -> Option<Arc<RelayLink>> {
        let live = self.live();
        live.links.get(&s.relay).filter(|l| l.is_connected()).cloned()
    }

    /// Opens one live link per relay of `settings` and a watcher per learner
    /// (when a background loop runs; otherwise does nothing). Relays that
    /// failed in the round just run (`dead`) are left for the next full round.
    pub(crate) fn open_live(&self, settings: &[TeamSettings], dead: &BTreeSet<String>) -> Result<()> {
        if !self.live().enabled || settings.is_empty() {
            return Ok(());
        }
        let engine = self.engine()?;
        let signals = self.engine_slot().2.clone();
        let _in_runtime = engine.rt.enter();
        let mut live = self.live();
        live.close();
        for s in settings.iter().filter(|s| !dead.contains(&s.relay)) {
            if let std::collections::btree_map::Entry::Vacant(slot) = live.links.entry(s.relay.clone()) {
                match engine.repo.connect(&s.relay, s.relay_kind) {
                    Ok(link) => {
                        slot.insert(Arc::new(link));
                    }
                    Err(_) => continue, // a bad address: the full round says so
                }
            }
            let (repo, learner, ids, signals) = (engine.repo.clone(), s.learner_id, readable_docs(s), signals.clone());
            let watcher = engine.rt.spawn(async move {
                let mut docs = Vec::new();
                for id in ids {
                    if let Ok(Ok(Some(doc))) = tokio::time::timeout(FIND, repo.find(&id)).await {
                        docs.push(doc.changes());
                    }
                }
                let mut changes = futures::stream::select_all(docs);
                while changes.next().await.is_some() {
                    signals.arrived(learner);
                }
            });
            live.watchers.push(watcher.abort_handle());
        }
        Ok(())
    }

    /// A quick round over the live links for the learners in `only` (all
    /// when `None`): push this device's changes and apply what arrived. A
    /// learner whose relay has no connected live link gets a full round
    /// instead (which reconnects).
    pub(crate) fn sync_live(&self, only: Option<&BTreeSet<Id>>) -> Result<()> {
        let mut full = false;
        for s in self.all_team_settings()? {
            if only.is_some_and(|o| !o.contains(&s.learner_id)) {
                continue;
            }
            match self.live_link(&s) {
                Some(link) => {
                    let _ = self.sync_learner_settings(s, Some(link));
                }
                None => full = true,
            }
        }
        let closed = {
            let live = self.live();
            live.enabled && live.links.is_empty()
        };
        if full {
            self.sync()?;
        } else if closed {
            // A round closed them (new files: a new manifest, a new handshake).
            let rounds = self.engine_slot().1.clone();
            let _one_at_a_time = rounds.lock().unwrap_or_else(|e| e.into_inner());
            self.open_live(&self.all_team_settings()?, &BTreeSet::new())?;
        }
        Ok(())
    }
}
