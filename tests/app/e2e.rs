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
        if let Err(e) = self.post(&format!("/element/{id}/click"), json!({})) {
            // A sticky footer or a toast can cover the target after scrolling:
            // centre it and click through the DOM, as a user would after scrolling.
            assert!(e.contains("intercepted") || e.contains("not interactable"), "click {css}: {e}");
            let script = "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click(); return true;";
            self.post("/execute/sync", json!({"script": script, "args": [{ELEMENT: id}]}))
                .unwrap_or_else(|e| panic!("click {css}: {e}"));
        }
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

    /// Chooses the option of select `css` whose label contains `label`.
    fn select_by_text(&self, css: &str, label: &str) {
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
    fn js_click(&self, id: &str) {
        self.post("/execute/sync", json!({"script": "arguments[0].click(); return true;", "args": [{ELEMENT: id}]}))
            .unwrap_or_else(|e| panic!("js click: {e}"));
    }

    /// Waits until the element is enabled, then clicks it.
    fn click_when_enabled(&self, css: &str) {
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

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.post("/execute/sync", json!({"script": "const e = arguments[0]; return e.tagName === 'SELECT' ? e.textContent : e.innerText", "args": [{ELEMENT: id}]}))
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

    /// First launch: "Create a learner" with `name`, then the workspace.
    fn onboard(&self, name: &str) {
        self.click("[data-testid=onboarding-create]");
        self.type_into("input[name=name]", name);
        self.click("[data-testid=learner-save]");
        self.find("[data-testid=workspace]");
    }

    /// Adds an experience titled `title` and waits for its detail.
    fn add_experience(&self, title: &str) {
        self.click("[data-testid=nav-experience]");
        self.click("[data-testid=new-record]");
        self.type_into("form[data-testid=record-form] [name=title]", title);
        self.click("[data-testid=save-record]");
        self.wait_text("[data-testid=record-detail]", title);
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

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn learning_plan_loop_from_plan_to_next_plan() {
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Ana Reyes");

        // Evidence first: an experience.
        app.click("[data-testid=nav-experience]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=title]", "Harbor clinic internship");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Harbor clinic internship");

        // Two marking periods.
        app.click("[data-testid=nav-plan]");
        for (name, start, end) in [("Quarter 1", "2026-09-01", "2026-12-31"), ("Quarter 2", "2027-01-01", "2027-03-31")]
        {
            app.click("[data-testid=new-period]");
            app.type_into("[name=period-name]", name);
            app.set_value("[name=period-start]", start);
            app.set_value("[name=period-end]", end);
            app.click("[data-testid=save-period]");
            app.wait_text("[data-testid=period-select]", name);
        }
        // Overlapping dates are refused inline.
        app.click("[data-testid=new-period]");
        app.type_into("[name=period-name]", "Overlap");
        app.set_value("[name=period-start]", "2026-12-01");
        app.set_value("[name=period-end]", "2027-01-15");
        app.click("[data-testid=save-period]");
        app.wait_text("body", "overlaps");
        app.click("[data-testid=new-period]");
        app.select_by_text("[data-testid=period-select]", "Quarter 1");

        // A plan with two goals, signed by student and advisor.
        app.click("[data-testid=tab-plan]");
        app.click("[data-testid=create-plan]");
        app.click("[data-testid=add-plan-goal]");
        app.click("[data-testid=add-plan-goal]");
        let titles = app.all("[name=plan-goal-title]");
        assert_eq!(titles.len(), 2, "two plan goals");
        app.type_into_id(&titles[0], "Run a water-quality study");
        app.type_into_id(&titles[1], "Explain my results to the city council");
        app.click_when_enabled("[data-testid=save-plan]");
        for (name, role) in [("Ana Reyes", "student"), ("Mr. Osei", "advisor")] {
            app.type_into("[name=signer-name]", name);
            app.set_value("[name=signer-role]", role);
            app.click_when_enabled("[data-testid=sign-plan]");
            app.wait_text("[data-testid=plan-signed]", name);
        }
        app.wait_text("[data-testid=plan-revision]", "1");
        app.screenshot("06-plan-signed");

        // An exhibition with three panelists scoring on one device.
        app.click("[data-testid=tab-exhibition]");
        app.click("[data-testid=new-exhibition]");
        app.type_into("[name=exhibition-title]", "Quarter 1 exhibition");
        app.set_value("[name=exhibition-date]", "2026-12-15");
        while app.count("[name=panelist-name]") < 3 {
            app.click("[data-testid=add-panelist]");
        }
        let names = app.all("[name=panelist-name]");
        for (id, name) in names.iter().zip(["Ana Reyes", "Mr. Osei", "Dr. Priya Nair"]) {
            app.type_into_id(id, name);
        }
        app.click("[data-testid=create-exhibition]");
        app.click("[data-testid=panel-mode]");
        for (n, value) in ["4", "2", "3"].iter().enumerate() {
            app.click("[data-testid=choose-panelist]");
            let radios = app.all(&format!("input[name^=score-][value=\"{value}\"]"));
            assert_eq!(radios.len(), 5, "one level per criterion of the five learning goals");
            for r in &radios {
                app.js_click(r);
            }
            app.click("[data-testid=submit-sheet]");
            if n < 2 {
                app.wait_text("[data-testid=scoring-progress]", &format!("{} of 3", n + 1));
            }
        }
        app.find("[data-testid=score-summary]");
        assert!(app.count("[data-testid=wide]") >= 1, "scores 4, 2 and 3 differ widely");
        app.screenshot("07-panel-summary");
        app.set_value("[name=agreed-value]", "3");
        app.type_into("[name=recommendations]", "Use a control site next time");
        app.type_into("[name=next_plan_suggestions]", "Present to the city council");
        app.click_when_enabled("[data-testid=save-exhibition]");

        // Start the next plan: the recommendations are carried into it.
        app.select_by_text("[name=next-period]", "Quarter 2");
        app.click_when_enabled("[data-testid=start-next-plan]");
        app.wait_text("[data-testid=carried-recommendations]", "Use a control site next time");
        app.wait_text("[data-testid=carried-recommendations]", "Present to the city council");
        app.screenshot("08-next-plan");
        app.quit();

        // After a restart the signed plan and the carried recommendations are there.
        let app = driver.launch();
        app.click("[data-testid=nav-plan]");
        app.select_by_text("[data-testid=period-select]", "Quarter 2");
        app.click("[data-testid=tab-plan]");
        app.wait_text("[data-testid=carried-recommendations]", "Use a control site next time");
        app.select_by_text("[data-testid=period-select]", "Quarter 1");
        app.click("[data-testid=tab-plan]");
        app.wait_text("[data-testid=plan-signed]", "Mr. Osei");
        app.quit();
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn badge_file_import_shows_offline_verification() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/openbadges/ob30_simple-json.png");
    let Ok(fixture) = fixture.canonicalize() else {
        eprintln!("SKIPPED: Open Badges fixtures not found");
        return;
    };
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Beth Robot");
        app.click("[data-testid=nav-badge]");
        // A file chooser receives the path as a person would pick it.
        let input = app.find("[data-testid=badge-file-input]");
        app.post(&format!("/element/{input}/value"), json!({"text": fixture.to_string_lossy()}))
            .unwrap_or_else(|e| panic!("choose file: {e}"));
        app.wait_text("[data-testid=import-results]", "Verified");
        app.wait_text("[data-testid=nav-badge] [data-testid=count]", "1");
        app.wait_text("[data-testid=badge-status]", "Verified");
        app.screenshot("09-badge-verified");

        // An advisor issues a badge to this learner on the same computer.
        app.click("[data-testid=issue-badge]");
        app.find("[data-testid=issue-dialog]");
        app.click("[data-testid=new-issuer]");
        app.type_into("[name=issuer-name]", "Ms. Delgado");
        app.click("[data-testid=create-issuer]");
        app.wait_text("[name=issuer]", "Ms. Delgado");
        app.type_into("[name=issue-name]", "Field Researcher");
        app.type_into("[name=issue-description]", "Designed and ran a field study.");
        app.type_into("[name=issue-criteria]", "Ten rounds of counts and a public presentation.");
        app.click("[data-testid=issue-submit]");
        app.wait_text("[data-testid=nav-badge] [data-testid=count]", "2");
        app.wait_text("[data-testid=record-detail]", "Field Researcher");
        app.wait_text("[data-testid=badge-status]", "Verified");
        app.screenshot("10-badge-issued");
        app.quit();
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn photos_picked_and_dropped_on_an_experience_show_after_a_restart() {
    let photos = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (1..=2u8)
        .map(|i| {
            let p = photos.path().join(format!("prototype-{i}.png"));
            std::fs::write(&p, super::support::png(640, 480, i * 40)).unwrap();
            p
        })
        .collect();
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Ana Reyes");
        app.add_experience("Bike light prototype");
        // Choose both photos at once, as in a file chooser.
        let input = app.find("[data-testid=evidence-file-input]");
        let both = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>().join("\n");
        app.post(&format!("/element/{input}/value"), json!({"text": both}))
            .unwrap_or_else(|e| panic!("choose files: {e}"));
        let start = Instant::now();
        while app.count("[data-testid=evidence-item]") < 2 {
            assert!(start.elapsed() < WAIT, "the two photos never appeared: {}", app.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
        // A file dropped on the detail pane is attached too (HTML5 drop, as
        // from a file manager: the window's native drag-and-drop is off).
        let drop = "const c = document.createElement('canvas'); c.width = 64; c.height = 48; \
                    const g = c.getContext('2d'); g.fillStyle = '#0f6e6e'; g.fillRect(0, 0, 64, 48); \
                    const bin = atob(c.toDataURL('image/png').split(',')[1]); \
                    const bytes = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i); \
                    const dt = new DataTransfer(); dt.items.add(new File([bytes], 'dropped.png', {type: 'image/png'})); \
                    const target = document.querySelector('[data-testid=evidence]'); \
                    for (const type of ['dragenter', 'dragover', 'drop']) \
                      target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt})); \
                    return true;";
        app.post("/execute/sync", json!({"script": drop, "args": []})).unwrap_or_else(|e| panic!("drop: {e}"));
        let start = Instant::now();
        while app.count("[data-testid=evidence-item]") < 3 {
            assert!(start.elapsed() < WAIT, "the dropped file never appeared: {}", app.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
        app.quit();

        let app = driver.launch();
        app.click("[data-testid=nav-experience]");
        app.click("[data-testid=record-item]");
        app.wait_text("[data-testid=record-detail]", "Bike light prototype");
        let loaded = "return [...document.querySelectorAll('[data-testid=evidence-item] img')].filter(i => i.complete && i.naturalWidth > 0).length";
        let start = Instant::now();
        loop {
            let n = app
                .post("/execute/sync", json!({"script": loaded, "args": []}))
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            if n == 3 {
                break;
            }
            assert!(start.elapsed() < WAIT, "{n} of 3 thumbnails loaded after the restart");
            std::thread::sleep(Duration::from_millis(100));
        }
        app.screenshot("11-evidence");
        app.quit();
    });
}

/// Runs xdotool (the save dialog is a native GTK window, outside the webview).
fn xdotool(args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("20")
        .arg("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("xdotool is needed for native dialogs: {e}"));
    assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver, WebKitWebDriver and xdotool; run by .ci/test.sh"]
fn learning_plan_pdf_is_saved_through_the_native_save_dialog() {
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("maya-plan.pdf");
    with_app(|driver, _data| {
        let app = driver.launch();
        app.click("[data-testid=onboarding-demo]");
        app.wait_text("[data-testid=learner-switcher]", "Maya");
        app.click("[data-testid=nav-plan]");
        app.click("[data-testid=export-plan]");
        app.find("[data-testid=export-dialog]");
        // Don't launch a PDF viewer in the test.
        app.click("[data-testid=open-after]");
        app.click("[data-testid=export-save]");
        // The core renders first, then opens GTK's save dialog; a person types a path.
        let window = xdotool(&["search", "--sync", "--name", "Save the PDF"]);
        let window = window.lines().next().unwrap_or_default().trim().to_string();
        app.screenshot("11-save-pdf-dialog");
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["type", "--delay", "15", &target.to_string_lossy()]);
        xdotool(&["key", "Return"]);
        app.wait_text("[data-testid=toasts]", "Saved maya-plan.pdf");
        app.screenshot("12-pdf-saved");
        app.quit();
    });
    let text = Command::new("pdftotext").arg(&target).arg("-").output().unwrap_or_else(|e| panic!("pdftotext: {e}"));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("LEARNING PLAN") && text.contains("Maya Okafor"), "{text}");
    assert!(text.contains("Plan goals") && text.contains("Signatures"));
    let info = Command::new("pdfinfo").arg(&target).output().unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:") && (info.contains("(A4)") || info.contains("612 x 792")), "{info}");
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver, WebKitWebDriver, xdotool and python3-gi; run by .ci/test.sh"]
fn photos_dragged_from_another_program_are_attached() {
    let photos = tempfile::tempdir().unwrap();
    let paths: Vec<String> = (1..=2u8)
        .map(|i| {
            let p = photos.path().join(format!("poster-{i}.png"));
            std::fs::write(&p, super::support::png(320, 240, i * 70)).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Ana Reyes");
        app.add_experience("Science fair poster");

        // Where the evidence section is on the screen.
        let window = xdotool(&["search", "--sync", "--name", "^Learner Portfolio$"]);
        let window = window.lines().next().unwrap_or_default().trim().to_string();
        let geometry = xdotool(&["getwindowgeometry", &window]);
        let pos = geometry.lines().find_map(|l| l.trim().strip_prefix("Position: ")).unwrap_or("0,0 ");
        let (wx, wy) = pos.split_whitespace().next().unwrap_or("0,0").split_once(',').unwrap_or(("0", "0"));
        let rect = app
            .post(
                "/execute/sync",
                json!({"script": "const r = document.querySelector('[data-testid=evidence]').getBoundingClientRect(); return [Math.round(r.left + r.width / 2), Math.round(r.top + Math.min(r.height / 2, 40))]", "args": []}),
            )
            .unwrap_or_else(|e| panic!("evidence rect: {e}"));
        let tx = wx.parse::<i64>().unwrap_or(0) + rect[0].as_i64().unwrap_or(0);
        let ty = wy.parse::<i64>().unwrap_or(0) + rect[1].as_i64().unwrap_or(0);

        // Another program (a small GTK window, like a file manager) offers the files.
        let mut source = Command::new("/usr/bin/python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/app/drag_source.py"))
            .args(&paths)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("python3-gi drag source: {e}"));
        let mut lines = std::io::BufRead::lines(std::io::BufReader::new(source.stdout.take().unwrap()));
        let ready = lines.next().and_then(Result::ok).unwrap_or_default();
        let xy: Vec<i64> = ready.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        assert_eq!(xy.len(), 2, "drag source did not start: {ready:?}");
        xdotool(&["mousemove", &xy[0].to_string(), &xy[1].to_string()]);
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["mousedown", "1"]);
        for step in 1..=12 {
            let x = xy[0] + (tx - xy[0]) * step / 12;
            let y = xy[1] + (ty - xy[1]) * step / 12;
            xdotool(&["mousemove", &x.to_string(), &y.to_string()]);
            std::thread::sleep(Duration::from_millis(60));
        }
        // Linger over the target as a hand does (WebKit answers XDND positions as they come).
        for k in 0..6 {
            xdotool(&["mousemove", &(tx + k % 2 * 4).to_string(), &(ty + k % 3 * 3).to_string()]);
            std::thread::sleep(Duration::from_millis(150));
        }
        app.screenshot("13a-dragging");
        xdotool(&["mouseup", "1"]);
        let start = Instant::now();
        while app.count("[data-testid=evidence-item]") < 2 {
            assert!(start.elapsed() < WAIT, "the dragged files never appeared: {}", app.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
        app.screenshot("13-dragged-from-another-program");
        let _ = source.kill();
        let _ = source.wait();
        app.wait_text("[data-testid=evidence]", "poster-1.png");
        app.quit();
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn a_learner_photo_replaces_the_initials() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("me.png");
    std::fs::write(&photo, super::support::png(400, 400, 120)).unwrap();
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Ana Reyes");
        app.click("[data-testid=learner-switcher]");
        app.click("[data-testid=edit-profile]");
        let input = app.find("[data-testid=learner-photo-input]");
        app.post(&format!("/element/{input}/value"), json!({"text": photo.to_string_lossy()}))
            .unwrap_or_else(|e| panic!("choose photo: {e}"));
        let loaded = "return [...document.querySelectorAll('[data-testid=learner-switcher] img')].filter(i => i.complete && i.naturalWidth > 0 && i.alt === 'Ana Reyes').length";
        let start = Instant::now();
        loop {
            let n = app.post("/execute/sync", json!({"script": loaded, "args": []})).ok().and_then(|v| v.as_u64());
            if n == Some(1) {
                break;
            }
            assert!(start.elapsed() < WAIT, "the photo never replaced the initials: {}", app.page_text());
            std::thread::sleep(Duration::from_millis(100));
        }
        app.screenshot("14-learner-photo");
        app.quit();
    });
}
