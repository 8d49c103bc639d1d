//! Panelists score an exhibition from their own devices through the real
//! CLI and the project's relay: the advisor's and the family's sheets reach
//! the student's device and the other members', each named with who and
//! from which device, and count in the criterion summary.

mod support;

use std::path::Path;

use serde_json::Value as Json;
use support::team::*;
use support::{cli, ok};

fn refused(data: &Path, args: &[&str]) -> String {
    let out = cli(data, args);
    assert!(!out.status.success(), "{args:?} should be refused");
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

fn did_of(team: &Json, role: &str) -> String {
    team["members"].as_array().unwrap().iter().find(|m| m["role"] == role).unwrap()["did"].as_str().unwrap().to_string()
}

#[test]
fn panelists_score_an_exhibition_from_their_own_devices() {
    let d = student_with_entries();
    let relay = Relay::start(&d.root.path().join("relay"), 0);
    form_team(&d, &relay.url(), false);
    ok(&d.advisor(), &["sync"]);
    ok(&d.family(), &["sync"]);
    let l = d.learner.clone();
    let ex = ok_json(&d.advisor(), &["list", "exhibitions", "--learner", &l]);
    let ex = &ex[0];
    let (ex_id, record_sheets) =
        (ex["meta"]["id"].as_str().unwrap().to_string(), ex["data"]["sheets"].as_array().unwrap().len());
    let crits: Vec<String> = ex["data"]["rubric"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let all = |v: u8| crits.iter().map(|c| format!("{c}={v}")).collect::<Vec<_>>().join(",");

    let sheet = ok_json(
        &d.advisor(),
        &[
            "score",
            "exhibition",
            "--learner",
            &l,
            "--exhibition",
            &ex_id,
            "--scores",
            &all(4),
            "--comment",
            "Excelente 👏",
        ],
    );
    assert_eq!((sheet["author_name"].as_str(), sheet["comment"].as_str()), (Some("Dr. Rahman"), Some("Excelente 👏")));
    let said = ok(&d.family(), &["score", "exhibition", "--learner", &l, "--exhibition", &ex_id, "--scores", &all(1)]);
    assert!(said.contains("saved as Mẹ của Maya") && said.contains("at the next sync"), "{said}");

    // Refusals in one sentence: not a score, not on the rubric, not an exhibition.
    let scores_of =
        |s: &str| ["score", "exhibition", "--learner", &l, "--exhibition", &ex_id, "--scores", s].map(str::to_string);
    let run = |args: [String; 8]| refused(&d.advisor(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(run(scores_of("communication")).contains("is not a score"));
    assert!(run(scores_of(&format!("{}=9", crits[0]))).contains("Score 9 is not one of the rubric's levels."));
    assert!(run(scores_of("juggling=2")).contains("unknown criterion (juggling)"));
    let e = refused(&d.advisor(), &["score", "plan", "--learner", &l, "--exhibition", &ex_id, "--scores", &all(2)]);
    assert!(e.contains("Only exhibitions are scored"), "{e}");

    for dir in [d.advisor(), d.family()] {
        ok(&dir, &["sync"]);
    }
    ok(&d.student(), &["sync"]);
    ok(&d.advisor(), &["sync"]);
    let team = ok_json(&d.student(), &["team", "--learner", &l]);
    let (advisor_did, family_did) = (did_of(&team, "advisor"), did_of(&team, "family"));
    for dir in [d.student(), d.advisor()] {
        let s = ok_json(&dir, &["scores", "--learner", &l, "--exhibition", &ex_id]);
        let sheets = s["sheets"].as_array().unwrap();
        assert_eq!(sheets.len(), record_sheets + 2, "{s}");
        let from = |did: &str| sheets.iter().find(|v| v["device"] == did).unwrap_or_else(|| panic!("{did}: {s}"));
        assert_eq!(
            (from(&advisor_did)["name"].as_str(), from(&advisor_did)["role"].as_str()),
            (Some("Dr. Rahman"), Some("advisor"))
        );
        assert_eq!(from(&family_did)["role"], "family");
        assert_eq!(from(&advisor_did)["mine"], dir == d.advisor());
        assert_eq!(s["summary"][0]["count"].as_u64().unwrap() as usize, record_sheets + 2);
        assert_eq!((s["summary"][0]["min"].as_u64(), s["summary"][0]["max"].as_u64()), (Some(1), Some(4)));
        assert_eq!(s["summary"][0]["wide"], true);
    }
    let human = ok(&d.student(), &["scores", "--learner", &l, "--exhibition", &ex_id]);
    assert!(human.contains("score sheets (2 from team members' devices)"), "{human}");
    assert!(human.contains(&format!("Dr. Rahman (advisor, from {advisor_did}): {}=4", crits[0])), "{human}");
    assert!(human.contains("    Excelente 👏"), "{human}");
    assert!(human.contains("panel differs"), "{human}");
    // The exhibition record itself is unchanged: the sheets are contributions.
    let after = ok_json(&d.student(), &["list", "exhibitions", "--learner", &l]);
    assert_eq!(after[0]["data"]["sheets"].as_array().unwrap().len(), record_sheets);
    relay.stop();
}
