//! The background sync's link to the window: the loop runs in the
//! application layer ([`portfolio_app::BackgroundSync`]); this holds it and
//! the channel the UI subscribed with, and sends each new status there (the
//! last one is kept, so a UI that subscribes late gets it at once).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use portfolio_app::{App, BackgroundSync, SyncStatus};
use tauri::ipc::Channel;

/// How often a round runs when nothing was saved.
pub const EVERY: Duration = Duration::from_secs(5);

#[derive(Default)]
struct Watch {
    channel: Option<Channel<SyncStatus>>,
    last: Option<SyncStatus>,
}

/// The running loop and where its status goes.
#[derive(Default)]
pub struct Background {
    watch: Arc<Mutex<Watch>>,
    running: Mutex<Option<BackgroundSync>>,
}

impl Background {
    /// Starts the loop for `app` (once).
    pub fn start(&self, app: &App) {
        let Ok(mut running) = self.running.lock() else { return };
        if running.is_some() {
            return;
        }
        let watch = self.watch.clone();
        *running = Some(app.start_background_sync(EVERY, move |status| {
            let Ok(mut w) = watch.lock() else { return };
            w.last = Some(status.clone());
            if let Some(c) = &w.channel {
                let _ = c.send(status.clone());
            }
        }));
    }

    /// Sends statuses to `channel` from now on (the last one at once).
    pub fn watch(&self, channel: Channel<SyncStatus>) {
        let Ok(mut w) = self.watch.lock() else { return };
        if let Some(last) = &w.last {
            let _ = channel.send(last.clone());
        }
        w.channel = Some(channel);
    }

    /// Ends the loop (at exit), after the round that is running.
    pub fn stop(&self) {
        let taken = self.running.lock().ok().and_then(|mut r| r.take());
        if let Some(bg) = taken {
            bg.stop();
        }
    }
}
