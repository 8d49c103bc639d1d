//! IPC through `tauri::test`: the real context (config, capabilities, ACL) on
//! the mock runtime, with a store in a temporary folder.

use learner_portfolio_app::{configure, context, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub(crate) struct Harness {
    _app: App<MockRuntime>,
    pub(crate) main: WebviewWindow<MockRuntime>,
    other: WebviewWindow<MockRuntime>,
    _dir: Option<tempfile::TempDir>,
}

pub(crate) fn harness_with(data_dir: Option<std::path::PathBuf>, keep: Option<tempfile::TempDir>) -> Harness {
    let app = configure(mock_builder(), AppState::new(data_dir.map(portfolio_app::DataDir::new)))
        .build(context())
        .expect("app builds");
    let main = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window");
    let other = WebviewWindowBuilder::new(&app, "other", Default::default()).build().expect("other window");
    Harness { _app: app, main, other, _dir: keep }
}

pub(crate) fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    harness_with(Some(dir.path().to_path_buf()), Some(dir))
}

pub(crate) fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

pub(crate) fn ok(h: &Harness, cmd: &str, args: Value) -> Value {
    invoke(&h.main, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

#[test]
fn learner_and_record_lifecycle_over_ipc() {
    let h = harness();
    let status = ok(&h, "app_status", json!({}));
    assert_eq!(status["store_error"], Value::Null);
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(ok(&h, "list_learners", json!({})), json!([]));

    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Maya Okafor", "emails": ["maya@example.org"]}}));
    let lid = learner["id"].as_str().unwrap().to_string();
    let exp = ok(
        &h,
        "create_record",
        json!({"learnerId": lid, "data": {"kind": "experience", "data": {"title": "Clinic internship", "start_date": "2026-09-01", "hours": 40}}}),
    );
    assert_eq!(exp["kind"], "experience");
    assert_eq!(exp["data"]["title"], "Clinic internship");
    assert_eq!(exp["meta"]["author_role"], "student");
    let eid = exp["meta"]["id"].as_str().unwrap().to_string();

    let updated = ok(
        &h,
        "update_record",
        json!({"id": eid, "data": {"kind": "experience", "data": {"title": "Clinic internship (year 2)", "start_date": "2026-09-01"}}}),
    );
    assert_eq!(updated["meta"]["created"], exp["meta"]["created"]);
    let listed = ok(&h, "list_records", json!({"learnerId": lid, "kind": "experience", "query": "year 2"}));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let counts = ok(&h, "record_counts", json!({"learnerId": lid}));
    assert_eq!(
        counts,
        json!({"experience": 1, "reflection": 0, "goal": 0, "badge": 0, "period": 0, "plan": 0, "check_in": 0, "exhibition": 0, "narrative": 0, "showcase": 0})
    );

    let deleted = ok(&h, "delete_record", json!({"kind": "experience", "id": eid}));
    assert_eq!(ok(&h, "list_records", json!({"learnerId": lid, "kind": "experience"})), json!([]));
    ok(&h, "restore_record", json!({"record": deleted}));
    assert_eq!(ok(&h, "get_record", json!({"kind": "experience", "id": eid})), updated);

    ok(&h, "delete_learner", json!({"id": lid}));
    assert_eq!(ok(&h, "list_learners", json!({})), json!([]));
}

#[test]
fn errors_arrive_as_code_and_message() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Jun"}}));
    let lid = learner["id"].as_str().unwrap();

    let err = invoke(&h.main, "create_record", json!({"learnerId": lid, "data": {"kind": "experience", "data": {"title": " ", "start_date": "2026-09-01", "end_date": "2026-01-01"}}})).unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["message"], "Title is required. (and 1 more problem)");
    assert_eq!(
        err["fields"],
        json!([
            {"field": "title", "message": "Title is required."},
            {"field": "end_date", "message": "End date cannot be before the start date."}
        ])
    );

    let err = invoke(&h.main, "get_record", json!({"kind": "goal", "id": "01890a5d-ac96-774b-bcce-b302099a8057"}))
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(
        err["message"],
        "No goal with id 01890a5d-ac96-774b-bcce-b302099a8057 exists (it may have been deleted)."
    );

    let err = invoke(&h.main, "create_learner", json!({"profile": {"name": ""}})).unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["fields"][0]["field"], "name");
    assert_eq!(ok(&h, "list_learners", json!({})).as_array().unwrap().len(), 1, "nothing stored on refusal");
}

