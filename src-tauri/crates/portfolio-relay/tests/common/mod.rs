//! A learner's team on a loopback relay, shared by the relay tests.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use portfolio_domain::{AuthorRole, Id};
use portfolio_relay::{start, RelayConfig, RunningRelay};
use portfolio_sync::fixtures::{device, signed_manifest};
use portfolio_sync::{Comment, DocRole, LearnerDocs, Member, RelayKind, RelayLink, SyncDoc, SyncRepo};

pub const T: Duration = Duration::from_secs(10);

pub struct Team {
    pub relay: RunningRelay,
    pub learner: Id,
    pub docs: LearnerDocs,
    pub student: SyncRepo,
    pub advisor: SyncRepo,
    pub family: SyncRepo,
    pub others: Vec<SyncRepo>,
    pub links: Vec<RelayLink>,
}

pub async fn relay_at(root: &Path, port: u16) -> RunningRelay {
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    start(RelayConfig { addr, data_dir: root.join("relay") }).await.expect("relay starts")
}

pub async fn connect(repo: &SyncRepo, relay: &RunningRelay) -> RelayLink {
    let link = repo.connect(&relay.url(), RelayKind::Project).unwrap();
    link.established(T).await.expect("connected");
    link
}

/// Student, advisor and family, connected.
pub async fn team(root: &Path) -> Team {
    team_with(root, &[]).await
}

/// Student, advisor, family and `extra` members (folder name, role), all
/// connected; the extras are `others` (and `links[3..]`).
pub async fn team_with(root: &Path, extra: &[(&str, AuthorRole)]) -> Team {
    let relay = relay_at(root, 0).await;
    let student = device(&root.join("student")).await;
    let mut people = vec![("advisor", AuthorRole::Advisor), ("family", AuthorRole::Family)];
    people.extend_from_slice(extra);
    let learner = portfolio_domain::new_id();
    let mut docs = student.create_learner_docs(learner).await.unwrap();
    let mut members = Vec::new();
    let mut repos = Vec::new();
    for (name, role) in &people {
        let repo = device(&root.join(name)).await;
        let mine = repo.create(DocRole::Contributions, learner, Some(&repo.did())).await.unwrap();
        docs.contributions.insert(repo.did(), mine.id());
        members.push(Member { did: repo.did(), name: format!("{name} · Nguyễn"), role: *role });
        repos.push(repo);
    }
    student.publish_manifest(signed_manifest(&student, learner, &docs, members));
    let mut links = vec![connect(&student, &relay).await];
    let receipt = links[0].welcome().expect("welcome").manifests;
    assert!(receipt.len() == 1 && receipt[0].accepted, "{receipt:?}");
    for repo in &repos {
        links.push(connect(repo, &relay).await);
    }
    let mut repos = repos.into_iter();
    let (advisor, family) = (repos.next().unwrap(), repos.next().unwrap());
    Team { relay, learner, docs, student, advisor, family, others: repos.collect(), links }
}

pub async fn open(repo: &SyncRepo, id: &str) -> SyncDoc {
    repo.find(id).await.unwrap().unwrap_or_else(|| panic!("{} cannot find {id}", repo.did()))
}

/// `repo` comments on the experience `on` in its own contributions document.
pub async fn comment_on(t: &Team, repo: &SyncRepo, on: Id, text: &str, role: AuthorRole) -> Comment {
    let notes = open(repo, &t.docs.contributions[&repo.did()]).await;
    let c = Comment::new(&format!("experience:{on}"), text, &repo.did(), "Nombre · Tên", role);
    notes.put_comment(&c).await.unwrap();
    c
}
