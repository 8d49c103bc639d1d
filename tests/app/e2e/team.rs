//! The learning team in the real app: an advisor's app and a student's CLI
//! device meet at the project's relay (in-process on a free loopback port).
//! The advisor joins with the invitation's text; the student adds a journal
//! entry and syncs; the advisor's app shows it (background sync), offers no
//! Edit or Delete, and the advisor comments; the student's CLI sees the comment.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::driver::*;
use crate::app::support::Relay;

/// The CLI binary beside the app's (built here if it is not there or older).
fn cli_binary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--locked", "-q", "-p", "learner-portfolio-cli"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the CLI builds");
    Path::new(env!("CARGO_BIN_EXE_learner-portfolio")).with_file_name("learner-portfolio-cli")
}

fn cli(bin: &Path, data: &Path, args: &[&str]) -> String {
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .expect("the CLI runs");
    assert!(out.status.success(), "cli {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn an_advisors_app_and_a_students_cli_work_through_the_relay() {
    let bin = cli_binary();
    with_app(|driver, data| {
        let relay = Relay::start(&data.join("relay"));
        let student = data.join("student-device");
        let profile = data.join("learner.json");
        std::fs::write(&profile, r#"{"name": "Maya Okafor"}"#).unwrap();
        let added: serde_json::Value = serde_json::from_str(&cli(
            &bin,
            &student,
            &["add", "learner", "--json-file", profile.to_str().unwrap(), "--json"],
        ))
        .unwrap();
        let learner = added[0]["id"].as_str().unwrap().to_string();
        cli(&bin, &student, &["team", "relay", "--learner", &learner, "--url", &relay.url()]);
        let invite = data.join("advisor.invite");
        cli(
            &bin,
            &student,
            &[
                "team",
                "invite",
                "--learner",
                &learner,
                "--role",
                "advisor",
                "--name",
                "Dr. Rahman",
                "--out",
                invite.to_str().unwrap(),
            ],
        );
        let text = std::fs::read_to_string(&invite).unwrap();

        let started = Instant::now();
        let app = driver.launch();
        app.click("[data-testid=onboarding-join]");
        app.set_value("[data-testid=join-text]", &text);
        app.click("[data-testid=join-submit]");
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Maya Okafor");
        cli(&bin, &student, &["sync"]); // the student's device folds the advisor's claim into the team

        let entry = data.join("entry.json");
        std::fs::write(
            &entry,
            r#"[{"date": "2026-10-05", "title": "Fixed the brakes", "body": "Bled the hydraulic brakes with Sam.", "visibility": "learning_team"}]"#,
        )
        .unwrap();
        cli(&bin, &student, &["add", "reflections", "--learner", &learner, "--json-file", entry.to_str().unwrap()]);
        cli(&bin, &student, &["sync"]);

        // The advisor's app syncs in the background and shows the entry, read-only.
        app.click("[data-testid=nav-reflection]");
        app.wait_text("[data-testid=record-list]", "Fixed the brakes");
        app.click("[data-testid=record-item]");
        app.wait_text("[data-testid=record-detail]", "Bled the hydraulic brakes");
        assert_eq!(app.count("[data-testid=edit-record]"), 0, "a replica offers no Edit");
        assert_eq!(app.count("[data-testid=new-record]"), 0, "a replica offers no New");
        app.wait_text("[data-testid=replica-note]", "Shared with you as advisor");
        app.type_into("[data-testid=comment-text]", "Which tools did you use?");
        app.click_when_enabled("[data-testid=comment-send]");
        app.wait_text("[data-testid=comments]", "Which tools did you use?");
        app.wait_text("[data-testid=sync-summary]", "Up to date");
        app.screenshot("team-01-advisor-comment");

        // The student's CLI sees the advisor's comment.
        let list: serde_json::Value =
            serde_json::from_str(&cli(&bin, &student, &["list", "reflections", "--learner", &learner, "--json"]))
                .unwrap();
        let id = list.as_array().unwrap().iter().find(|r| r["data"]["title"] == "Fixed the brakes").unwrap()["meta"]
            ["id"]
            .as_str()
            .unwrap()
            .to_string();
        let on = format!("reflection:{id}");
        let seen = Instant::now();
        loop {
            cli(&bin, &student, &["sync"]);
            let comments = cli(&bin, &student, &["comments", "--learner", &learner, "--on", &on, "--json"]);
            if comments.contains("Which tools did you use?") {
                assert!(comments.contains("Dr. Rahman"), "{comments}");
                break;
            }
            assert!(seen.elapsed().as_secs() < 20, "the advisor's comment never reached the student: {comments}");
        }

        app.click("[data-testid=nav-team]");
        app.wait_text("[data-testid=team-members]", "Dr. Rahman");
        app.wait_text("[data-testid=team-members]", "Maya Okafor");
        app.screenshot("team-02-team-screen");
        println!("team e2e: join → comment on the student's side in {} ms", started.elapsed().as_millis());
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn an_advisor_scores_an_exhibition_from_their_own_app() {
    let bin = cli_binary();
    let axe = super::a11y::axe_source().expect("axe-core is missing: run `npm ci` in ui/");
    with_app(|driver, data| {
        let relay = Relay::start(&data.join("relay"));
        let student = data.join("student-device");
        let demo: serde_json::Value = serde_json::from_str(&cli(&bin, &student, &["demo", "--json"])).unwrap();
        let learner = demo["id"].as_str().unwrap().to_string();
        cli(&bin, &student, &["team", "relay", "--learner", &learner, "--url", &relay.url()]);
        let invite = data.join("advisor.invite");
        let out = invite.to_str().unwrap();
        cli(
            &bin,
            &student,
            &["team", "invite", "--learner", &learner, "--role", "advisor", "--name", "Dr. Rahman", "--out", out],
        );
        cli(&bin, &student, &["sync"]);
        let text = std::fs::read_to_string(&invite).unwrap();

        let app = driver.launch();
        app.click("[data-testid=onboarding-join]");
        app.set_value("[data-testid=join-text]", &text);
        app.click("[data-testid=join-submit]");
        app.find("[data-testid=workspace]");
        cli(&bin, &student, &["sync"]);

        // A replica's exhibition page: a read view saying whose portfolio it is, no editors.
        app.click("[data-testid=nav-plan]");
        app.click("[data-testid=tab-exhibition]");
        app.wait_text("[data-testid=replica-read-view]", "This portfolio belongs to Maya");
        app.find("[data-testid=exhibition]");
        for editor in ["new-exhibition", "panel-mode", "save-exhibition", "start-next-plan", "add-evidence-files"] {
            assert_eq!(app.count(&format!("[data-testid={editor}]")), 0, "a replica offers no {editor}");
        }
        app.find("[data-testid=score-sheets]");
        let mut found = app.axe(&axe);
        app.screenshot("team-03-replica-exhibition");

        // Score this exhibition: one level per criterion, a comment, hand in.
        app.click("[data-testid=score-exhibition]");
        app.find("[data-testid=score-form]");
        found.extend(app.axe(&axe));
        app.click("[data-testid=submit-my-sheet]");
        app.wait_text("[data-testid=score-form]", "Choose a level for:");
        for radio in app.all("[data-testid=score-form] input[type=radio][value='3']") {
            app.js_click(&radio);
        }
        app.type_into("[data-testid=score-form] textarea[name=sheet-comment]", "Clear reasoning; show the raw counts.");
        app.screenshot("team-04-score-form");
        app.click("[data-testid=submit-my-sheet]");
        app.wait_text("[data-testid=score-sheets]", "from this device");
        app.wait_text("[data-testid=score-sheets]", "Clear reasoning");
        // A comment on the first item to present.
        app.click("[data-testid=exhibition-item] [data-testid=comment-open]");
        let item = "[data-testid=exhibition-item] [data-testid=comment-text]";
        app.type_into(item, "Which route had the most birds?");
        app.click_when_enabled("[data-testid=exhibition-item] [data-testid=comment-send]");
        app.wait_text("[data-testid=exhibition-item] [data-testid=comments]", "Which route had the most birds?");
        app.wait_text("[data-testid=sync-summary]", "Up to date");
        app.screenshot("team-05-sheet-handed-in");
        // The narratives are read there too, under the same sentence.
        app.click("[data-testid=tab-narratives]");
        app.wait_text("[data-testid=replica-read-view]", "This portfolio belongs to Maya");
        app.find("[data-testid=narrative-read-student]");
        assert_eq!(app.count("[data-testid^=save-narrative]"), 0, "a replica offers no narrative editor");
        assert_eq!(app.count("textarea[name^=narrative]"), 0, "a replica offers no narrative editor");
        found.extend(app.axe(&axe));
        app.screenshot("team-06-replica-narratives");
        found.dedup();
        assert!(found.is_empty(), "axe-core found WCAG 2.2 A/AA violations:\n{}", found.join("\n"));

        // The student's CLI sees the advisor's sheet, from the advisor's device.
        let list: serde_json::Value =
            serde_json::from_str(&cli(&bin, &student, &["list", "exhibitions", "--learner", &learner, "--json"]))
                .unwrap();
        let seen = Instant::now();
        loop {
            cli(&bin, &student, &["sync"]);
            let all: Vec<String> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let id = e["meta"]["id"].as_str().unwrap();
                    cli(&bin, &student, &["scores", "--learner", &learner, "--exhibition", id])
                })
                .collect();
            if let Some(s) = all.iter().find(|s| s.contains("Dr. Rahman (advisor, from did:key:")) {
                assert!(s.contains("Clear reasoning; show the raw counts."), "{s}");
                break;
            }
            assert!(seen.elapsed().as_secs() < 20, "the advisor's sheet never reached the student: {all:?}");
        }
    });
}
