//! IPC commands: thin adapters from the UI to the core crates.
//!
//! Each command takes plain serde arguments, calls the store, and returns
//! `Result<T, ApiError>`; the UI receives errors as `{code, message, fields}`.
//! Commands run off the main thread (`async`), so a slow disk never freezes the window.

pub mod app;
pub mod archives;
pub mod badges;
pub mod documents;
pub mod evidence;
pub mod learners;
pub mod learning_loop;
pub mod records;

use tauri::ipc::Invoke;
use tauri::Runtime;

/// The invoke handler with every command (the same list as build.rs).
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_status,
        app::app_ready,
        learners::list_learners,
        learners::create_learner,
        learners::update_learner,
        learners::delete_learner,
        learners::create_demo_learner,
        learners::set_learner_photo,
        learners::remove_learner_photo,
        records::list_records,
        records::record_counts,
        records::get_record,
        records::create_record,
        records::update_record,
        records::delete_record,
        records::restore_record,
        learning_loop::list_frameworks,
        learning_loop::save_framework,
        learning_loop::delete_framework,
        learning_loop::import_framework_matrix,
        learning_loop::export_framework_matrix,
        learning_loop::period_overview,
        learning_loop::exhibition_summary,
        learning_loop::start_next_plan,
        badges::import_badge,
        badges::check_badge,
        badges::list_issuers,
        badges::create_issuer,
        badges::issue_badge,
        badges::export_issuer_key,
        archives::list_backups,
        archives::create_backup,
        archives::restore_backup,
        archives::export_archive,
        archives::import_archive,
        archives::recover_from_backup,
        evidence::attach_evidence,
        evidence::open_evidence,
        documents::export_document,
        crate::filedrop::watch_file_drops,
        crate::filedrop::dropped_file,
        documents::paper_for_locale,
        evidence::show_evidence_in_folder,
    ]
}
