//! The WebDriver session with the real app: tauri-driver on free ports, a
//! data folder per test, screenshots at the X level.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub(super) const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
pub(super) const WAIT: Duration = Duration::from_secs(20);
pub(super) static SERIAL: Mutex<()> = Mutex::new(());

pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running tauri-driver, stopped with SIGTERM when dropped; any app process
/// left running on this test's data folder is then killed too, so a failed
/// test never leaves an instance that the next launch would merely focus.
pub(super) struct Driver {
    child: Child,
    base: String,
    data_dir: PathBuf,
}

impl Driver {
    pub(super) fn start(data_dir: &Path) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("LEARNER_PORTFOLIO_DATA_DIR", data_dir)
            // Whatever else the app, WebKit or GTK keep per user goes here too,
            // never into the real home folder.
            .env("XDG_DATA_HOME", data_dir.join("xdg-data"))
            .env("XDG_CACHE_HOME", data_dir.join("xdg-cache"))
            .env("XDG_CONFIG_HOME", data_dir.join("xdg-config"))
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

    pub(super) fn launch(&self) -> Session {
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
    pub(super) fn kill_leftover_apps(&self) {
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

pub(super) fn request(req: ureq::Request, body: Option<Value>) -> Result<Value, String> {
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
pub(super) struct Session {
    url: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(ureq::delete(&self.url), None);
    }
}

impl Session {
    pub(super) fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        request(ureq::post(&format!("{}{path}", self.url)), Some(body))
    }

    /// Quits the app.
    pub(super) fn quit(self) {
        // Dropping ends the session, which closes the app.
    }

    pub(super) fn find_now(&self, css: &str) -> Option<String> {
        self.post("/element", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| v[ELEMENT].as_str().map(str::to_string))
    }

    /// Waits for an element matching `css`.
    pub(super) fn find(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(id) = self.find_now(css) {
                return id;
            }
            assert!(start.elapsed() < WAIT, "no element matches {css}; page text: {}", self.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(super) fn count(&self, css: &str) -> usize {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| v.as_array().map(Vec::len))
            .unwrap_or(0)
    }

    pub(super) fn click(&self, css: &str) {
        let id = self.find(css);
        if let Err(e) = self.post(&format!("/element/{id}/click"), json!({})) {
            // A sticky footer or a toast can cover the target after scrolling:
            // centre it and click through the DOM, as a user would after scrolling.
            assert!(e.contains("intercepted") || e.contains("not interactable"), "click {css}: {e}");
            let script = "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click(); return true;";
            self.post("/execute/sync", json!({"script": script, "args": [{ELEMENT: id}]}))
                .unwrap_or_else(|e| panic!("click {css}: {e}"));
        }
    }

    pub(super) fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        let _ = self.post(&format!("/element/{id}/clear"), json!({}));
        self.post(&format!("/element/{id}/value"), json!({"text": text}))
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// The element's rendered text (`innerText`; WebKit's "Get Element Text"
    /// drops text after some block children).
    /// All elements matching `css` (may be none).
    pub(super) fn all(&self, css: &str) -> Vec<String> {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| {
                v.as_array().map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(str::to_string)).collect())
            })
            .unwrap_or_default()
    }

    /// Types into the element with WebDriver id `id`.
    pub(super) fn type_into_id(&self, id: &str, text: &str) {
        let _ = self.post(&format!("/element/{id}/clear"), json!({}));
        self.post(&format!("/element/{id}/value"), json!({"text": text})).unwrap_or_else(|e| panic!("type: {e}"));
    }

    /// Sets a form control's value as a user would (date pickers and selects
    /// differ between platforms, so this sets the value and fires the events).
    pub(super) fn set_value(&self, css: &str, value: &str) {
        let id = self.find(css);
        let script = "const el = arguments[0]; el.focus(); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', {bubbles: true})); \
                      el.dispatchEvent(new Event('change', {bubbles: true})); return el.value;";
        let v =
            self.post("/execute/sync", json!({"script": script, "args": [{ELEMENT: id}, value]})).unwrap_or_default();
        assert_eq!(v.as_str(), Some(value), "could not set {css}");
    }

    /// Chooses the option of select `css` whose label contains `label`.
    pub(super) fn select_by_text(&self, css: &str, label: &str) {
        let id = self.find(css);
        let script = "const s = arguments[0]; const o = [...s.options].find(o => o.text.includes(arguments[1])); \
                      if (!o) return null; s.value = o.value; \
                      s.dispatchEvent(new Event('input', {bubbles: true})); \
                      s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;";
        let start = Instant::now();
        loop {
            let v = self
                .post("/execute/sync", json!({"script": script, "args": [{ELEMENT: id.clone()}, label]}))
                .unwrap_or_default();
            if v.is_string() {
                return;
            }
            assert!(start.elapsed() < WAIT, "no option {label:?} in {css}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks through the DOM (for styled radios WebDriver deems hidden).
    pub(super) fn js_click(&self, id: &str) {
        self.post("/execute/sync", json!({"script": "arguments[0].click(); return true;", "args": [{ELEMENT: id}]}))
            .unwrap_or_else(|e| panic!("js click: {e}"));
    }

    /// Waits until the element is enabled, then clicks it.
    pub(super) fn click_when_enabled(&self, css: &str) {
        let start = Instant::now();
        loop {
            let id = self.find(css);
            let disabled = self
                .post(
                    "/execute/sync",
                    json!({"script": "return arguments[0].disabled === true", "args": [{ELEMENT: id}]}),
                )
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if !disabled {
                return self.click(css);
            }
            assert!(start.elapsed() < WAIT, "{css} stayed disabled");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(super) fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.post("/execute/sync", json!({"script": "const e = arguments[0]; return e.tagName === 'SELECT' ? e.textContent : e.innerText", "args": [{ELEMENT: id}]}))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub(super) fn page_text(&self) -> String {
        self.post("/execute/sync", json!({"script": "return document.body ? document.body.innerText : ''", "args": []}))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits until the text of `css` contains `expected`.
    pub(super) fn wait_text(&self, css: &str, expected: &str) -> String {
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

    /// First launch: "Create a learner" with `name`, then the workspace.
    pub(super) fn onboard(&self, name: &str) {
        self.click("[data-testid=onboarding-create]");
        self.type_into("input[name=name]", name);
        self.click("[data-testid=learner-save]");
        self.find("[data-testid=workspace]");
    }

    /// Adds an experience titled `title` and waits for its detail.
    pub(super) fn add_experience(&self, title: &str) {
        self.click("[data-testid=nav-experience]");
        self.click("[data-testid=new-record]");
        self.type_into("form[data-testid=record-form] [name=title]", title);
        self.click("[data-testid=save-record]");
        self.wait_text("[data-testid=record-detail]", title);
    }

    /// Captures the screen at the X level (WebDriver screenshots can hang).
    pub(super) fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("LP_SCREENSHOTS") else { return };
        let _ = std::fs::create_dir_all(&dir);
        let path = PathBuf::from(dir).join(format!("{name}.png"));
        let _ = Command::new("import").args(["-window", "root"]).arg(&path).status();
    }
}

pub(super) fn with_app(test: impl FnOnce(&Driver, &Path)) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path());
    test(&driver, data.path());
}

pub(super) fn xdotool(args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("20")
        .arg("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("xdotool is needed for native dialogs: {e}"));
    assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