#[test]
fn commands_are_denied_to_windows_without_the_capability() {
    let h = harness();
    let err = invoke(&h.other, "list_learners", json!({})).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("not allowed"), "{text}");
    // The main window may.
    assert_eq!(ok(&h, "list_learners", json!({})), json!([]));
}

#[test]
fn unopenable_store_is_reported_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("store")).unwrap();
    std::fs::write(dir.path().join("store").join("essay.txt"), "keep me").unwrap();
    let h = harness_with(Some(dir.path().to_path_buf()), None);
    let status = ok(&h, "app_status", json!({}));
    assert_eq!(status["store_error"]["code"], "store_unreadable");
    assert!(status["store_error"]["message"].as_str().unwrap().contains("already contains other files"));
    let err = invoke(&h.main, "list_learners", json!({})).unwrap_err();
    assert_eq!(err["code"], "store_unreadable");
    assert_eq!(std::fs::read_to_string(dir.path().join("store").join("essay.txt")).unwrap(), "keep me");
}

#[test]
fn demo_learner_over_ipc() {
    let h = harness();
    let learner = ok(&h, "create_demo_learner", json!({}));
    assert_eq!(learner["profile"]["name"], "Maya Okafor");
    let counts = ok(&h, "record_counts", json!({"learnerId": learner["id"]}));
    assert_eq!(counts["experience"], 10);
    assert_eq!(counts["badge"], 4);
}

#[test]
fn data_dir_argument_is_parsed() {
    use learner_portfolio_app::data_dir_arg;
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(data_dir_arg(args(&["--data-dir", "/tmp/x"])), Some("/tmp/x".into()));
    assert_eq!(data_dir_arg(args(&["--data-dir=/tmp/y"])), Some("/tmp/y".into()));
    assert_eq!(data_dir_arg(args(&["--other"])), None);
}

#[test]
fn badge_import_and_check_over_ipc() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/openbadges");
    let Ok(bytes) = std::fs::read(fixtures.join("ob30_simple-json.png")) else {
        eprintln!("SKIPPED: Open Badges fixtures not found at {}", fixtures.display());
        return;
    };
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    let out = ok(&h, "import_badge", json!({"learnerId": learner["id"], "bytes": bytes}));
    assert_eq!(out["check"]["status"], "verified");
    let id = out["records"][0]["meta"]["id"].clone();
    let check = ok(&h, "check_badge", json!({"id": id}));
    assert_eq!(check["status"], "verified");
    assert!(check["raw_json"].as_str().unwrap().contains("OpenBadgeCredential"));
    let err =
        invoke(&h.main, "import_badge", json!({"learnerId": learner["id"], "bytes": b"hello".to_vec()})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(ok(&h, "record_counts", json!({"learnerId": learner["id"]}))["badge"], 1);
}

/// Sharing as a holder is refused before any dialog or browser opens when
/// the badge is not the learner's, and denied to other windows.
#[test]
fn sharing_a_badge_as_a_presentation_or_on_linkedin_checks_the_badge_first() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    let unknown = "00000000-0000-4000-8000-000000000000";
    for cmd in ["share_badge_presentation", "add_badge_to_linkedin"] {
        let err = invoke(&h.main, cmd, json!({"learnerId": learner["id"], "id": unknown})).unwrap_err();
        assert_eq!(err["code"], "not_found", "{cmd}: {err}");
        let denied = invoke(&h.other, cmd, json!({"learnerId": learner["id"], "id": unknown})).unwrap_err();
        assert!(denied.to_string().contains("not allowed"), "{cmd}: {denied}");
    }
}

#[test]
fn an_advisor_issues_a_badge_over_ipc() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana Reyes", "emails": ["ana@example.org"]}}));
    let issuer = ok(&h, "create_issuer", json!({"name": "Ms. Delgado", "selfAsserted": false}));
    assert_eq!(ok(&h, "list_issuers", json!({})), json!([issuer.clone()]));
    let request = json!({"issuer_id": issuer["id"], "learner_id": learner["id"], "name": "Field Researcher",
                         "description": "Ran a field study.", "criteria": "Ten rounds of counts."});
    let out = ok(&h, "issue_badge", json!({"request": request}));
    assert_eq!(out["check"]["status"], "verified");
    assert_eq!(out["check"]["recipient_matches"], true);
    let err = invoke(&h.main, "export_issuer_key", json!({"id": issuer["id"], "passphrase": "short"})).unwrap_err();
    assert_eq!(err["code"], "invalid_input");
}

