//! Offline edits on every device converge through the project's relay:
//! the student's laptop and phone edit one experience (one field each, and
//! the same field both), the advisor comments, the mentor confirms hours.
//! After reconnecting everyone shows the same result, nothing typed is lost.

mod common;

use std::time::Duration;

use common::{comment_on, connect, open, team_with, T};
use portfolio_domain::{AnyRecord, AuthorRole};
use portfolio_sync::fixtures::{eventually, experience, retitled};
use portfolio_sync::{HoursConfirmation, SyncDoc, SyncedRecord};

async fn record(doc: &SyncDoc, exp: &AnyRecord) -> SyncedRecord {
    doc.record(exp.meta().id).await.unwrap().expect("the experience is there")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_on_every_device_converge() {
    let root = tempfile::tempdir().unwrap();
    let t = team_with(root.path(), &[("phone", AuthorRole::Student), ("mentor", AuthorRole::Mentor)]).await;
    let (phone, mentor) = (&t.others[0], &t.others[1]);
    let laptop_doc = open(&t.student, &t.docs.portfolio).await;
    let exp = experience(t.learner, "Prácticas");
    laptop_doc.write_record(&exp).await.unwrap();
    assert!(t.links[0].wait_synced(&laptop_doc, T).await);
    let phone_doc = open(phone, &t.docs.portfolio).await;
    let advisor_doc = open(&t.advisor, &t.docs.portfolio).await;
    let family_doc = open(&t.family, &t.docs.portfolio).await;
    for d in [&phone_doc, &advisor_doc, &family_doc] {
        assert!(eventually(T, || async { d.record(exp.meta().id).await.unwrap().is_some() }).await);
    }
    let mentor_notes = open(mentor, &t.docs.contributions[&mentor.did()]).await;

    // Everyone goes offline.
    for l in &t.links {
        l.close();
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut on_laptop = retitled(&exp, "Título del portátil 💻");
    if let AnyRecord::Experience(e) = &mut on_laptop {
        e.data.description = "Descripción escrita en el portátil, sin conexión.".into();
    }
    laptop_doc.write_record(&on_laptop).await.unwrap();
    phone_doc.write_record(&retitled(&exp, "Tiêu đề từ điện thoại 📱")).await.unwrap();
    let comment = comment_on(&t, &t.advisor, exp.meta().id, "Buen avance — مرحبا", AuthorRole::Advisor).await;
    let hours = HoursConfirmation {
        experience_id: exp.meta().id,
        hours: 40.0,
        by: mentor.did(),
        name: "Mentora Li 李".into(),
        at: chrono::Utc::now(),
    };
    mentor_notes.put_confirmation(&hours).await.unwrap();

    // Back online.
    let mut links = Vec::new();
    for repo in [&t.student, phone, &t.advisor, &t.family, mentor] {
        links.push(connect(repo, &t.relay).await);
    }
    let all = [&laptop_doc, &phone_doc, &advisor_doc, &family_doc];
    let converged = eventually(Duration::from_secs(20), || async {
        let mut seen = Vec::new();
        for d in all {
            seen.push(record(d, &exp).await);
        }
        seen.windows(2).all(|w| w[0] == w[1]) && seen[0].conflicts.iter().any(|c| c.field == "title")
    })
    .await;
    assert!(converged, "all four devices show the same record with the title conflict");
    let r = record(&family_doc, &exp).await;
    let AnyRecord::Experience(e) = &r.record else { panic!() };
    assert_eq!(e.data.description, "Descripción escrita en el portátil, sin conexión.");
    let title = r.conflicts.iter().find(|c| c.field == "title").unwrap();
    let mut typed: Vec<String> =
        std::iter::once(&title.chosen).chain(&title.others).map(|v| v.as_str().unwrap().to_string()).collect();
    typed.sort();
    assert_eq!(typed, vec!["Tiêu đề từ điện thoại 📱", "Título del portátil 💻"], "nothing typed is lost");

    let seen_comment = open(&t.student, &t.docs.contributions[&t.advisor.did()]).await;
    assert!(eventually(T, || async { seen_comment.comments().await.unwrap() == vec![comment.clone()] }).await);
    let seen_hours = open(&t.advisor, &t.docs.contributions[&mentor.did()]).await;
    assert!(eventually(T, || async { seen_hours.confirmations().await.unwrap() == vec![hours.clone()] }).await);
    t.relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_signed_on_two_devices_verifies_on_the_third_and_a_forgery_does_not() {
    use portfolio_domain::{PlanContent, PlanData, PlanGoal, Record};
    use portfolio_sync::signing::{check_plan_signature, sign_plan};
    use portfolio_sync::SignatureStatus;

    let root = tempfile::tempdir().unwrap();
    let t = team_with(root.path(), &[]).await;
    let mut content = PlanContent::default();
    content.goals.push(PlanGoal { id: "g1".into(), title: "Reparar 10 bicicletas 🚲".into(), ..Default::default() });
    let plan = Record::new(t.learner, AuthorRole::Student, PlanData::new(portfolio_domain::new_id(), content));
    let plan_id = plan.meta.id;
    let portfolio = open(&t.student, &t.docs.portfolio).await;
    portfolio.write_record(&AnyRecord::Plan(plan.clone())).await.unwrap();

    let now = chrono::Utc::now();
    let by_student =
        sign_plan(t.student.identity(), t.learner, plan_id, &plan.data, "Ana", AuthorRole::Student, now).unwrap();
    let mine = open(&t.student, &t.docs.contributions[&t.student.did()]).await;
    mine.put_signature(&by_student).await.unwrap();
    let by_advisor =
        sign_plan(t.advisor.identity(), t.learner, plan_id, &plan.data, "Dr. Rahman", AuthorRole::Advisor, now)
            .unwrap();
    let advisor_notes = open(&t.advisor, &t.docs.contributions[&t.advisor.did()]).await;
    advisor_notes.put_signature(&by_advisor).await.unwrap();
    // A modified advisor client also stores a signature "from" the student with an altered name.
    let mut forged = by_student.clone();
    forged.name = "Ana (firmado por otro)".into();
    forged.plan_id = plan_id;
    advisor_notes
        .with_doc({
            let f = forged.clone();
            move |d| {
                use portfolio_sync::automerge::{self, transaction::Transactable};
                let (_, sigs) = automerge::ReadDoc::get(d, automerge::ROOT, "signatures").unwrap().unwrap();
                d.transact::<_, _, automerge::AutomergeError>(|tx| {
                    tx.put(&sigs, "forged", serde_json::to_string(&f).unwrap())?;
                    Ok(())
                })
                .unwrap();
            }
        })
        .await
        .unwrap();

    // The family device reads the plan and every contributions document and checks each signature.
    let fam_portfolio = open(&t.family, &t.docs.portfolio).await;
    assert!(eventually(T, || async { fam_portfolio.record(plan_id).await.unwrap().is_some() }).await);
    let AnyRecord::Plan(seen_plan) = fam_portfolio.record(plan_id).await.unwrap().unwrap().record else { panic!() };
    let mut results = Vec::new();
    for who in [t.student.did(), t.advisor.did()] {
        let doc = open(&t.family, &t.docs.contributions[&who]).await;
        let want = if who == t.student.did() { 1 } else { 2 };
        assert!(eventually(T, || async { doc.signatures().await.unwrap().len() == want }).await);
        for sig in doc.signatures().await.unwrap() {
            let status = check_plan_signature(&sig, t.learner, plan_id, &seen_plan.data);
            // A signature counts only from its signer's own document.
            let from_own_doc = sig.signer == who;
            results.push((sig.name.clone(), from_own_doc, status));
        }
    }
    results.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(results[0], ("Ana".into(), true, SignatureStatus::Valid));
    assert!(results[1].0.contains("firmado por otro") && matches!(results[1].2, SignatureStatus::Invalid { .. }));
    assert!(!results[1].1, "and it sits in someone else's document");
    assert_eq!(results[2], ("Dr. Rahman".into(), true, SignatureStatus::Valid));
    t.relay.stop().await;
}
