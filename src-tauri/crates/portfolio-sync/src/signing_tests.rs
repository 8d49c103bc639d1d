use super::*;
use portfolio_domain::{PlanGoal, PlanRevision};

fn plan() -> PlanData {
    let mut content = PlanContent::default();
    content.cover.interests = "Bicicletas, música, 书法, xe đạp 🚲".into();
    content.goals.push(PlanGoal { id: "g1".into(), title: "Construir una rueda".into(), ..Default::default() });
    PlanData::new(portfolio_domain::new_id(), content)
}

fn at() -> DateTime<Utc> {
    "2026-10-05T15:30:00.123456Z".parse().unwrap()
}

#[test]
fn canonical_json_sorts_keys_at_every_depth() {
    let v = json!({"b": 1, "a": {"z": [3, {"y": "ñ", "x": null}], "é": "\"q\""}});
    assert_eq!(canonical_json(&v), r#"{"a":{"z":[3,{"x":null,"y":"ñ"}],"é":"\"q\""},"b":1}"#);
}

#[test]
fn a_signature_verifies_on_any_device_and_forgeries_fail() {
    let (learner, plan_id) = (portfolio_domain::new_id(), portfolio_domain::new_id());
    let p = plan();
    let advisor = DeviceIdentity::generate();
    let sig = sign_plan(&advisor, learner, plan_id, &p, "Dr. Rahman رحمان", AuthorRole::Advisor, at()).unwrap();
    assert_eq!(check_plan_signature(&sig, learner, plan_id, &p), SignatureStatus::Valid);
    // Survives JSON transport (another device).
    let copy: PlanSignature = serde_json::from_str(&serde_json::to_string(&sig).unwrap()).unwrap();
    assert_eq!(check_plan_signature(&copy, learner, plan_id, &p), SignatureStatus::Valid);

    let mut altered = p.clone();
    altered.content.goals[0].title = "Construir dos ruedas".into();
    assert!(matches!(check_plan_signature(&sig, learner, plan_id, &altered), SignatureStatus::Invalid { .. }));

    let mut forged = sig.clone();
    forged.name = "Someone else".into();
    let SignatureStatus::Invalid { reason } = check_plan_signature(&forged, learner, plan_id, &p) else { panic!() };
    assert!(reason.contains("forged or the plan was altered"), "{reason}");

    let mut other_key = sig.clone();
    other_key.signer = DeviceIdentity::generate().did();
    assert!(matches!(check_plan_signature(&other_key, learner, plan_id, &p), SignatureStatus::Invalid { .. }));

    let mut flipped = sig.clone();
    let mut chars: Vec<char> = flipped.signature.chars().collect();
    chars[10] = if chars[10] == 'A' { 'B' } else { 'A' };
    flipped.signature = chars.into_iter().collect();
    assert!(matches!(check_plan_signature(&flipped, learner, plan_id, &p), SignatureStatus::Invalid { .. }));

    assert!(matches!(
        check_plan_signature(&sig, portfolio_domain::new_id(), plan_id, &p),
        SignatureStatus::Invalid { .. }
    ));
    assert!(matches!(
        check_plan_signature(&sig, learner, portfolio_domain::new_id(), &p),
        SignatureStatus::Invalid { .. }
    ));
}

#[test]
fn evidence_is_not_covered_but_everything_else_is() {
    let (learner, plan_id) = (portfolio_domain::new_id(), portfolio_domain::new_id());
    let p = plan();
    let student = DeviceIdentity::generate();
    let sig = sign_plan(&student, learner, plan_id, &p, "Ana", AuthorRole::Student, at()).unwrap();
    let mut with_evidence = p.clone();
    with_evidence.content.goals[0].evidence.push(portfolio_domain::Evidence {
        kind: "link".into(),
        url: "https://example.org/foto".into(),
        ..Default::default()
    });
    assert_eq!(check_plan_signature(&sig, learner, plan_id, &with_evidence), SignatureStatus::Valid);
    let mut retimed = sig.clone();
    retimed.signed_at = at() + chrono::Duration::seconds(1);
    assert!(matches!(check_plan_signature(&retimed, learner, plan_id, &p), SignatureStatus::Invalid { .. }));
    assert!(sign_plan(&student, learner, plan_id, &p, "  ", AuthorRole::Student, at()).is_err());
}

#[test]
fn a_signature_on_revision_1_never_covers_revision_2() {
    let (learner, plan_id) = (portfolio_domain::new_id(), portfolio_domain::new_id());
    let r1 = plan();
    let family = DeviceIdentity::generate();
    let sig = sign_plan(&family, learner, plan_id, &r1, "Mamá", AuthorRole::Family, at()).unwrap();
    // Revision 2 starts after a signed edit: revision 1 moves to history.
    let mut r2 = r1.clone();
    r2.revision = 2;
    r2.content.goals[0].title = "Otra meta".into();
    r2.history.push(PlanRevision {
        revision: 1,
        content: r1.content.clone(),
        signoffs: vec![],
        replaced_at: at(),
        changes: vec!["Goal renamed".into()],
    });
    assert_eq!(check_plan_signature(&sig, learner, plan_id, &r2), SignatureStatus::EarlierRevision { revision: 1 });
    // Claiming the same signature is for revision 2 fails.
    let mut relabelled = sig.clone();
    relabelled.revision = 2;
    assert!(matches!(check_plan_signature(&relabelled, learner, plan_id, &r2), SignatureStatus::Invalid { .. }));
    // Revision 2 with the same content as revision 1 still does not accept a revision-1 signature as revision 2.
    let mut same_content = r2.clone();
    same_content.content = r1.content.clone();
    assert!(matches!(
        check_plan_signature(&relabelled, learner, plan_id, &same_content),
        SignatureStatus::Invalid { .. }
    ));
    let mut no_history = r2.clone();
    no_history.history.clear();
    assert!(matches!(check_plan_signature(&sig, learner, plan_id, &no_history), SignatureStatus::Invalid { .. }));
}
