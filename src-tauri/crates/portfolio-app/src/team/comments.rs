//! Comments on records, plan goals and exhibition items, and which of them
//! this device has read. Read markers are per device: they live in the
//! store's `comment_reads` tree (key: learner id ‖ target, value: the JSON
//! list of comment ids read), never in a shared document. A comment is
//! unread until marked; this device's own comments are never unread. Ids,
//! not times, are kept, so a comment written earlier on a device whose
//! clock is behind still shows as unread when it arrives.

use std::collections::{BTreeMap, BTreeSet};

use portfolio_domain::Id;
use portfolio_sync::Comment;
use serde::Serialize;
use ts_rs::TS;

use super::engine::{contribution_docs, open_doc};
use super::settings::sled_err;
use super::sync::not_shared;
use crate::{ApiError, App, ErrorCode, Result};

const READS_TREE: &str = "comment_reads";
/// Comments kept only on this device (the demo's feedback: the demo learner
/// has no team); key: learner id ‖ comment id, value: the comment's JSON.
const LOCAL_TREE: &str = "local_comments";

/// How many comments on one target this device has not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UnreadCount {
    /// The target (`KIND:ID` or `KIND:ID#PART`).
    pub on: String,
    /// Unread comments on it.
    pub count: usize,
}

/// A comment as a thread shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommentView {
    /// The comment.
    pub comment: Comment,
    /// An advisor's feedback (shown marked).
    pub feedback: bool,
    /// Not read on this device yet.
    pub unread: bool,
}

fn read_key(learner: Id, on: &str) -> Vec<u8> {
    let mut k = learner.as_bytes().to_vec();
    k.extend_from_slice(on.as_bytes());
    k
}

impl App {
    /// Comments on `on` (`KIND:ID` or `KIND:ID#PART`, one of `learner`'s
    /// records) as this device's person; it goes to the team at the next sync.
    pub fn comment(&self, learner: Id, on: &str, text: &str) -> Result<Comment> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let on = self.check_comment_target(learner, on)?;
        let did = self.device_did()?;
        let mine = s.docs.contributions.get(&did).cloned().ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "This device has no contributions document on this team.")
        })?;
        let comment = Comment::new(&on, text.trim(), &did, &s.name, s.role);
        let c = comment.clone();
        self.with_engine(move |repo| async move { Ok(open_doc(&repo, &mine).await?.put_comment(&c).await?) })?;
        self.saved(comment)
    }

    /// The comments on `on` from everyone on the team, oldest first (as
    /// received by the last sync), and any kept on this device only (the demo's).
    pub fn comments(&self, learner: Id, on: &str) -> Result<Vec<Comment>> {
        let on = self.check_comment_target(learner, on)?;
        Ok(self.all_comments(learner)?.into_iter().filter(|c| c.on == on).collect())
    }

    /// [`App::comments`] as a thread: each comment marked as feedback and as unread here.
    pub fn comment_thread(&self, learner: Id, on: &str) -> Result<Vec<CommentView>> {
        let list = self.comments(learner, on)?;
        let (read, me) = (self.read_ids(learner, on.trim())?, self.device_did()?);
        Ok(list
            .into_iter()
            .map(|c| CommentView {
                feedback: c.is_feedback(),
                unread: c.author != me && !read.contains(&c.id),
                comment: c,
            })
            .collect())
    }

    /// Marks every comment now on `on` as read on this device; returns how
    /// many were unread.
    pub fn mark_comments_read(&self, learner: Id, on: &str) -> Result<usize> {
        let on = self.check_comment_target(learner, on)?;
        let mut read = self.read_ids(learner, &on)?;
        let before = read.len();
        let me = self.device_did()?;
        let mut newly = 0;
        for c in self.all_comments(learner)?.into_iter().filter(|c| c.on == on) {
            if read.insert(c.id) && c.author != me {
                newly += 1;
            }
        }
        if read.len() != before {
            let tree = self.store().open_tree(READS_TREE)?;
            let bytes = serde_json::to_vec(&read).map_err(|e| ApiError::internal(e.to_string()))?;
            tree.insert(read_key(learner, &on), bytes).map_err(sled_err)?;
            tree.flush().map_err(sled_err)?;
        }
        Ok(newly)
    }

    /// Unread comments of `learner` per target (targets with none left out), sorted by target.
    pub fn unread_comments(&self, learner: Id) -> Result<Vec<UnreadCount>> {
        let me = self.device_did()?;
        let mut by_target: BTreeMap<String, Vec<Id>> = BTreeMap::new();
        for c in self.all_comments(learner)?.into_iter().filter(|c| c.author != me) {
            by_target.entry(c.on).or_default().push(c.id);
        }
        let mut out = Vec::new();
        for (on, ids) in by_target {
            let read = self.read_ids(learner, &on)?;
            let count = ids.iter().filter(|id| !read.contains(id)).count();
            if count > 0 {
                out.push(UnreadCount { on, count });
            }
        }
        Ok(out)
    }

    /// Every comment on `learner`'s records, oldest first: those kept on this
    /// device only and, when shared, the team's (each only from its author's
    /// own contributions document).
    pub(crate) fn all_comments(&self, learner: Id) -> Result<Vec<Comment>> {
        let mut all = self.local_comments(learner)?;
        if let Some(s) = self.team_settings(learner)? {
            all.extend(self.team_comments(s.docs.contributions.clone())?);
        }
        all.sort_by_key(|c| (c.created, c.id));
        Ok(all)
    }

    /// Keeps `comment` on `learner`'s records on this device only (not shared).
    pub(crate) fn put_local_comment(&self, learner: Id, comment: &Comment) -> Result<()> {
        let tree = self.store().open_tree(LOCAL_TREE)?;
        let mut key = learner.as_bytes().to_vec();
        key.extend_from_slice(comment.id.as_bytes());
        let bytes = serde_json::to_vec(comment).map_err(|e| ApiError::internal(e.to_string()))?;
        tree.insert(key, bytes).map_err(sled_err)?;
        tree.flush().map_err(sled_err)?;
        Ok(())
    }

    fn local_comments(&self, learner: Id) -> Result<Vec<Comment>> {
        let tree = self.store().open_tree(LOCAL_TREE)?;
        let mut out = Vec::new();
        for item in tree.scan_prefix(learner.as_bytes()) {
            let (_, bytes) = item.map_err(sled_err)?;
            // A damaged local comment is left out rather than hiding the others.
            if let Ok(c) = serde_json::from_slice::<Comment>(&bytes) {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn team_comments(&self, docs: std::collections::BTreeMap<String, String>) -> Result<Vec<Comment>> {
        self.with_engine(move |repo| async move {
            let mut all = Vec::new();
            for (author, doc) in contribution_docs(&repo, docs).await? {
                all.extend(doc.comments().await?.into_iter().filter(|c| c.author == author));
            }
            Ok(all)
        })
    }

    fn read_ids(&self, learner: Id, on: &str) -> Result<BTreeSet<Id>> {
        let tree = self.store().open_tree(READS_TREE)?;
        match tree.get(read_key(learner, on)).map_err(sled_err)? {
            // A damaged marker only makes comments show as unread again.
            Some(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
            None => Ok(BTreeSet::new()),
        }
    }

    fn check_comment_target(&self, learner: Id, on: &str) -> Result<String> {
        let target = crate::parse_target(on.trim())?;
        if self.store().get(target.kind, target.id)?.meta().learner_id != learner {
            return Err(ApiError::invalid(format!("That {} belongs to another learner.", target.kind.as_str())));
        }
        Ok(on.trim().to_string())
    }
}
