//! End-to-end tests of the real app binary in its real webview, driven by
//! tauri-driver + WebKitWebDriver. They need an X display (Xvfb), a D-Bus
//! session, `tauri-driver` on PATH and `WebKitWebDriver`; `.ci/test.sh` runs
//! them with `--include-ignored` under `dbus-run-session` and `xvfb-run`.
//!
//! Each test gets its own data folder (never the user's) and its own ports;
//! tests run one at a time (the app is single-instance).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(20);
static SERIAL: Mutex<()> = Mutex::new(());

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running tauri-driver, stopped with SIGTERM when dropped; any app process
/// left running on this test's data folder is then killed too, so a failed
/// test never leaves an instance that the next launch would merely focus.
struct Driver {
    child: Child,
    base: String,
    data_dir: PathBuf,
}

impl Driver {
    fn start(data_dir: &Path) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("LEARNER_PORTFOLIO_DATA_DIR", data_dir)
            .env("NO_AT_BRIDGE", "1")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        let driver = Driver { child, base: format!("http://127.0.0.1:{port}"), data_dir: data_dir.to_path_buf() };
        let start = Instant::now();
        while ureq::get(&format!("{}/status", driver.base)).call().is_err() {
            assert!(start.elapsed() < WAIT, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn launch(&self) -> Session {
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": env!("CARGO_BIN_EXE_learner-portfolio")}}}});
        let v = request(ureq::post(&format!("{}/session", self.base)), Some(caps)).expect("a WebDriver session");
        let id = v["sessionId"].as_str().expect("session id").to_string();
        Session { url: format!("{}/session/{id}", self.base) }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver and the app.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                self.kill_leftover_apps();
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.kill_leftover_apps();
    }
}

impl Driver {
    fn kill_leftover_apps(&self) {
        let marker = format!("LEARNER_PORTFOLIO_DATA_DIR={}", self.data_dir.display()).into_bytes();
        let Ok(procs) = std::fs::read_dir("/proc") else { return };
        for p in procs.flatten() {
            let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(env) = std::fs::read(p.path().join("environ")) else { continue };
            if pid != std::process::id() && env.split(|&b| b == 0).any(|kv| kv == marker.as_slice()) {
                let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            }
        }
    }
}

fn request(req: ureq::Request, body: Option<Value>) -> Result<Value, String> {
    // Generous: the very first WebKit launch on a fresh machine builds caches.
    let req = req.timeout(Duration::from_secs(180));
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match res {
        Ok(r) => r.into_json::<Value>().map(|v| v["value"].clone()).map_err(|e| e.to_string()),
        Err(ureq::Error::Status(code, r)) => Err(format!("HTTP {code}: {}", r.into_string().unwrap_or_default())),
        Err(e) => Err(e.to_string()),
    }
}

/// One app launch.
struct Session {
    url: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(ureq::delete(&self.url), None);
    }
}

impl Session {
    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        request(ureq::post(&format!("{}{path}", self.url)), Some(body))
    }

    /// Quits the app.
    fn quit(self) {
        // Dropping ends the session, which closes the app.
    }

    fn find_now(&self, css: &str) -> Option<String> {
        self.post("/element", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| v[ELEMENT].as_str().map(str::to_string))
    }

