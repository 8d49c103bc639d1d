//! The Learner Portfolio desktop app: a thin Tauri shell over the core crates.
//!
//! Everything the app knows lives in Tauri-free crates (`portfolio-domain`,
//! `portfolio-store`, `portfolio-demo`). This crate only:
//! - resolves the data folder and opens the store once per process ([`state`]);
//! - exposes thin `#[tauri::command]`s that call the core and map its errors to
//!   the `{code, message, fields}` contract ([`commands`]);
//! - makes a second launch focus the running window (single-instance plugin).

pub mod commands;
pub mod filedrop;
pub mod state;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use tauri::{Manager, Runtime};

pub use state::AppState;

/// The app's compiled context: tauri.conf.json, capabilities, embedded UI.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Adds the app's state, commands and setup to a builder (real or mock runtime).
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(commands::handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drop) = event {
                filedrop::on_drag_drop(window, drop);
            }
        })
        .register_asynchronous_uri_scheme_protocol("lp-media", |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            let path = request.uri().path().to_string();
            std::thread::spawn(move || responder.respond(media_response(&app.state::<AppState>(), &path)));
        })
        .setup(|app| {
            // Open the store now rather than on the first command, so a
            // problem is known (and logged) from the start.
            let state = app.state::<AppState>();
            match state.store() {
                Err(e) => eprintln!("learner-portfolio: {}", e.message),
                Ok(store) => startup_checks(store, state.data_dir()),
            }
            Ok(())
        })
}

/// Serves `lp-media://localhost/<sha256>/<thumb|screen|print>` (`path` is the
/// URI's path): an evidence image's or a learner photo's derivative, found by
/// content hash inside the media folder only; 404 for anything else.
pub fn media_response(state: &AppState, path: &str) -> tauri::http::Response<Vec<u8>> {
    let not_found = || tauri::http::Response::builder().status(404).body(Vec::new()).unwrap_or_default();
    let mut parts = path.trim_start_matches('/').split('/');
    let (Some(sha), Some(variant), None) = (parts.next(), parts.next(), parts.next()) else { return not_found() };
    let Ok(media) = state.media() else { return not_found() };
    let Ok(file) = portfolio_evidence::derivative_path(media, sha, variant) else { return not_found() };
    if !portfolio_evidence::is_inside(media.root(), &file) {
        return not_found();
    }
    let Ok(bytes) = std::fs::read(&file) else { return not_found() };
    let mime = if file.extension().is_some_and(|e| e == "png") { "image/png" } else { "image/jpeg" };
    tauri::http::Response::builder()
        .header("Content-Type", mime)
        .header("Cache-Control", "max-age=31536000, immutable")
        .body(bytes)
        .unwrap_or_else(|_| not_found())
}

/// At start: rebuild damaged indexes from the records (the records are the
/// truth) and make the daily backup when one is due. Problems are logged; a
/// failed check never stops the app.
pub fn startup_checks(store: &portfolio_store::Store, data_dir: Option<&std::path::Path>) {
    match store.check_integrity() {
        Ok(report) if report.problems.iter().any(|p| p.contains("index")) => match store.repair_indexes() {
            Ok(n) => eprintln!("learner-portfolio: rebuilt the indexes from the records ({n} entries)"),
            Err(e) => eprintln!("learner-portfolio: could not rebuild the indexes: {e}"),
        },
        Ok(report) => {
            for p in report.problems {
                eprintln!("learner-portfolio: {p}");
            }
        }
        Err(e) => eprintln!("learner-portfolio: integrity check failed: {e}"),
    }
    if let Ok(media) = portfolio_evidence::open_media(store) {
        match portfolio_evidence::missing_files(store, &media) {
            Ok(missing) => missing.iter().for_each(|m| eprintln!("learner-portfolio: {m}")),
            Err(e) => eprintln!("learner-portfolio: could not check the evidence files: {}", e.message),
        }
        // Originals no record has used for 30 days go, with their derivatives.
        let now = std::time::SystemTime::now();
        match portfolio_evidence::collect_garbage(store, &media, now, portfolio_evidence::DEFAULT_GRACE, false) {
            Ok(r) => r.removed.iter().for_each(|u| {
                eprintln!(
                    "learner-portfolio: removed the unused evidence file \u{201c}{}\u{201d} ({})",
                    u.name, u.sha256
                )
            }),
            Err(e) => eprintln!("learner-portfolio: could not clean up unused evidence files: {}", e.message),
        }
    }
    if let Some(dir) = data_dir {
        if let Err(e) = portfolio_archive::backup::daily_if_due(store, &dir.join("backups"), chrono::Utc::now()) {
            eprintln!("learner-portfolio: the daily backup failed: {e}");
        }
    }
}

/// `--data-dir DIR` or `--data-dir=DIR` from the command line, if given.
pub fn data_dir_arg(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

static STARTED: OnceLock<Instant> = OnceLock::new();

/// When the process started (first call to [`run`] or to this function).
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

/// Runs the desktop app.
pub fn run() {
    started();
    let explicit = data_dir_arg(std::env::args().skip(1));
    let state = AppState::new(portfolio_store::paths::data_dir(explicit.as_deref()));
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    if let Err(e) = configure(builder, state).run(context()) {
        eprintln!("Learner Portfolio could not start: {e}");
        std::process::exit(1);
    }
}
