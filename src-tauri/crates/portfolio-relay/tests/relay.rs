//! The project's relay on 127.0.0.1 with real devices (samod repos over
//! sled): sync, share policies, visibility, restarts. Prints latency figures.

mod common;

use std::time::Duration;

use common::{comment_on, connect, open, relay_at, team, T};
use portfolio_domain::AuthorRole;
use portfolio_sync::fixtures::{
    device, eventually, experience, propagation_ms, reflection, retitled, stored_anywhere, summary,
};
use portfolio_sync::{RelayKind, RelayState, TeamManifest};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_and_a_comment_travel_through_the_relay() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let mine = open(&t.student, &t.docs.portfolio).await;
    let exp = experience(t.learner, "Prácticas en el taller 🚲 自行车");
    mine.write_record(&exp).await.unwrap();
    assert!(t.links[0].wait_synced(&mine, T).await, "the relay has the student's change");
    let theirs = open(&t.advisor, &t.docs.portfolio).await;
    assert!(eventually(T, || async { theirs.record(exp.meta().id).await.unwrap().is_some() }).await);
    assert_eq!(theirs.record(exp.meta().id).await.unwrap().unwrap().record, exp);

    let c = comment_on(&t, &t.advisor, exp.meta().id, "¡Buen trabajo! 👏", AuthorRole::Advisor).await;
    let seen = open(&t.student, &t.docs.contributions[&t.advisor.did()]).await;
    assert!(eventually(T, || async { seen.comments().await.unwrap() == vec![c.clone()] }).await);

    for (label, gap) in [("back to back", 0), ("after a 300 ms pause", 300)] {
        let mut ms = propagation_ms(&mine, &theirs, &exp, 20, Duration::from_millis(gap)).await;
        println!("project relay, save on student -> shown on advisor, {label}: {}", summary(&mut ms));
    }
    t.relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_family_change_is_refused_and_never_reaches_the_others() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let mine = open(&t.student, &t.docs.portfolio).await;
    let exp = experience(t.learner, "Original del alumno");
    mine.write_record(&exp).await.unwrap();
    assert!(t.links[0].wait_synced(&mine, T).await);
    let fam = open(&t.family, &t.docs.portfolio).await;
    assert!(eventually(T, || async { fam.record(exp.meta().id).await.unwrap().is_some() }).await, "family reads");

    // A modified client writes anyway, bypassing the app's refusal.
    let injected = experience(t.learner, "INYECTADO por la familia 💉");
    let forged_title = "TÍTULO CAMBIADO por la familia";
    fam.write_record(&injected).await.unwrap();
    fam.write_record(&retitled(&exp, forged_title)).await.unwrap();
    assert!(!t.links[2].wait_synced(&fam, Duration::from_millis(1500)).await, "the relay must not take family changes");
    let st = t.links[2].status(&fam).await.unwrap();
    assert!(st.read_only && st.changes_waiting == 2, "the family device knows it is read-only: {st:?}");
    assert!(!t.links[0].status(&mine).await.unwrap().read_only);

    // The connection is alive: the student's next change still reaches family.
    mine.write_record(&retitled(&exp, "Segunda versión del alumno")).await.unwrap();
    assert!(
        eventually(T, || async {
            let r = fam.record(exp.meta().id).await.unwrap().unwrap();
            r.conflicts.iter().any(|c| c.field == "title") || format!("{:?}", r.record).contains("Segunda versión")
        })
        .await
    );
    let adv = open(&t.advisor, &t.docs.portfolio).await;
    assert!(
        eventually(T, || async { format!("{:?}", adv.records().await.unwrap()).contains("Segunda versión") }).await
    );
    for doc in [&mine, &adv] {
        let set = doc.records().await.unwrap();
        assert_eq!(set.records.len(), 1, "only the student's record");
        assert!(!format!("{set:?}").contains("familia"), "{set:?}");
    }
    assert!(stored_anywhere(&root.path().join("relay"), "Segunda versión"), "the check sees stored text");
    assert!(!stored_anywhere(&root.path().join("relay"), "INYECTADO"));
    assert!(!stored_anywhere(&root.path().join("relay"), forged_title));
    t.advisor.stop().await.unwrap();
    assert!(!stored_anywhere(&root.path().join("advisor"), "INYECTADO"));
    assert!(stored_anywhere(&root.path().join("advisor"), "Segunda versión"), "the check sees stored text");

    // Family may write its own contributions (comments).
    let c = comment_on(&t, &t.family, exp.meta().id, "Estamos orgullosos ❤️", AuthorRole::Family).await;
    let seen = open(&t.student, &t.docs.contributions[&t.family.did()]).await;
    assert!(eventually(T, || async { seen.comments().await.unwrap() == vec![c.clone()] }).await);
    t.relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visibility_holds_on_the_relay_and_on_other_devices() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let portfolio = open(&t.student, &t.docs.portfolio).await;
    let team_doc = open(&t.student, &t.docs.team).await;
    let secret = "Mi secreto: nhật ký bí mật 🤫";
    let private = reflection(t.learner, "Privado", secret, "private");
    assert!(portfolio.write_record(&private).await.is_err());
    assert!(team_doc.write_record(&private).await.is_err());
    let team_only = reflection(t.learner, "Para el equipo", "Solo asesora y mentor 🧑‍🏫", "learning_team");
    let family_too = reflection(t.learner, "Para la familia", "Mi primer viaje en bici 👨‍👩‍👧", "family");
    team_doc.write_record(&team_only).await.unwrap();
    portfolio.write_record(&family_too).await.unwrap();
    assert!(t.links[0].wait_synced(&team_doc, T).await && t.links[0].wait_synced(&portfolio, T).await);

    let adv_team = open(&t.advisor, &t.docs.team).await;
    assert!(eventually(T, || async { adv_team.record(team_only.meta().id).await.unwrap().is_some() }).await);
    let fam_portfolio = open(&t.family, &t.docs.portfolio).await;
    assert!(eventually(T, || async { fam_portfolio.record(family_too.meta().id).await.unwrap().is_some() }).await);
    assert!(t.family.find(&t.docs.team).await.unwrap().is_none(), "family never gets the team document");

    let stranger = device(&root.path().join("stranger")).await;
    let _link = connect(&stranger, &t.relay).await;
    assert!(stranger.find(&t.docs.portfolio).await.unwrap().is_none(), "strangers get nothing");

    t.relay.stop().await;
    for repo in [&t.student, &t.advisor, &t.family, &stranger] {
        repo.stop().await.unwrap();
    }
    assert!(stored_anywhere(&root.path().join("relay"), "primer viaje"), "the check sees stored text");
    assert!(stored_anywhere(&root.path().join("advisor"), "Solo asesora"), "the check sees stored text");
    for who in ["relay", "advisor", "family", "stranger"] {
        assert!(!stored_anywhere(&root.path().join(who), "nhật ký bí mật"), "private text in {who}");
    }
    assert!(!stored_anywhere(&root.path().join("family"), "Solo asesora"), "team entry on the family device");
    assert!(!stored_anywhere(&root.path().join("stranger"), "primer viaje"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_restarted_mid_sync_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let port = t.relay.addr.port();
    let mine = open(&t.student, &t.docs.portfolio).await;
    let theirs = open(&t.advisor, &t.docs.portfolio).await;
    let first = experience(t.learner, "Antes del reinicio");
    mine.write_record(&first).await.unwrap();
    assert!(t.links[0].wait_synced(&mine, T).await);
    let link = &t.links[0];
    assert!(eventually(T, || async { link.status(&mine).await.unwrap().changes_waiting == 0 }).await);
    assert!(matches!(link.state(), RelayState::Connected { .. }), "{:?}", link.state());
    t.relay.stop().await;
    assert!(eventually(T, || async { matches!(link.state(), RelayState::Unreachable { .. }) }).await);
    let offline = experience(t.learner, "Escrito sin conexión 📴");
    mine.write_record(&offline).await.unwrap();
    mine.write_record(&retitled(&offline, "Escrito sin conexión, segunda vez")).await.unwrap();
    let st = link.status(&mine).await.unwrap();
    assert!(!st.connected && st.changes_waiting == 2, "{st:?}");
    let relay = relay_at(root.path(), port).await;
    assert!(
        eventually(Duration::from_secs(20), || async { theirs.record(offline.meta().id).await.unwrap().is_some() })
            .await
    );
    assert!(theirs.record(first.meta().id).await.unwrap().is_some());
    assert!(eventually(T, || async { link.status(&mine).await.unwrap().changes_waiting == 0 }).await);
    assert!(matches!(link.state(), RelayState::Connected { .. }));
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_device_cannot_take_over_a_learner() {
    let root = tempfile::tempdir().unwrap();
    let t = team(root.path()).await;
    let thief = device(&root.path().join("thief")).await;
    let stolen = TeamManifest {
        learner_id: t.learner,
        version: 99,
        student: thief.did(),
        members: vec![],
        documents: t.docs.clone(),
        issued_at: chrono::Utc::now(),
        invites: vec![],
    };
    thief.publish_manifest(stolen.sign(thief.identity()).unwrap());
    let link = connect(&thief, &t.relay).await;
    let receipts = link.welcome().unwrap().manifests;
    assert!(!receipts[0].accepted && receipts[0].reason.contains("signed by"), "{receipts:?}");
    assert!(thief.find(&t.docs.portfolio).await.unwrap().is_none());
    t.relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_prove_its_key_is_not_served() {
    let root = tempfile::tempdir().unwrap();
    let relay = relay_at(root.path(), 0).await;
    let plain = device(&root.path().join("plain")).await;
    let link = plain.connect(&relay.url(), RelayKind::Plain).unwrap();
    assert!(link.established(Duration::from_secs(2)).await.is_err());
    link.close();
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_relay_is_reported_with_its_reason() {
    let root = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let repo = device(&root.path().join("d")).await;
    let link = repo.connect(&format!("ws://127.0.0.1:{port}/"), RelayKind::Project).unwrap();
    let e = link.established(Duration::from_millis(800)).await.unwrap_err().to_string();
    assert!(e.contains(&format!("127.0.0.1:{port}")) && e.contains("no connection"), "{e}");
    assert!(eventually(T, || async { matches!(link.state(), RelayState::Unreachable { .. }) }).await);
    let RelayState::Unreachable { since, reason } = link.state() else { unreachable!() };
    assert!(since <= chrono::Utc::now() && !reason.is_empty(), "{reason}");
    assert!(repo.connect("http://example.org", RelayKind::Plain).is_err());
    assert!(repo.connect("no es una dirección", RelayKind::Plain).is_err());
    link.close();
}
