//! End-to-end tests of the real app binary in its real webview, driven by
//! tauri-driver + WebKitWebDriver. They need an X display (Xvfb), a D-Bus
//! session, `tauri-driver` on PATH and `WebKitWebDriver`; `.ci/test.sh` runs
//! them with `--include-ignored` under `dbus-run-session` and `xvfb-run`.
//!
//! Each test gets its own data folder (never the user's) and its own ports;
//! tests run one at a time (the app is single-instance).
//!
//! `driver` starts tauri-driver and the app and speaks WebDriver; the tests
//! are grouped by area. Every test runs through `with_app` (its own data
//! folder and ports, one at a time).

mod a11y;
mod badges;
mod driver;
mod evidence;
mod plan;
mod records;
mod team;
