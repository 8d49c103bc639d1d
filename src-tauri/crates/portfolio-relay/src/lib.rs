#![warn(missing_docs)]
//! The relay a school runs: samod's websocket acceptor behind a device-key
//! challenge, with per-person share policies from the learners' signed team
//! manifests ([`teams`]). Documents are stored in `<data dir>/docs` (samod's
//! filesystem storage), teams in `<data dir>/teams`.
//!
//! Endpoints: `GET /` (websocket: challenge, then Automerge sync) and
//! `GET /health`.

pub mod error;
mod server;
pub mod teams;

use std::net::SocketAddr;
use std::path::PathBuf;

use samod::storage::TokioFilesystemStorage;
use samod::{PeerId, Repo};

pub use error::RelayError;
pub use teams::Teams;

/// Where the relay listens and keeps its data.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// Address to bind (port 0 picks a free port).
    pub addr: SocketAddr,
    /// The data folder.
    pub data_dir: PathBuf,
}

/// A running relay.
pub struct RunningRelay {
    /// The bound address.
    pub addr: SocketAddr,
    /// The teams it knows.
    pub teams: Teams,
    repo: Repo,
    shutdown: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
}

impl RunningRelay {
    /// `ws://<addr>/`.
    pub fn url(&self) -> String {
        format!("ws://{}/", self.addr)
    }

    /// Stops accepting, closes connections and flushes documents to disk.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.server.await;
        self.repo.stop().await;
    }
}

/// Starts the relay on the current tokio runtime.
pub async fn start(config: RelayConfig) -> Result<RunningRelay, RelayError> {
    let data = |e: std::io::Error| RelayError::DataDir { path: config.data_dir.clone(), reason: e.to_string() };
    std::fs::create_dir_all(config.data_dir.join("docs")).map_err(data)?;
    let teams = Teams::load(&config.data_dir.join("teams"))?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| RelayError::Bind { addr: config.addr.to_string(), reason: e.to_string() })?;
    let addr = listener.local_addr().map_err(data)?;
    let policy = teams.clone();
    let repo = Repo::build_tokio()
        .with_peer_id(PeerId::from("learner-portfolio-relay"))
        .with_storage(TokioFilesystemStorage::new(config.data_dir.join("docs")))
        .with_share_policy(move |doc, peer| policy.share(doc, peer))
        .load()
        .await;
    let url = format!("ws://{addr}/").parse().map_err(|_| RelayError::Usage(format!("bad address {addr}")))?;
    let acceptor = repo.make_acceptor(url).map_err(|_| RelayError::Usage("the relay stopped while starting".into()))?;
    let app = server::router(server::AppState { acceptor, teams: teams.clone() });
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            eprintln!("relay: the server stopped: {e}");
        }
    });
    Ok(RunningRelay { addr, teams, repo, shutdown, server })
}
