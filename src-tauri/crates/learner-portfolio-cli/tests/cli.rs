//! The CLI as a user runs it: real binary, temporary data folder.

mod support;

use std::process::{Command, Output};

use support::{cli, ok_json};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn demo_then_list_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let learner = ok_json(dir.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap().to_string();
    // --json accepted before the subcommand too.
    let learners = ok_json(dir.path(), &["--json", "learners"]);
    assert_eq!(learners[0]["profile"]["name"], "Maya Okafor");
    let exps = ok_json(dir.path(), &["list", "experiences", "--learner", &id, "--json"]);
    let exps = exps.as_array().unwrap();
    assert_eq!(exps.len(), 10);
    let dates: Vec<&str> = exps.iter().map(|e| e["data"]["start_date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let filtered = ok_json(dir.path(), &["list", "experiences", "--learner", &id, "--filter", "bike co-op", "--json"]);
    assert_eq!(filtered[0]["data"]["title"], "Mechanic at the bike co-op");
    let export = ok_json(dir.path(), &["export-json", "--learner", &id]);
    assert_eq!(export["format"], "learner-portfolio-export");
    assert_eq!(export["reflections"].as_array().unwrap().len(), 40);
    assert_eq!(export["badges"].as_array().unwrap().len(), 4);
    let human = cli(dir.path(), &["check"]);
    assert_eq!(String::from_utf8_lossy(&human.stdout).trim(), "All 95 records and their indexes are consistent.");
}

#[test]
fn add_validates_like_the_app_and_changes_nothing_on_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let learner_file = dir.path().join("learner.json");
    std::fs::write(&learner_file, r#"{"name": "Jun Park", "emails": ["jun@example.org"]}"#).unwrap();
    let added = ok_json(dir.path(), &["add", "learner", "--json-file", learner_file.to_str().unwrap(), "--json"]);
    let id = added[0]["id"].as_str().unwrap().to_string();

    let f = dir.path().join("exps.json");
    std::fs::write(&f, r#"[{"title":"Robotics club","start_date":"2026-09-10"},{"title":"Bad dates","start_date":"2026-09-10","end_date":"2026-01-01"}]"#).unwrap();
    let out = cli(dir.path(), &["add", "experiences", "--learner", &id, "--json-file", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim(), "error: Item 2: End date cannot be before the start date.");
    assert_eq!(ok_json(dir.path(), &["list", "experiences", "--learner", &id, "--json"]), serde_json::json!([]));

    std::fs::write(&f, r#"{"title":"Robotics club","start_date":"2026-09-10","hours":12}"#).unwrap();
    let out = cli(
        dir.path(),
        &["add", "experiences", "--learner", &id, "--json-file", f.to_str().unwrap(), "--author", "mentor"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = ok_json(dir.path(), &["list", "experiences", "--learner", &id, "--json"]);
    assert_eq!(listed[0]["meta"]["author_role"], "mentor");
    assert_eq!(listed[0]["data"]["hours"], 12.0);

    std::fs::write(&f, "{ not json").unwrap();
    let out = cli(dir.path(), &["--json", "add", "goals", "--learner", &id, "--json-file", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("is not valid JSON"));
}

#[test]
fn refusals_are_one_line_with_nonzero_exit() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expected) in [
        (vec!["list", "goals", "--learner", "42"], "error: \u{201c}42\u{201d} is not a valid learner id"),
        (vec!["list", "homework", "--learner", "42"], "error: Unknown kind \u{201c}homework\u{201d}"),
        (
            vec!["list", "goals", "--learner", "01890a5d-ac96-774b-bcce-b302099a8057"],
            "error: No learner with id 01890a5d-ac96-774b-bcce-b302099a8057 exists",
        ),
    ] {
        let out = cli(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let e = stderr(&out);
        assert!(e.starts_with(expected), "{args:?}: {e}");
        assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    }
    // A foreign folder as the store.
    let foreign = tempfile::tempdir().unwrap();
    std::fs::create_dir(foreign.path().join("store")).unwrap();
    std::fs::write(foreign.path().join("store").join("notes.txt"), "mine").unwrap();
    let out = cli(foreign.path(), &["learners"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not a Learner Portfolio store: the folder already contains other files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(foreign.path().join("store").join("notes.txt")).unwrap(), "mine");
}

#[test]
fn says_so_when_the_store_is_held_open() {
    let dir = tempfile::tempdir().unwrap();
    let _held = portfolio_store::Store::open(dir.path().join("store")).unwrap();
    let out = cli(dir.path(), &["learners"]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains(
            "is open in another program (the Learner Portfolio app or its command line). Close it and try again."
        ),
        "{e}"
    );
    assert_eq!(e.trim_end().lines().count(), 1);
}

#[test]
fn frameworks_matrix_round_trip_and_overview() {
    let dir = tempfile::tempdir().unwrap();
    let fws = ok_json(dir.path(), &["frameworks", "--json"]);
    assert_eq!(fws[0]["id"], "bpl");
    let names: Vec<&str> = fws[0]["goals"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Empirical Reasoning", "Quantitative Reasoning", "Communication", "Social Reasoning", "Personal Qualities"]
    );
    assert_eq!(fws[1]["goals"][5]["name"], "Knowing How to Learn");

    let out = dir.path().join("au.matrix");
    let o = cli(dir.path(), &["framework", "export", "bpl-au", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let matrix: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(matrix["framework"]["standards"].as_array().unwrap().len(), 6);
    let imported = ok_json(dir.path(), &["framework", "import", out.to_str().unwrap(), "--json"]);
    for (a, b) in imported["goals"].as_array().unwrap().iter().zip(fws[1]["goals"].as_array().unwrap()) {
        assert_eq!((&a["id"], &a["name"], &a["guiding_questions"]), (&b["id"], &b["name"], &b["guiding_questions"]));
    }
    assert_eq!(imported["goals"].as_array().unwrap().len(), 6);

    std::fs::write(&out, "{\"framework\": {\"name\": \"x\"}}").unwrap();
    let o = cli(dir.path(), &["framework", "import", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "error: The .matrix file is not a SmartEvidence framework: \"standards\" is missing or not a list"
    );

    // The demo's last quarter: overview and a next plan refused (already has one).
    let learner = ok_json(dir.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap();
    let periods = ok_json(dir.path(), &["list", "periods", "--learner", id, "--json"]);
    assert_eq!(periods.as_array().unwrap().len(), 4);
    let q1 = periods[3]["meta"]["id"].as_str().unwrap();
    let overview = ok_json(dir.path(), &["overview", "--learner", id, "--period", q1, "--json"]);
    assert_eq!(overview["goals"].as_array().unwrap().len(), 5);
    assert!(overview["goals"][0]["evidence"].as_u64().unwrap() > 0);
    let exhibitions = ok_json(dir.path(), &["list", "exhibitions", "--learner", id, "--json"]);
    let ex = exhibitions[3]["meta"]["id"].as_str().unwrap();
    let q2 = periods[2]["meta"]["id"].as_str().unwrap();
    let o = cli(dir.path(), &["next-plan", "--exhibition", ex, "--period", q2]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim(), "error: This marking period already has a Learning Plan; open it instead.");
}

fn fixture(name: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/fixtures/openbadges").join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: fixture {} not found", p.display());
        None
    }
}

#[test]
fn badge_verify_needs_no_store_and_import_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let Some(valid) = fixture("ob30_simple.json") else { return };
    let Some(tampered) = fixture("ob30_simple-err-proof-value.json") else { return };
    let Some(hosted) = fixture("ob20_simple-badge.png") else { return };
    for (file, status, format) in
        [(&valid, "verified", "ob3"), (&tampered, "invalid", "ob3"), (&hosted, "unverifiable_offline", "ob2")]
    {
        let v = ok_json(dir.path(), &["badge", "verify", file.to_str().unwrap(), "--json"]);
        assert_eq!((v["status"].as_str(), v["format"].as_str()), (Some(status), Some(format)), "{file:?}");
        assert!(v["warnings"].is_array());
    }
    assert!(!dir.path().join("store").exists(), "verify opened no store");
    if let (Some(jwt), Some(key1), Some(key3), Some(list)) = (
        fixture("ob20_simple-revoked.jwt"),
        fixture("ob20_key1.json"),
        fixture("ob20_key3.json"),
        fixture("ob20_revocation-list.json"),
    ) {
        let v = ok_json(
            dir.path(),
            &[
                "badge",
                "verify",
                jwt.to_str().unwrap(),
                "--key",
                key3.to_str().unwrap(),
                "--revocation-list",
                list.to_str().unwrap(),
                "--json",
            ],
        );
        assert_eq!(v["status"], "revoked", "{v}");
        let v =
            ok_json(dir.path(), &["badge", "verify", jwt.to_str().unwrap(), "--key", key1.to_str().unwrap(), "--json"]);
        assert_ne!(v["status"], "verified", "{v}");
    }
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{ nope").unwrap();
    let v = ok_json(dir.path(), &["badge", "verify", junk.to_str().unwrap(), "--json"]);
    assert_eq!(v["status"], "malformed");

    let learner_file = dir.path().join("l.json");
    std::fs::write(&learner_file, r#"{"name": "Beth", "emails": ["nobody@example.org"]}"#).unwrap();
    let id = ok_json(dir.path(), &["add", "learner", "--json-file", learner_file.to_str().unwrap(), "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = ok_json(dir.path(), &["badge", "import", "--learner", &id, hosted.to_str().unwrap(), "--json"]);
    assert_eq!(out["check"]["recipient_matches"], true);
    assert_eq!(out["records"][0]["data"]["source"], "open_badges2");
    let badges = ok_json(dir.path(), &["list", "badges", "--learner", &id, "--json"]);
    assert_eq!(badges.as_array().unwrap().len(), 1);
    let o = cli(dir.path(), &["badge", "import", "--learner", &id, junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: This file is not a badge, or it is damaged:"), "{}", stderr(&o));
}

#[test]
fn an_advisor_issues_a_badge_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let learner_file = dir.path().join("l.json");
    std::fs::write(&learner_file, r#"{"name": "Ana Reyes", "emails": ["ana@example.org"]}"#).unwrap();
    let id = ok_json(dir.path(), &["add", "learner", "--json-file", learner_file.to_str().unwrap(), "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let issuer = ok_json(dir.path(), &["issuer", "create", "--name", "Ms. Delgado", "--json"]);
    let did = issuer["id"].as_str().unwrap();
    assert!(did.starts_with("did:key:z6Mk"));
    let svg = dir.path().join("badge.svg");
    let out = ok_json(
        dir.path(),
        &[
            "badge",
            "issue",
            "--issuer",
            did,
            "--learner",
            &id,
            "--name",
            "Field Researcher",
            "--description",
            "Ran a field study.",
            "--criteria",
            "Ten rounds of counts.",
            "--out",
            svg.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out["check"]["status"], "verified");
    // The baked file verifies on its own, with no store.
    let v = ok_json(dir.path(), &["badge", "verify", svg.to_str().unwrap(), "--email", "ana@example.org", "--json"]);
    assert_eq!((v["status"].as_str(), v["recipient_matches"].as_bool()), (Some("verified"), Some(true)));
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let backup = dir.path().join("key.json");
    let o = cli(
        dir.path(),
        &["issuer", "export", did, "--out", backup.to_str().unwrap(), "--passphrase-file", pass.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&backup).unwrap().contains("XChaCha20"), "encrypted export names its cipher");
}

#[test]
fn export_and_import_a_portfolio_archive() {
    let a = tempfile::tempdir().unwrap();
    let learner = ok_json(a.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap();
    let archive = a.path().join("maya.lportfolio");
    let o = cli(a.path(), &["export", "--learner", id, "--out", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let b = tempfile::tempdir().unwrap();
    let report = ok_json(b.path(), &["import", archive.to_str().unwrap(), "--json"]);
    assert_eq!(report["added"].as_u64(), Some(95));
    for kind in ["experiences", "reflections", "goals", "badges", "plans", "exhibitions"] {
        assert_eq!(
            ok_json(a.path(), &["list", kind, "--learner", id, "--json"]),
            ok_json(b.path(), &["list", kind, "--learner", id, "--json"]),
            "{kind} identical after the round trip"
        );
    }
    // Importing again needs a choice; --copy gives a second learner.
    let o = cli(b.path(), &["import", archive.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    ok_json(b.path(), &["import", archive.to_str().unwrap(), "--copy", "--json"]);
    assert_eq!(ok_json(b.path(), &["learners", "--json"]).as_array().unwrap().len(), 2);
    // That import was preceded by a backup; restoring it undoes the copy.
    let backups = ok_json(b.path(), &["backups", "--json"]);
    assert_eq!(backups.as_array().unwrap().len(), 1);
    assert_eq!(backups[0]["reason"], "before-import");
    let name = backups[0]["name"].as_str().unwrap();
    ok_json(b.path(), &["restore-backup", name, "--json"]);
    assert_eq!(ok_json(b.path(), &["learners", "--json"]).as_array().unwrap().len(), 1);
    assert_eq!(ok_json(b.path(), &["backups", "--json"]).as_array().unwrap().len(), 2, "the restore backed up first");
    // A damaged archive is refused and changes nothing.
    let mut bytes = std::fs::read(&archive).unwrap();
    let n = bytes.len();
    bytes.truncate(n / 2);
    std::fs::write(&archive, bytes).unwrap();
    let c = tempfile::tempdir().unwrap();
    let o = cli(c.path(), &["import", archive.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(ok_json(c.path(), &["learners", "--json"]), serde_json::json!([]));
}

#[test]
fn leap2a_export_then_import_as_a_new_learner() {
    let dir = tempfile::tempdir().unwrap();
    let learner = ok_json(dir.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap();
    let zip = dir.path().join("maya-leap2a.zip");
    let summary = ok_json(dir.path(), &["export-leap2a", "--learner", id, "--out", zip.to_str().unwrap(), "--json"]);
    assert!(summary.is_object());
    let bytes = std::fs::read(&zip).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a zip");
    let report = ok_json(dir.path(), &["import-leap2a", zip.to_str().unwrap(), "--json"]);
    assert!(report.is_object());
    let learners = ok_json(dir.path(), &["learners", "--json"]);
    assert_eq!(learners.as_array().unwrap().len(), 2);
    let new_id = learners.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).find(|l| *l != id).unwrap();
    assert_eq!(
        ok_json(dir.path(), &["list", "experiences", "--learner", new_id, "--json"]).as_array().unwrap().len(),
        10
    );
    assert_eq!(
        ok_json(dir.path(), &["list", "reflections", "--learner", new_id, "--json"]).as_array().unwrap().len(),
        40
    );
}

#[test]
fn render_writes_the_three_documents_on_the_paper_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let learner = ok_json(dir.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap().to_string();
    for (doc, paper, size) in
        [("plan", "a4", "595.28 x 841.89"), ("exhibition", "letter", "612 x 792"), ("summary", "a4", "595.28 x 841.89")]
    {
        let out = dir.path().join(format!("{doc}.pdf"));
        let report = ok_json(
            dir.path(),
            &["render", doc, "--learner", &id, "--paper", paper, "--out", out.to_str().unwrap(), "--json"],
        );
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{doc}");
        assert_eq!(report["bytes"].as_u64(), Some(bytes.len() as u64));
        assert!(report["pages"].as_u64().unwrap() >= 3, "{doc}: {report}");
        let info = Command::new("pdfinfo").arg(&out).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains(size), "{doc}: {info}");
    }
    // The paper follows the locale when not given.
    let out = dir.path().join("us.pdf");
    let run = Command::new(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .args(["--data-dir", dir.path().to_str().unwrap(), "render", "summary", "--learner", &id, "--out"])
        .arg(&out)
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("Wrote "));
    let info = Command::new("pdfinfo").arg(&out).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("612 x 792"));
    // An unknown learner: one line, non-zero exit, no file.
    let missing = dir.path().join("none.pdf");
    let out = cli(
        dir.path(),
        &["render", "plan", "--learner", "01890a5d-ac96-774b-bcce-b302099a8057", "--out", missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim_end().lines().count(), 1, "{}", stderr(&out));
    assert!(!missing.exists());
}

#[test]
fn journal_entries_answer_to_the_words_people_use() {
    let dir = tempfile::tempdir().unwrap();
    let learner = ok_json(dir.path(), &["demo", "--json"]);
    let id = learner["id"].as_str().unwrap();
    let reflections = ok_json(dir.path(), &["list", "reflections", "--learner", id, "--json"]);
    assert!(!reflections.as_array().unwrap().is_empty());
    for word in ["journal", "journal-entries", "journal_entry"] {
        assert_eq!(ok_json(dir.path(), &["list", word, "--learner", id, "--json"]), reflections, "{word}");
    }
}

#[test]
fn showcase_create_list_and_export_as_folder_zip_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let learner = ok_json(dir.path(), &["demo", "--json"])["id"].as_str().unwrap().to_string();
    let first = |kind: &str| -> String {
        ok_json(dir.path(), &["list", kind, "--learner", &learner, "--json"])[0]["meta"]["id"].as_str().unwrap().into()
    };
    let journal = ok_json(dir.path(), &["list", "journal", "--learner", &learner, "--json"]);
    let entry = |private: bool| -> String {
        let e = journal.as_array().unwrap().iter().find(|e| (e["data"]["visibility"] == "private") == private);
        e.unwrap()["meta"]["id"].as_str().unwrap().into()
    };
    let items = format!("experience:{},journal:{},badge:{}", first("experiences"), entry(false), first("badges"));
    let id = support::ok(
        dir.path(),
        &["showcase", "create", "--learner", &learner, "--title", "Senior portfolio 2026", "--items", &items],
    );
    let id = id.trim().to_string();
    assert_eq!(id.len(), 36, "prints the id: {id}");
    let listed = ok_json(dir.path(), &["showcase", "list", "--learner", &learner, "--json"]);
    assert_eq!(listed[0]["data"]["title"], "Senior portfolio 2026");
    assert_eq!(listed[0]["data"]["sections"][0]["items"].as_array().unwrap().len(), 3);
    let human = support::ok(dir.path(), &["showcase", "list", "--learner", &learner]);
    assert_eq!(human.trim(), format!("{id}  Senior portfolio 2026  (3 items)"));

    // A Private journal entry chosen by mistake: one sentence, exit 1, nothing made.
    let private = format!("journal:{}", entry(true));
    let out = cli(dir.path(), &["showcase", "create", "--learner", &learner, "--title", "Oops", "--items", &private]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: \u{201c}") && err.contains("is a private journal entry, so it cannot be in a showcase"),
        "{err}"
    );
    let out = cli(
        dir.path(),
        &["--json", "showcase", "create", "--learner", &learner, "--title", "Oops", "--items", &private],
    );
    let e: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| serde_json::from_slice(&out.stderr).unwrap());
    assert_eq!(e["code"], "not_showable");
    assert_eq!(e["fields"][0]["field"], "sections[0].items[0]");
    assert_eq!(
        ok_json(dir.path(), &["showcase", "list", "--learner", &learner, "--json"]).as_array().unwrap().len(),
        1
    );

    let site = dir.path().join("site");
    let said = support::ok(
        dir.path(),
        &["showcase", "export", "--learner", &learner, "--showcase", &id, "--out", site.to_str().unwrap()],
    );
    assert!(said.starts_with(&format!("Wrote {} (folder: 5 pages", site.display())), "{said}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\">") && index.contains("Senior portfolio 2026"));
    let zip = dir.path().join("site.zip");
    let report = ok_json(
        dir.path(),
        &["showcase", "export", "--learner", &learner, "--showcase", &id, "--out", zip.to_str().unwrap(), "--json"],
    );
    assert_eq!(report["format"], "zip");
    assert!(std::fs::read(&zip).unwrap().starts_with(b"PK\x03\x04"));
    let pdf = dir.path().join("showcase.pdf");
    let report = ok_json(
        dir.path(),
        &[
            "showcase",
            "export",
            "--learner",
            &learner,
            "--showcase",
            &id,
            "--pdf",
            pdf.to_str().unwrap(),
            "--paper",
            "letter",
            "--json",
        ],
    );
    assert_eq!(report["format"], "pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}
