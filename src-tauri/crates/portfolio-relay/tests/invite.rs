//! Joining a team with an invite file through the project's relay: the
//! invited device is served in its role at once, the student's device learns
//! of it and folds it into the next manifest, the invitation works only once.

mod common;

use std::time::Duration;

use common::{connect, open, team, T};
use portfolio_domain::AuthorRole;
use portfolio_sync::fixtures::{device, eventually, experience, signed_manifest};
use portfolio_sync::{Comment, Invite, RelayKind, TeamManifest};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_mentor_joins_comments_and_the_invitation_closes() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let portfolio = open(&t.student, &t.docs.portfolio).await;
    let exp = experience(t.learner, "Prácticas con la mentora");
    portfolio.write_record(&exp).await.unwrap();
    assert!(t.links[0].wait_synced(&portfolio, T).await);

    // The student invites a mentor: manifest v2 with the open invitation.
    let (invite, slot) = Invite::new(
        &t.relay.url(),
        RelayKind::Project,
        t.learner,
        "Ana Nguyễn",
        AuthorRole::Mentor,
        "Mentora Li 李",
        &t.student.did(),
        t.docs.clone(),
    )
    .unwrap();
    let file = root.path().join("mentora.invite");
    std::fs::write(&file, invite.to_text().unwrap()).unwrap();
    let mut v2: TeamManifest = signed_manifest(&t.student, t.learner, &t.docs, vec![]).manifest;
    v2.members = vec![
        portfolio_sync::Member { did: t.advisor.did(), name: "Dr. Rahman".into(), role: AuthorRole::Advisor },
        portfolio_sync::Member { did: t.family.did(), name: "Mẹ".into(), role: AuthorRole::Family },
    ];
    v2.version = 2;
    v2.invites = vec![slot];
    t.student.publish_manifest(v2.clone().sign(t.student.identity()).unwrap());
    t.links[0].close();
    let student_link = connect(&t.student, &t.relay).await;
    assert!(student_link.welcome().unwrap().manifests[0].accepted);

    // The mentor's device joins with the file.
    let mentor = device(&root.path().join("mentor")).await;
    let invite = Invite::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let (_mentor_link, docs) = mentor.join(&invite, T).await.unwrap();
    let seen = open(&mentor, &docs.portfolio).await;
    assert!(eventually(T, || async { seen.record(exp.meta().id).await.unwrap().is_some() }).await);
    assert!(mentor.find(&docs.team).await.unwrap().is_some(), "a mentor reads the team journal");
    let notes = open(&mentor, &docs.contributions[&mentor.did()]).await;
    let c = Comment::new(
        &format!("experience:{}", exp.meta().id),
        "40 horas confirmadas ✅",
        &mentor.did(),
        "Li",
        AuthorRole::Mentor,
    );
    notes.put_comment(&c).await.unwrap();

    // The student's device hears of the join on its next connection and closes the invitation.
    student_link.close();
    let student_link = connect(&t.student, &t.relay).await;
    let joined = student_link.welcome().unwrap().joined;
    assert_eq!(joined.len(), 1, "{joined:?}");
    let mut v3 = v2.clone();
    v3.accept_claim(&joined[0]).unwrap();
    t.student.publish_manifest(v3.clone().sign(t.student.identity()).unwrap());
    student_link.close();
    let student_link = connect(&t.student, &t.relay).await;
    assert!(student_link.welcome().unwrap().joined.is_empty());
    let theirs = open(&t.student, &v3.documents.contributions[&mentor.did()]).await;
    assert!(eventually(T, || async { theirs.comments().await.unwrap() == vec![c.clone()] }).await);
    let adv_view = open(&t.advisor, &v3.documents.contributions[&mentor.did()]).await;
    assert!(eventually(T, || async { adv_view.comments().await.unwrap().len() == 1 }).await);

    // The same file on another device is refused.
    let late = device(&root.path().join("late")).await;
    let e = late.join(&invite, Duration::from_secs(5)).await.err().expect("refused").to_string();
    assert!(e.contains("not open"), "{e}");
    assert!(late.find(&docs.portfolio).await.unwrap().is_none());
    t.relay.stop().await;
}