    /// Waits for an element matching `css`.
    fn find(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(id) = self.find_now(css) {
                return id;
            }
            assert!(start.elapsed() < WAIT, "no element matches {css}; page text: {}", self.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn count(&self, css: &str) -> usize {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| v.as_array().map(Vec::len))
            .unwrap_or(0)
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/click"), json!({})).unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        let _ = self.post(&format!("/element/{id}/clear"), json!({}));
        self.post(&format!("/element/{id}/value"), json!({"text": text}))
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// The element's rendered text (`innerText`; WebKit's "Get Element Text"
    /// drops text after some block children).
    /// All elements matching `css` (may be none).
    fn all(&self, css: &str) -> Vec<String> {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| {
                v.as_array().map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(str::to_string)).collect())
            })
            .unwrap_or_default()
    }

    /// Types into the element with WebDriver id `id`.
    fn type_into_id(&self, id: &str, text: &str) {
        let _ = self.post(&format!("/element/{id}/clear"), json!({}));
        self.post(&format!("/element/{id}/value"), json!({"text": text})).unwrap_or_else(|e| panic!("type: {e}"));
    }

    /// Sets a form control's value as a user would (date pickers and selects
    /// differ between platforms, so this sets the value and fires the events).
    fn set_value(&self, css: &str, value: &str) {
        let id = self.find(css);
        let script = "const el = arguments[0]; el.focus(); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', {bubbles: true})); \
                      el.dispatchEvent(new Event('change', {bubbles: true})); return el.value;";
        let v =
            self.post("/execute/sync", json!({"script": script, "args": [{ELEMENT: id}, value]})).unwrap_or_default();
        assert_eq!(v.as_str(), Some(value), "could not set {css}");
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.post("/execute/sync", json!({"script": "return arguments[0].innerText", "args": [{ELEMENT: id}]}))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    fn page_text(&self) -> String {
        self.post("/execute/sync", json!({"script": "return document.body ? document.body.innerText : ''", "args": []}))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits until the text of `css` contains `expected`.
    fn wait_text(&self, css: &str, expected: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.find_now(css).map(|_| self.text(css)).unwrap_or_default();
            if t.contains(expected) {
                return t;
            }
            assert!(start.elapsed() < WAIT, "{css} never contained {expected:?}; it says {t:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Captures the screen at the X level (WebDriver screenshots can hang).
    fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("LP_SCREENSHOTS") else { return };
        let _ = std::fs::create_dir_all(&dir);
        let path = PathBuf::from(dir).join(format!("{name}.png"));
        let _ = Command::new("import").args(["-window", "root"]).arg(&path).status();
    }
}

fn with_app(test: impl FnOnce(&Driver, &Path)) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path());
    test(&driver, data.path());
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn onboarding_create_records_and_they_survive_a_restart() {
    with_app(|driver, data| {
        let app = driver.launch();
        app.find("[data-testid=onboarding]");
        app.screenshot("01-onboarding");
        app.click("[data-testid=onboarding-create]");
        app.type_into("input[name=name]", "Rosa Martinez");
        app.type_into("input[name=preferred_name]", "Rosie");
        app.click("[data-testid=learner-save]");
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Ros");

        // Experiences: a validation error for an empty title, then a real one.
        app.click("[data-testid=nav-experience]");
        app.find("[data-testid=empty-state]");
        app.click("[data-testid=new-record]");
        app.find("form[data-testid=record-form]");
        app.click("[data-testid=save-record]");
        assert_eq!(app.wait_text("[data-testid=error-title]", "Title is required."), "Title is required.");
        app.screenshot("02-validation");
        app.type_into("form[data-testid=record-form] [name=title]", "Harbor clinic internship");
        app.type_into("form[data-testid=record-form] [name=organisation]", "Harbor Animal Clinic");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Harbor clinic internship");

        app.click("[data-testid=nav-reflection]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=title]", "My first week");
        app.type_into(
            "form[data-testid=record-form] [name=body]",
            "I learned **a lot** about <script>intake</script>.",
        );
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "My first week");
        // Markdown is rendered as text, never as HTML.
        app.wait_text("[data-testid=record-detail]", "<script>intake</script>");

        app.click("[data-testid=nav-goal]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=statement]", "Present my research to a panel");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Present my research to a panel");

        app.click("[data-testid=nav-badge]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=name]", "First Aid Basics");
        app.type_into("form[data-testid=record-form] [name=issuer_name]", "City Red Cross");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "First Aid Basics");
        for kind in ["experience", "reflection", "goal", "badge"] {
            app.wait_text(&format!("[data-testid=nav-{kind}] [data-testid=count]"), "1");
        }
        app.screenshot("03-workspace");
        app.quit();

        // Relaunch: everything is still there.
        let app = driver.launch();
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Ros");
        for (kind, title) in [
            ("experience", "Harbor clinic internship"),
            ("reflection", "My first week"),
            ("goal", "Present my research to a panel"),
            ("badge", "First Aid Basics"),
        ] {
            app.click(&format!("[data-testid=nav-{kind}]"));
            app.wait_text("[data-testid=record-list]", title);
            assert_eq!(app.count("[data-testid=record-item]"), 1, "{kind}");
        }
        app.screenshot("04-after-restart");
        app.quit();
        assert!(data.join("store").join("db").exists(), "the store is in the test's data folder");
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn demo_portfolio_filter_and_undo_delete() {
    with_app(|driver, _data| {
        let app = driver.launch();
        app.click("[data-testid=onboarding-demo]");
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Maya");
        app.click("[data-testid=nav-experience]");
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "10");
        app.wait_text("[data-testid=record-list]", "Veterinary assistant internship");
        app.screenshot("05-demo");
        app.type_into("[data-testid=filter]", "bike co-op");
        let start = Instant::now();
        while app.count("[data-testid=record-item]") != 1 {
            assert!(start.elapsed() < WAIT, "filter did not narrow the list");
            std::thread::sleep(Duration::from_millis(100));
        }
        app.click("[data-testid=record-item]");
        app.wait_text("[data-testid=record-detail]", "Mechanic at the bike co-op");
        app.click("[data-testid=delete-record]");
        if app.find_now("[data-testid=confirm]").is_some() {
            app.click("[data-testid=confirm]");
        }
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "9");
        app.click("[data-testid=undo]");
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "10");
        app.quit();
    });
}
