//! Shared by the team test binaries: three devices (student, advisor,
//! family) as data folders driven through the real CLI, and the project's
//! relay in-process on a loopback port.

use std::path::{Path, PathBuf};

use portfolio_relay::{start, RelayConfig, RunningRelay};
use serde_json::{json, Value as Json};

use super::ok;

pub const PRIVATE: &str = "Bí mật riêng tư: mi diario privado 🔒 يومياتي الخاصة";
pub const TEAM_ONLY: &str = "Para el equipo: hablé con mi mentora sobre el proyecto 🛠️";
pub const FAMILY: &str = "Para la familia: 我们去了博物馆 🦖";

pub fn ok_json(data: &Path, args: &[&str]) -> Json {
    let text = ok(data, &[args, &["--json"]].concat());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

pub fn titles(data: &Path, kind: &str, learner: &str) -> Vec<String> {
    let list = ok_json(data, &["list", kind, "--learner", learner]);
    let title = |r: &Json| r["data"]["title"].as_str().or(r["data"]["name"].as_str()).unwrap_or_default().to_string();
    let mut t: Vec<String> =
        list.as_array().unwrap().iter().map(|r| format!("{} {}", r["meta"]["id"], title(r))).collect();
    t.sort();
    t
}

pub fn write_json(dir: &Path, name: &str, value: &Json) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(value).unwrap()).unwrap();
    p
}

/// The project's relay in-process on its own runtime.
pub struct Relay {
    rt: tokio::runtime::Runtime,
    relay: Option<RunningRelay>,
}

impl Relay {
    /// Starts on `port` (0: a free one), retrying for a few seconds while
    /// a relay killed a moment ago still holds the port or its store.
    pub fn start(data: &Path, port: u16) -> Relay {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let addr = format!("127.0.0.1:{port}").parse().unwrap();
        let began = std::time::Instant::now();
        loop {
            match rt.block_on(start(RelayConfig { addr, data_dir: data.to_path_buf() })) {
                Ok(relay) => return Relay { rt, relay: Some(relay) },
                Err(e) if began.elapsed() > std::time::Duration::from_secs(10) => {
                    panic!("the relay does not start: {e}")
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(100)),
            }
        }
    }

    pub fn url(&self) -> String {
        self.relay.as_ref().unwrap().url()
    }

    pub fn port(&self) -> u16 {
        self.relay.as_ref().unwrap().addr.port()
    }

    /// Ends the relay abruptly, as a killed process would: its runtime is
    /// dropped with every connection and task mid-flight, nothing stopped in order.
    pub fn kill(mut self) {
        let relay = self.relay.take();
        let rt = std::mem::replace(&mut self.rt, tokio::runtime::Builder::new_current_thread().build().unwrap());
        rt.shutdown_background();
        drop(relay);
    }

    pub fn stop(mut self) {
        if let Some(r) = self.relay.take() {
            self.rt.block_on(r.stop());
        }
    }
}

/// Three devices with the demo learner's portfolio on the student's and
/// three journal entries of each visibility.
pub struct Devices {
    /// The folder holding every device's data folder.
    pub root: tempfile::TempDir,
    /// The demo learner's id.
    pub learner: String,
}

impl Devices {
    pub fn student(&self) -> PathBuf {
        self.root.path().join("student")
    }
    pub fn advisor(&self) -> PathBuf {
        self.root.path().join("advisor")
    }
    pub fn family(&self) -> PathBuf {
        self.root.path().join("family")
    }
}

pub fn student_with_entries() -> Devices {
    let root = tempfile::tempdir().unwrap();
    let s = root.path().join("student");
    let learner = ok_json(&s, &["demo"])["id"].as_str().unwrap().to_string();
    let entries = json!([
        {"date": "2026-10-02", "title": "Privado", "body": PRIVATE, "visibility": "private"},
        {"date": "2026-10-03", "title": "Equipo", "body": TEAM_ONLY, "visibility": "learning_team"},
        {"date": "2026-10-04", "title": "Familia", "body": FAMILY, "visibility": "family"},
    ]);
    let f = write_json(root.path(), "entries.json", &entries);
    ok(&s, &["add", "reflections", "--learner", &learner, "--json-file", f.to_str().unwrap()]);
    Devices { root, learner }
}

/// relay, invite advisor, join, student syncs (folds the claim in), invite family, join.
pub fn form_team(d: &Devices, url: &str, plain: bool) {
    let l = d.learner.as_str();
    let mut relay = vec!["team", "relay", "--learner", l, "--url", url];
    if plain {
        relay.push("--plain");
    }
    ok(&d.student(), &relay);
    for (who, role, name, dir) in
        [("advisor", "advisor", "Dr. Rahman", d.advisor()), ("family", "family", "Mẹ của Maya", d.family())]
    {
        let invite = d.root.path().join(format!("{who}.invite"));
        ok(
            &d.student(),
            &["team", "invite", "--learner", l, "--role", role, "--name", name, "--out", invite.to_str().unwrap()],
        );
        let joined = ok(&dir, &["team", "join", invite.to_str().unwrap()]);
        assert_eq!(joined.trim(), l, "join prints the learner id");
        ok(&d.student(), &["sync"]);
    }
}

pub fn plan_id(data: &Path, learner: &str) -> String {
    ok_json(data, &["list", "plans", "--learner", learner])[0]["meta"]["id"].as_str().unwrap().to_string()
}

pub fn verify(data: &Path, learner: &str, plan: &str) -> Json {
    ok_json(data, &["verify", "plan", "--learner", learner, "--plan", plan])
}

/// A loopback TCP proxy in front of the relay, counting the bytes devices
/// send through it, so a test can kill the relay in the middle of a round.
pub struct Proxy {
    /// The port devices connect to.
    pub port: u16,
    /// The relay's port (changed when a relay restarts elsewhere).
    pub target: std::sync::Arc<std::sync::atomic::AtomicU16>,
    /// Bytes forwarded from devices to the relay so far.
    pub sent: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Proxy {
    /// Listens on a free port and forwards every connection to `target`.
    pub fn start(target: u16) -> Proxy {
        use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
        use std::sync::Arc;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (to, sent) = (Arc::new(AtomicU16::new(target)), Arc::new(AtomicUsize::new(0)));
        let (t, s) = (to.clone(), sent.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(relay) = std::net::TcpStream::connect(("127.0.0.1", t.load(Ordering::SeqCst))) else { continue };
                let pipe =
                    |mut from: std::net::TcpStream, mut to: std::net::TcpStream, count: Option<Arc<AtomicUsize>>| {
                        std::thread::spawn(move || {
                            let mut buf = [0u8; 4096];
                            while let Ok(n) = std::io::Read::read(&mut from, &mut buf) {
                                if n == 0 || std::io::Write::write_all(&mut to, &buf[..n]).is_err() {
                                    break;
                                }
                                if let Some(c) = &count {
                                    c.fetch_add(n, Ordering::SeqCst);
                                }
                            }
                            let _ = to.shutdown(std::net::Shutdown::Both);
                        });
                    };
                pipe(client.try_clone().unwrap(), relay.try_clone().unwrap(), Some(s.clone()));
                pipe(relay, client, None);
            }
        });
        Proxy { port, target: to, sent }
    }

    /// `ws://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}/", self.port)
    }
}
