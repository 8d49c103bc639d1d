//! Build script: Tauri's context, ACL and capabilities (kept in src-tauri/capabilities).

/// Every app command; each gets `allow-<command>` / `deny-<command>` permissions.
const COMMANDS: &[&str] = &[
    "app_status",
    "app_ready",
    "list_learners",
    "create_learner",
    "update_learner",
    "delete_learner",
    "create_demo_learner",
    "set_learner_photo",
    "remove_learner_photo",
    "list_records",
    "record_counts",
    "get_record",
    "create_record",
    "update_record",
    "delete_record",
    "restore_record",
    "list_frameworks",
    "save_framework",
    "delete_framework",
    "import_framework_matrix",
    "export_framework_matrix",
    "period_overview",
    "exhibition_summary",
    "start_next_plan",
    "import_badge",
    "check_badge",
    "list_issuers",
    "create_issuer",
    "issue_badge",
    "export_issuer_key",
    "list_backups",
    "create_backup",
    "restore_backup",
    "export_archive",
    "import_archive",
    "recover_from_backup",
    "attach_evidence",
    "open_evidence",
    "show_evidence_in_folder",
    "export_document",
    "watch_file_drops",
    "dropped_file",
    "paper_for_locale",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
