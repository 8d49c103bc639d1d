//! Sync in the background, for the desktop app: a thread that runs a round
//! every few seconds, shortly after a local save, and as soon as another
//! device's change arrives, while this device shares a learner with a team;
//! after each round (and once at the start) it hands the new [`SyncStatus`]
//! to the front end's callback. Tauri-free: the shell passes a closure that
//! emits the status to the window.
//!
//! Between rounds one connection per relay stays open ([`super::live`]), so
//! a change made on another device reaches this one at once and wakes the
//! loop, which applies it (a member's replica) or reports it (comments and
//! signatures on the student's device) in a quick round over that
//! connection. A local save is any use case that changes what the team sees:
//! records (create, update, delete, restore), evidence, comments, plan
//! signatures, hours confirmations. Each one calls `App::saved`, which wakes
//! the loop; it waits [`SAVE_DELAY`] for more saves (typing in a form saves
//! once, but a batch saves many) and then runs a quick round. A full round
//! (reconnecting, which is when the project's relay reports joined
//! invitations) runs every `every` while a live connection is down, and
//! every [`LIVE_EVERY`] while it is up. Rounds never overlap: the loop and
//! "Sync now" share one lock.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use portfolio_domain::Id;

use super::SyncStatus;
use crate::{App, Result};

/// How long after a save the round starts (more saves in this time join it).
pub const SAVE_DELAY: Duration = Duration::from_millis(150);
/// How long after another device's change arrives it is applied (changes
/// that follow it in this time join it).
pub const RECEIVE_DELAY: Duration = Duration::from_millis(30);
/// How often a full round runs while the live connections are up.
pub const LIVE_EVERY: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Pending {
    saves: u64,
    arrived: BTreeSet<Id>,
}

/// Why the loop woke.
#[derive(Debug, PartialEq)]
enum Wake {
    Saved,
    Arrived,
    Timer,
    Stop,
}

/// Counts local saves and notes learners whose documents changed; the
/// background loop waits on it.
#[derive(Clone, Default)]
pub(crate) struct Saved(Arc<(Mutex<Pending>, Condvar)>);

impl Saved {
    fn bump(&self) {
        let (p, cv) = &*self.0;
        p.lock().unwrap_or_else(|e| e.into_inner()).saves += 1;
        cv.notify_all();
    }

    /// Notes that a document of `learner` changed (a live link's watcher calls this).
    pub(crate) fn arrived(&self, learner: Id) {
        let (p, cv) = &*self.0;
        p.lock().unwrap_or_else(|e| e.into_inner()).arrived.insert(learner);
        cv.notify_all();
    }

    fn count(&self) -> u64 {
        self.0 .0.lock().unwrap_or_else(|e| e.into_inner()).saves
    }

    fn take_arrived(&self) -> BTreeSet<Id> {
        std::mem::take(&mut self.0 .0.lock().unwrap_or_else(|e| e.into_inner()).arrived)
    }

    /// Waits until the count is past `seen`, a change arrived, `timeout` passed or `stop` is set.
    fn wait(&self, seen: u64, timeout: Duration, stop: &AtomicBool) -> Wake {
        let (p, cv) = &*self.0;
        let guard = p.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = cv
            .wait_timeout_while(guard, timeout, |p| {
                p.saves == seen && p.arrived.is_empty() && !stop.load(Ordering::SeqCst)
            })
            .unwrap_or_else(|e| e.into_inner());
        if stop.load(Ordering::SeqCst) {
            Wake::Stop
        } else if guard.saves != seen {
            Wake::Saved
        } else if !guard.arrived.is_empty() {
            Wake::Arrived
        } else {
            Wake::Timer
        }
    }
}

/// The running background sync; dropping it (or [`BackgroundSync::stop`]) ends the loop.
pub struct BackgroundSync {
    app: App,
    stop: Arc<AtomicBool>,
    saved: Saved,
    thread: Option<JoinHandle<()>>,
}

impl BackgroundSync {
    /// Ends the loop after the round that is running (if any) and waits for it.
    pub fn stop(mut self) {
        self.halt();
    }

    /// Asks for a round now (as a save does).
    pub fn nudge(&self) {
        self.saved.bump();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.saved.bump();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.app.set_live(false);
    }
}

impl Drop for BackgroundSync {
    fn drop(&mut self) {
        self.halt();
    }
}

impl App {
    /// Notes that something the team sees was saved on this device (wakes
    /// the background loop, if one runs) and hands `value` back.
    pub(crate) fn saved<T>(&self, value: T) -> Result<T> {
        self.engine_slot().2.bump();
        Ok(value)
    }

    /// Starts syncing in the background: a full round every `every` (every
    /// [`LIVE_EVERY`] while the live connections are up), a quick one
    /// [`SAVE_DELAY`] after a local save and [`RECEIVE_DELAY`] after another
    /// device's change arrived, only while some learner on this device has
    /// a relay (otherwise the engine is never started). `report` gets the
    /// status once at the start and after every round; a failed round is in
    /// the status ("Relay unreachable since HH:MM"), never lost.
    pub fn start_background_sync(
        &self,
        every: Duration,
        report: impl Fn(&SyncStatus) + Send + 'static,
    ) -> BackgroundSync {
        self.start_background_sync_with(every, true, report)
    }

