//! The Learner Portfolio desktop app: a thin Tauri shell over the
//! application layer (`portfolio-app`).
//!
//! This crate only:
//! - resolves the data folder and opens it once per process ([`state`]);
//! - exposes thin `#[tauri::command]`s that decode arguments, open native
//!   dialogs and call one use case ([`commands`]; the list is in
//!   `commands/list.rs`);
//! - serves evidence pictures through the `lp-media` protocol and relays
//!   files dropped from other programs ([`filedrop`]);
//! - runs the team's background sync and sends its status to the window ([`background`]);
//! - makes a second launch focus the running window (single-instance plugin).

pub mod background;
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
            match state.app() {
                Err(e) => eprintln!("learner-portfolio: {}", e.message),
                Ok(app) => {
                    app.startup_upkeep().iter().for_each(|note| eprintln!("learner-portfolio: {note}"));
                    state.background().start(app);
                }
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
    let Some((bytes, mime)) = state.app().ok().and_then(|app| app.media_file(sha, variant)) else { return not_found() };
    tauri::http::Response::builder()
        .header("Content-Type", mime)
        .header("Cache-Control", "max-age=31536000, immutable")
        .body(bytes)
        .unwrap_or_else(|_| not_found())
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

/// Opens the main window as tauri.conf.json describes it (`create: false`
/// there), with its webview storage inside the data folder
/// (`DataDir::webview`) rather than the platform's app-data folder.
fn main_window(app: &tauri::App, webview_dir: Option<PathBuf>) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main").cloned() else {
        return Ok(());
    };
    let mut builder = tauri::WebviewWindowBuilder::from_config(app, &config)?;
    if let Some(dir) = webview_dir {
        builder = builder.data_directory(dir);
    }
    builder.build()?;
    Ok(())
}

/// Runs the desktop app.
pub fn run() {
    started();
    let explicit = data_dir_arg(std::env::args().skip(1));
    let resolved = portfolio_app::DataDir::resolve(explicit.as_deref());
    if let Some(note) = &resolved.note {
        eprintln!("learner-portfolio: {note}");
    }
    let webview_dir = resolved.dir.as_ref().map(portfolio_app::DataDir::webview);
    let state = AppState::new(resolved.dir);
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
    let started = configure(builder, state).build(context()).and_then(|app| {
        main_window(&app, webview_dir)?;
        Ok(app)
    });
    match started {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                // Finish the round that runs and write every document change to disk.
                let state = handle.state::<AppState>();
                state.background().stop();
                if let Ok(app) = state.app() {
                    let _ = app.stop_sync();
                }
            }
        }),
        Err(e) => {
            eprintln!("Learner Portfolio could not start: {e}");
            std::process::exit(1);
        }
    }
}