#[test]
fn backups_over_ipc_and_a_daily_backup_at_start() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = portfolio_app::App::open(&portfolio_app::DataDir::new(dir.path()), Default::default()).unwrap();
        app.create_demo(chrono::Utc::now().date_naive()).unwrap();
        // What the app's setup runs at start: integrity check and the daily backup.
        assert_eq!(app.startup_upkeep(), Vec::<String>::new());
        assert_eq!(app.startup_upkeep(), Vec::<String>::new());
    }
    let h = harness_with(Some(dir.path().to_path_buf()), None);
    let list = ok(&h, "list_backups", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["reason"], "daily");
    let manual = ok(&h, "create_backup", json!({}));
    assert_eq!(manual["reason"], "manual");
    let learners = ok(&h, "list_learners", json!({}));
    ok(&h, "delete_learner", json!({"id": learners[0]["id"]}));
    let report = ok(&h, "restore_backup", json!({"name": manual["name"]}));
    assert_eq!(report["added"], 95);
    assert_eq!(ok(&h, "list_learners", json!({})).as_array().unwrap().len(), 1);
    let err = invoke(&h.main, "recover_from_backup", json!({"name": manual["name"]})).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "recovery is only for a store that did not open");
}

/// `attach_evidence` with a raw body and these headers.
fn attach(h: &Harness, headers: &[(&'static str, &str)], bytes: Vec<u8>) -> Result<Value, Value> {
    send_bytes(&h.main, "attach_evidence", headers, bytes)
}

/// Command `cmd` from `window` with a raw body and these headers.
fn send_bytes(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    headers: &[(&'static str, &str)],
    bytes: Vec<u8>,
) -> Result<Value, Value> {
    let mut map = tauri::http::HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, v.parse().unwrap());
    }
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Raw(bytes),
        headers: map,
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn evidence_bytes_over_ipc_are_attached_and_served_by_hash() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    let exp = ok(
        &h,
        "create_record",
        json!({"learnerId": learner["id"], "data": {"kind": "experience", "data": {"title": "Clinic", "start_date": "2026-09-01"}}}),
    );
    let id = exp["meta"]["id"].as_str().unwrap().to_string();
    let png = super::support::png(8, 8, 1);
    let out = attach(&h, &[("x-kind", "experience"), ("x-id", &id), ("x-name", "Caf%C3%A9%20prototype.png")], png)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out["status"], "added", "{out}");
    assert_eq!(out["evidence"]["name"], "Café prototype.png");
    assert_eq!(out["evidence"]["kind"], "image");
    assert_eq!(out["record"]["data"]["evidence"][0]["sha256"], out["evidence"]["sha256"]);
}

#[test]
fn a_learners_photo_is_set_served_by_hash_kept_by_edits_and_removed() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana Lima", "photo_sha256": "a".repeat(64)}}));
    assert_eq!(learner["profile"]["photo_sha256"], "", "a new learner has no photo");
    let id = learner["id"].as_str().unwrap().to_string();
    let png = super::support::png(48, 32, 7);
    let saved = send_bytes(&h.main, "set_learner_photo", &[("x-id", &id), ("x-name", "me%20at%20school.png")], png)
        .unwrap_or_else(|e| panic!("{e}"));
    let sha = saved["profile"]["photo_sha256"].as_str().unwrap().to_string();
    assert_eq!(sha.len(), 64, "{saved}");
    assert_eq!(ok(&h, "list_learners", json!({}))[0]["profile"]["photo_sha256"], sha);

    // lp-media serves its thumbnail by hash.
    use tauri::Manager;
    let state = h.main.state::<AppState>();
    let thumb = learner_portfolio_app::media_response(&state, &format!("/{sha}/thumb"));
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["Content-Type"], "image/jpeg", "an opaque picture's thumbnail is a JPEG");
    assert!(thumb.body().starts_with(&[0xFF, 0xD8]), "JPEG bytes");

    // A text file is refused with {code, message}; the photo stays.
    let err =
        send_bytes(&h.main, "set_learner_photo", &[("x-id", &id), ("x-name", "notes.txt")], b"just words".to_vec())
            .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(err["message"], "\u{201c}notes.txt\u{201d} is not a picture: choose a JPEG, PNG, GIF or WebP photo.");
    let err =
        send_bytes(&h.main, "set_learner_photo", &[("x-name", "me.png")], super::support::png(8, 8, 1)).unwrap_err();
    assert_eq!(err["message"], "The request lacks the x-id header.");
    let denied = send_bytes(&h.other, "set_learner_photo", &[("x-id", &id), ("x-name", "me.png")], vec![]).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");

    // Editing the profile (a form opened before) keeps the photo.
    let edited = ok(
        &h,
        "update_learner",
        json!({"id": id, "profile": {"name": "Ana Lima", "school": "Met", "photo_sha256": ""}}),
    );
    assert_eq!(
        (edited["profile"]["school"].as_str(), edited["profile"]["photo_sha256"].as_str()),
        (Some("Met"), Some(sha.as_str()))
    );

    let cleared = ok(&h, "remove_learner_photo", json!({"learnerId": id}));
    assert_eq!(cleared["profile"]["photo_sha256"], "");
    assert_eq!(cleared["profile"]["school"], "Met");
    assert_eq!(
        learner_portfolio_app::media_response(&state, &format!("/{sha}/thumb")).status(),
        200,
        "the file stays until the clean-up"
    );
    let err = invoke(&h.main, "remove_learner_photo", json!({"learnerId": "0190a000-0000-7000-8000-000000000000"}))
        .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn evidence_on_a_plan_goal_over_ipc_names_the_goal_in_x_part() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    let period = ok(
        &h,
        "create_record",
        json!({"learnerId": learner["id"], "data": {"kind": "period", "data": {"name": "Q1", "start": "2026-09-01", "end": "2026-11-09"}}}),
    );
    let plan = ok(
        &h,
        "create_record",
        json!({"learnerId": learner["id"], "data": {"kind": "plan", "data": {"period_id": period["meta"]["id"],
            "content": {"goals": [{"id": "goal one", "title": "Field study"}]}}}}),
    );
    let id = plan["meta"]["id"].as_str().unwrap().to_string();
    let png = super::support::png(8, 8, 2);
    let base = [("x-kind", "plan"), ("x-id", id.as_str()), ("x-name", "site.png")];
    let err = attach(&h, &base, png.clone()).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "a plan needs the goal: {err}");
    assert!(err["message"].as_str().unwrap().contains("plan goal"), "{err}");
    let out = attach(&h, &[base[0], base[1], base[2], ("x-part", "goal%20one")], png).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out["status"], "added", "{out}");
    assert_eq!(out["record"]["data"]["content"]["goals"][0]["evidence"][0]["name"], "site.png");
}

