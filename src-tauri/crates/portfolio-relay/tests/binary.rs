//! The `portfolio-relay` binary as a school starts it: free port, data
//! folder from the environment, address on stdout, SIGTERM stops it cleanly
//! and a restart serves the same documents.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use portfolio_sync::fixtures::{device, eventually, experience, signed_manifest};
use portfolio_sync::{DocRole, RelayKind};

struct Relay {
    child: Child,
    url: String,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(data: &std::path::Path, port: &str) -> Relay {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portfolio-relay"))
        .env("PORT", port)
        .env("DATA_DIR", data)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the relay binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("relay said {line:?}")).to_string();
    assert!(url.starts_with("ws://127.0.0.1:") && !url.ends_with(":0/"), "{url}");
    Relay { child, url }
}

fn terminate(mut relay: Relay) {
    let pid = relay.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = relay.child.wait().unwrap();
    assert!(status.success(), "SIGTERM stops the relay cleanly: {status}");
}

fn health(url: &str) -> String {
    let addr = url.trim_start_matches("ws://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_stops_and_restarts_on_its_data() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("datos del relé");
    let relay = spawn(&data, "0");
    assert!(health(&relay.url).ends_with("ok\n"));

    let student = device(&root.path().join("student")).await;
    let learner = portfolio_domain::new_id();
    let docs = student.create_learner_docs(learner).await.unwrap();
    student.publish_manifest(signed_manifest(&student, learner, &docs, vec![]));
    let link = student.connect(&relay.url, RelayKind::Project).unwrap();
    link.established(Duration::from_secs(10)).await.unwrap();
    let doc = student.find(&docs.portfolio).await.unwrap().unwrap();
    let exp = experience(learner, "Guardado en el relé");
    doc.write_record(&exp).await.unwrap();
    assert!(link.wait_synced(&doc, Duration::from_secs(10)).await);
    link.close();
    let port = relay.url.rsplit(':').next().unwrap().trim_end_matches('/').to_string();
    terminate(relay);
    assert!(data.join("teams").join(format!("{learner}.json")).exists());

    // A second device of the student (same key, empty database) gets it back from the restarted relay.
    let relay = spawn(&data, &port);
    let copy_dir = root.path().join("second-device");
    std::fs::create_dir_all(copy_dir.join("keys")).unwrap();
    std::fs::copy(
        portfolio_sync::DeviceIdentity::key_path(&root.path().join("student/keys")),
        portfolio_sync::DeviceIdentity::key_path(&copy_dir.join("keys")),
    )
    .unwrap();
    let second = device(&copy_dir).await;
    let link = second.connect(&relay.url, RelayKind::Project).unwrap();
    link.established(Duration::from_secs(10)).await.unwrap();
    let found = second.find(&docs.portfolio).await.unwrap().expect("the restarted relay serves it");
    assert!(
        eventually(Duration::from_secs(10), || async { found.record(exp.meta().id).await.unwrap().is_some() }).await
    );
    assert_eq!(found.info().await.unwrap().role, DocRole::Portfolio);
    terminate(relay);
}

#[test]
fn bad_arguments_are_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_portfolio-relay")).args(["--port", "septiembre"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a port number"));
}
