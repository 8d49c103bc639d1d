//! The Learner Portfolio desktop app: a thin Tauri shell over the core crates.
//!
//! Everything the app knows lives in Tauri-free crates (`portfolio-domain`,
//! `portfolio-store`, `portfolio-demo`). This crate only:
//! - resolves the data folder and opens the store once per process ([`state`]);
//! - exposes thin `#[tauri::command]`s that call the core and map its errors to
//!   the `{code, message, fields}` contract ([`commands`]);
//! - makes a second launch focus the running window (single-instance plugin).

pub mod commands;
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
    builder.manage(state).invoke_handler(commands::handler()).setup(|app| {
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
        .plugin(tauri_plugin_dialog::init());
    if let Err(e) = configure(builder, state).run(context()) {
        eprintln!("Learner Portfolio could not start: {e}");
        std::process::exit(1);
    }
}