#[test]
fn opening_evidence_is_refused_for_unknown_ids_and_other_windows() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    for cmd in ["open_evidence", "show_evidence_in_folder"] {
        let err = invoke(&h.main, cmd, json!({"learnerId": learner["id"], "sha256": "0".repeat(64)})).unwrap_err();
        assert_eq!(err["code"], "not_found", "{cmd}: {err}");
        assert_eq!(err["message"], "That evidence is not in this portfolio.");
        let err = invoke(&h.main, cmd, json!({"learnerId": "not-an-id", "sha256": "x"})).unwrap_err();
        assert!(err.is_string() || err.get("code").is_some(), "{err}");
        let denied = invoke(&h.other, cmd, json!({"learnerId": learner["id"], "sha256": "x"})).unwrap_err();
        assert!(denied.to_string().contains("not allowed"), "{cmd}: {denied}");
    }
}

#[test]
fn documents_over_ipc_report_what_is_missing_before_asking_where_to_save() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Ana"}}));
    let request = |kind: &str| json!({"kind": kind, "learner_id": learner["id"], "paper": "letter"});
    for kind in ["plan", "exhibition"] {
        let err = invoke(&h.main, "export_document", json!({"request": request(kind), "open": false})).unwrap_err();
        assert_eq!(err["code"], "not_found", "{kind}: {err}");
        assert_eq!(err["message"], "This learner has no marking periods yet: add one first.");
    }
    let unknown = json!({"kind": "summary", "learner_id": "01900000-0000-7000-8000-000000000000", "paper": "a4"});
    let err = invoke(&h.main, "export_document", json!({"request": unknown, "open": false})).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    assert_eq!(ok(&h, "paper_for_locale", json!({"locale": "en-US"})), json!("letter"));
    assert_eq!(ok(&h, "paper_for_locale", json!({"locale": "fr-FR"})), json!("a4"));
    let denied =
        invoke(&h.other, "export_document", json!({"request": request("summary"), "open": false})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}

