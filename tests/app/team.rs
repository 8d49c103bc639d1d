//! The team commands over IPC (`tauri::test`, the real context and ACL): a
//! student's app and an advisor's app, each with its own data folder, meet
//! at the project's relay on a free loopback port: comments (on a plan and
//! an exhibition item), a signature, confirmed hours and a score sheet from
//! the advisor's app reach the student's.

use serde_json::{json, Value};

use super::ipc::{harness, invoke, ok, Harness};
use super::support::Relay;

fn rows(v: &Value) -> &Vec<Value> {
    v.as_array().expect("a list")
}

fn first_of(h: &Harness, learner: &str, kind: &str) -> String {
    let list = ok(h, "list_records", json!({"learnerId": learner, "kind": kind, "query": ""}));
    rows(&list)[0]["meta"]["id"].as_str().unwrap().to_string()
}

#[test]
fn a_student_and_an_advisor_work_together_over_ipc() {
    let tmp = tempfile::tempdir().unwrap();
    let relay = Relay::start(&tmp.path().join("relay"));
    let student = harness();
    let learner = ok(&student, "create_demo_learner", json!({}))["id"].as_str().unwrap().to_string();
    assert_eq!(ok(&student, "team_view", json!({"learnerId": learner})), Value::Null, "not shared yet");
    assert_eq!(ok(&student, "sync_status", json!({}))["summary"], "Not shared with a team");

    let settings = ok(&student, "set_team_relay", json!({"learnerId": learner, "url": relay.url(), "kind": "project"}));
    assert_eq!(settings["role"], "student");
    let invite = ok(
        &student,
        "invite_to_team",
        json!({"learnerId": learner, "role": "advisor", "name": "Dr. Rosa Díaz", "saveFile": false}),
    );
    assert_eq!((invite["name"].as_str(), invite["role"].as_str()), (Some("Dr. Rosa Díaz"), Some("advisor")));
    assert_eq!(invite["published"], true, "{invite}");
    let text = invite["text"].as_str().unwrap().to_string();
    assert!(text.contains(&learner), "the invitation names the learner");

    // The advisor's app joins with the pasted text.
    let advisor = harness();
    let joined = ok(&advisor, "join_team", json!({"text": text}));
    assert_eq!(joined["id"], learner.as_str());
    let team = ok(&advisor, "team_view", json!({"learnerId": learner}));
    assert_eq!(team["role"], "advisor");
    let plan = first_of(&advisor, &learner, "plan");
    let experience = first_of(&advisor, &learner, "experience");
    // A replica: the advisor's app cannot change the student's records.
    let refused = invoke(
        &advisor.main,
        "create_record",
        json!({"learnerId": learner, "data": {"kind": "experience", "data": {"title": "Not mine", "start_date": "2026-09-01"}}}),
    )
    .unwrap_err();
    assert!(refused["message"].as_str().unwrap().contains("only the student's own devices change their records"));

    let on = format!("plan:{plan}");
    let comment = ok(&advisor, "add_comment", json!({"learnerId": learner, "on": on, "text": "Goal 2 needs a date."}));
    assert_eq!(comment["role"], "advisor");
    let sig =
        ok(&advisor, "sign_plan_revision", json!({"learnerId": learner, "planId": plan, "name": "Dr. Rosa Díaz"}));
    assert_eq!(sig["role"], "advisor");
    ok(&advisor, "confirm_hours", json!({"learnerId": learner, "experienceId": experience, "hours": 12.5}));
    // The advisor scores an exhibition from their own app and comments on its first item.
    let exhibitions = ok(&advisor, "list_records", json!({"learnerId": learner, "kind": "exhibition", "query": ""}));
    let ex = &rows(&exhibitions)[0];
    let ex_id = ex["meta"]["id"].as_str().unwrap().to_string();
    let record_sheets = rows(&ex["data"]["sheets"]).len();
    let scores: Vec<Value> =
        rows(&ex["data"]["rubric"]["criteria"]).iter().map(|c| json!({"criterion_id": c["id"], "value": 4})).collect();
    let sheet = ok(
        &advisor,
        "score_exhibition",
        json!({"learnerId": learner, "exhibitionId": ex_id, "scores": scores, "comment": "Sólida ✨"}),
    );
    assert_eq!((sheet["author_name"].as_str(), sheet["comment"].as_str()), (Some("Dr. Rosa Díaz"), Some("Sólida ✨")));
    let off_rubric = invoke(
        &advisor.main,
        "score_exhibition",
        json!({"learnerId": learner, "exhibitionId": ex_id, "scores": [{"criterion_id": "juggling", "value": 4}], "comment": ""}),
    )
    .unwrap_err();
    assert_eq!(off_rubric["code"], "validation", "{off_rubric}");
    let item_on = format!("exhibition:{ex_id}#1");
    ok(&advisor, "add_comment", json!({"learnerId": learner, "on": item_on, "text": "Show the raw counts first."}));
    let report = ok(&advisor, "sync_now", json!({}));
    assert_eq!(report["failed"], json!([]), "{report}");
    assert_eq!(ok(&advisor, "sync_status", json!({}))["summary"], "Up to date");
    let caseload = ok(&advisor, "caseload", json!({}));
    assert_eq!(rows(&caseload).len(), 1);
    assert_eq!(caseload[0]["learner_id"], learner.as_str());

    // The student's app receives it all.
    ok(&student, "sync_learner", json!({"learnerId": learner}));
    let thread = ok(&student, "comment_thread", json!({"learnerId": learner, "on": on}));
    let theirs: Vec<&Value> = rows(&thread).iter().filter(|c| c["comment"]["author_name"] == "Dr. Rosa Díaz").collect();
    assert_eq!(theirs.len(), 1, "{thread}");
    assert_eq!(theirs[0]["comment"]["text"], "Goal 2 needs a date.");
    assert_eq!((theirs[0]["feedback"].as_bool(), theirs[0]["unread"].as_bool()), (Some(true), Some(true)));
    let unread = ok(&student, "unread_comments", json!({"learnerId": learner}));
    assert!(rows(&unread).iter().any(|u| u["on"] == on.as_str() && u["count"] == 1), "{unread}");
    assert_eq!(ok(&student, "mark_comments_read", json!({"learnerId": learner, "on": on})), 1);
    let unread = ok(&student, "unread_comments", json!({"learnerId": learner}));
    assert!(!rows(&unread).iter().any(|u| u["on"] == on.as_str()), "{unread}");

    let checked = ok(&student, "verify_plan", json!({"learnerId": learner, "planId": plan}));
    let by_advisor: Vec<&Value> = rows(&checked["signatures"]).iter().filter(|s| s["role"] == "advisor").collect();
    assert_eq!(by_advisor.len(), 1, "{checked}");
    assert_eq!(by_advisor[0]["status"], json!({"status": "valid"}));
    let hours = ok(&student, "hours_confirmations", json!({"learnerId": learner}));
    assert_eq!(hours[0]["confirmation"]["hours"], 12.5);
    assert_eq!(hours[0]["role"], "advisor");
    assert_eq!(ok(&student, "record_conflicts", json!({"kind": "experience", "id": experience})), json!([]));
    let seen = ok(&student, "exhibition_scores", json!({"learnerId": learner, "exhibitionId": ex_id}));
    assert_eq!(rows(&seen["sheets"]).len(), record_sheets + 1, "{seen}");
    let theirs = rows(&seen["sheets"]).iter().find(|s| !s["device"].is_null()).unwrap();
    assert_eq!((theirs["name"].as_str(), theirs["role"].as_str()), (Some("Dr. Rosa Díaz"), Some("advisor")));
    assert_eq!((theirs["mine"].as_bool(), theirs["comment"].as_str()), (Some(false), Some("Sólida ✨")));
    assert_eq!(seen["summary"][0]["count"].as_u64().unwrap() as usize, record_sheets + 1);
    assert_eq!(seen["summary"][0]["max"], 4);
    let unread = ok(&student, "unread_comments", json!({"learnerId": learner}));
    assert!(rows(&unread).iter().any(|u| u["on"] == item_on.as_str() && u["count"] == 1), "{unread}");

    let team = ok(&student, "team_view", json!({"learnerId": learner}));
    let names: Vec<&str> = rows(&team["members"]).iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Dr. Rosa Díaz") && team["members"][0]["role"] == "student", "{team}");
    let did =
        rows(&team["members"]).iter().find(|m| m["role"] == "advisor").unwrap()["did"].as_str().unwrap().to_string();
    let removed = ok(&student, "remove_member", json!({"learnerId": learner, "did": did}));
    assert_eq!(removed["name"], "Dr. Rosa Díaz");
    assert!(!removed["keeps"].as_str().unwrap().is_empty());
    let team = ok(&student, "team_view", json!({"learnerId": learner}));
    assert!(!rows(&team["members"]).iter().any(|m| m["did"] == did.as_str()), "{team}");
}

#[test]
fn team_commands_refuse_in_one_sentence_when_not_shared() {
    let h = harness();
    let learner = ok(&h, "create_learner", json!({"profile": {"name": "Jun"}}))["id"].as_str().unwrap().to_string();
    let err =
        invoke(&h.main, "add_comment", json!({"learnerId": learner, "on": "learner:x", "text": "hi"})).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let err = invoke(&h.main, "join_team", json!({"text": "not an invitation"})).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    let err = invoke(&h.main, "set_team_relay", json!({"learnerId": learner, "url": "http://x", "kind": "project"}))
        .unwrap_err();
    assert!(!err["message"].as_str().unwrap().is_empty());
    assert_eq!(ok(&h, "caseload", json!({}))[0]["shared"], false);
}