    /// [`App::start_background_sync`], with `live` false: no connection stays
    /// open between rounds (a round every `every` and after each save, none
    /// when another device's change arrives), e.g. on a metered network.
    pub fn start_background_sync_with(
        &self,
        every: Duration,
        live: bool,
        report: impl Fn(&SyncStatus) + Send + 'static,
    ) -> BackgroundSync {
        let (app, stop, saved) = (self.clone(), Arc::new(AtomicBool::new(false)), self.engine_slot().2.clone());
        let (stop2, saved2) = (stop.clone(), saved.clone());
        self.set_live(live);
        let thread = std::thread::Builder::new()
            .name("portfolio-background-sync".into())
            .spawn(move || {
                let mut seen = saved2.count(); // before the report: a save right after it counts
                if let Ok(s) = app.sync_status() {
                    report(&s);
                }
                // Catch up at the start, which also opens the live links.
                if app.all_team_settings().map(|s| !s.is_empty()).unwrap_or(false) && !stop2.load(Ordering::SeqCst) {
                    let _ = app.sync();
                    if let Ok(s) = app.sync_status() {
                        report(&s);
                    }
                }
                loop {
                    let wait = if app.live_up() { every.max(LIVE_EVERY) } else { every };
                    let wake = saved2.wait(seen, wait, &stop2);
                    match wake {
                        Wake::Stop => break,
                        // A save: let the saves that follow it join this round.
                        Wake::Saved => std::thread::sleep(SAVE_DELAY),
                        Wake::Arrived => std::thread::sleep(RECEIVE_DELAY),
                        Wake::Timer => {}
                    }
                    seen = saved2.count();
                    let arrived = saved2.take_arrived();
                    if app.all_team_settings().map(|s| s.is_empty()).unwrap_or(true) {
                        continue;
                    }
                    // Each learner's outcome is recorded in its settings.
                    let _ = match wake {
                        Wake::Timer => app.sync().map(drop),
                        Wake::Saved => app.sync_live(None),
                        _ => app.sync_live(Some(&arrived)),
                    };
                    if let Ok(s) = app.sync_status() {
                        report(&s);
                    }
                }
            })
            .expect("a thread can be started");
        BackgroundSync { app: self.clone(), stop, saved, thread: Some(thread) }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Instant;

    use portfolio_domain::{AuthorRole, LearnerProfile, RecordData, RecordKind};
    use portfolio_sync::RelayKind;

    use super::*;
    use crate::team::SyncState;
    use crate::DataDir;

    #[test]
    fn a_save_starts_a_round_soon_and_the_status_says_the_relay_is_unreachable() {
        let tmp = tempfile::tempdir().unwrap();
        let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
        let learner =
            app.create_learner(LearnerProfile { name: "Ana Nguyễn".into(), ..Default::default() }).unwrap().id;
        // A relay address nothing listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        app.set_team_relay(learner, &format!("ws://127.0.0.1:{port}"), RelayKind::Project).unwrap();
        let (tx, rx) = mpsc::channel();
        let bg = app.start_background_sync(Duration::from_secs(3600), move |s| {
            let _ = tx.send(s.clone());
        });
        let first = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(first.state, SyncState::NotSyncedYet, "{first:?}");
        let saved_at = Instant::now();
        let data = RecordData::from_json(
            RecordKind::Reflection,
            serde_json::json!({"title": "Phanh xe", "date": "2026-09-08", "body": "Học sửa phanh", "visibility": "learning_team"}),
        )
        .unwrap();
        app.create_record(learner, AuthorRole::Student, data).unwrap();
        let after = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        assert!(saved_at.elapsed() < Duration::from_secs(60), "the round followed the save, not the hour");
        assert_eq!(after.state, SyncState::Unreachable, "{after:?}");
        assert!(after.summary.starts_with("Relay unreachable since "), "{}", after.summary);
        assert_eq!(after.learners[0].learner_id, learner);
        bg.stop();
        app.stop_sync().unwrap();
    }

    #[test]
    fn without_a_team_the_loop_reports_once_and_never_starts_the_engine() {
        let tmp = tempfile::tempdir().unwrap();
        let app = App::open(&DataDir::new(tmp.path()), Duration::ZERO).unwrap();
        let (tx, rx) = mpsc::channel();
        let bg = app.start_background_sync(Duration::from_millis(20), move |s| {
            let _ = tx.send(s.clone());
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap().state, SyncState::NotShared);
        app.create_learner(LearnerProfile { name: "Jun".into(), ..Default::default() }).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        bg.stop();
        assert!(rx.try_recv().is_err(), "no round, no further report");
        assert!(app.engine_slot().0.lock().unwrap().is_none(), "the engine was not started");
    }
}