#[test]
fn a_showcase_with_a_private_entry_is_refused_before_asking_where_to_save() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Lê Thị Hoa"}}));
    let entry = |visibility: &str| {
        let data =
            json!({"kind": "reflection", "data": {"title": "Nhật ký", "date": "2026-05-02", "visibility": visibility}});
        ok(&h, "create_record", json!({"learnerId": learner["id"], "data": data}))
    };
    let shared = entry("family");
    let item = |r: &serde_json::Value| json!({"kind": "journal_entry", "id": r["meta"]["id"]});
    let showcase =
        |items| json!({"kind": "showcase", "data": {"title": "Senior portfolio 2026", "sections": [{"items": items}]}});
    let made = ok(&h, "create_record", json!({"learnerId": learner["id"], "data": showcase(json!([item(&shared)]))}));
    // Chosen by mistake: refused on save, with the item as the field.
    let private = entry("private");
    let err = invoke(
        &h.main,
        "create_record",
        json!({"learnerId": learner["id"], "data": showcase(json!([item(&private)]))}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_showable", "{err}");
    assert_eq!(err["fields"][0]["field"], "sections[0].items[0]");
    // Made Private after it was chosen: the export is refused before any dialog.
    let mut changed = shared["data"].clone();
    changed["visibility"] = json!("private");
    ok(&h, "update_record", json!({"id": shared["meta"]["id"], "data": {"kind": "reflection", "data": changed}}));
    let args = |format: &str| json!({"learnerId": learner["id"], "showcaseId": made["meta"]["id"], "format": format, "paper": null});
    for format in ["folder", "zip", "pdf"] {
        let err = invoke(&h.main, "export_showcase", args(format)).unwrap_err();
        assert_eq!(err["code"], "not_showable", "{format}: {err}");
        assert_eq!(
            err["message"],
            "\u{201c}Nhật ký\u{201d} is a private journal entry, so it cannot be in a showcase: share it with your learning team or family first, or leave it out."
        );
    }
    let err = invoke(&h.main, "export_showcase", args("docx")).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    let denied = invoke(&h.other, "export_showcase", args("zip")).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}

#[test]
fn dropped_files_are_read_by_token_and_index_only() {
    use tauri::Manager;
    let h = harness();
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("poster.png");
    std::fs::write(&photo, super::support::png(32, 24, 9)).unwrap();
    let token = learner_portfolio_app::filedrop::record_drop(
        &h.main.state::<AppState>(),
        vec![photo.clone(), dir.path().to_path_buf()],
    );
    let request = |token: u32, index: u32| InvokeRequest {
        cmd: "dropped_file".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(json!({"token": token, "index": index})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let bytes = get_ipc_response(&h.main, request(token, 0)).unwrap_or_else(|e| panic!("{e:?}"));
    let tauri::ipc::InvokeResponseBody::Raw(bytes) = bytes else { panic!("the file comes back as the raw body") };
    assert_eq!(bytes, std::fs::read(&photo).unwrap());
    let folder = invoke(&h.main, "dropped_file", json!({"token": token, "index": 1})).unwrap_err();
    assert_eq!(folder["code"], "invalid_input", "{folder}");
    assert!(folder["message"].as_str().unwrap_or_default().contains("is a folder"), "{folder}");
    for (t, i) in [(token, 2), (token + 7, 0)] {
        let gone = invoke(&h.main, "dropped_file", json!({"token": t, "index": i})).unwrap_err();
        assert_eq!(gone["code"], "not_found", "{gone}");
    }
    let denied = invoke(&h.other, "dropped_file", json!({"token": token, "index": 0})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}
