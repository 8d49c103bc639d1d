//! Photos picked, dropped and dragged from another program; a learner's photo.

#[allow(unused_imports)]
use super::driver::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn photos_picked_and_dropped_on_an_experience_show_after_a_restart() {
    let photos = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (1..=2u8)
        .map(|i| {
            let p = photos.path().join(format!("prototype-{i}.png"));
            std::fs::write(&p, crate::app::support::png(640, 480, i * 40)).unwrap();
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

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver, WebKitWebDriver, xdotool and python3-gi; run by .ci/test.sh"]
fn photos_dragged_from_another_program_are_attached() {
    let photos = tempfile::tempdir().unwrap();
    let paths: Vec<String> = (1..=2u8)
        .map(|i| {
            let p = photos.path().join(format!("poster-{i}.png"));
            std::fs::write(&p, crate::app::support::png(320, 240, i * 70)).unwrap();
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
    std::fs::write(&photo, crate::app::support::png(400, 400, 120)).unwrap();
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
