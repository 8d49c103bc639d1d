//! One author's contributions to a learner's portfolio: comments and plan
//! signatures, in a document only that author's devices may change (the
//! project's relay enforces it; every device also checks signatures itself).
//!
//! Layout: `{ "lp": "contributions/1", "learner_id", "author": "did:key:…",
//! "comments": { "<comment id>": "<JSON>" }, "signatures": { "<plan id>/<revision>": "<JSON>" },
//! "confirmations": { "<experience id>": "<JSON>" }, "scores": { "<exhibition id>": "<JSON>" } }`
//! (the last two maps are created on first use; score sheets: [`crate::scores`]).

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjId, ObjType, ReadDoc, Value, ROOT};
use chrono::{DateTime, Utc};
use portfolio_domain::{AuthorRole, Id};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::error::{Result, SyncError};
use crate::model::{damaged, doc_info, get_str, DocRole};
use crate::signing::PlanSignature;

/// A comment on a record, a plan goal or an exhibition item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Comment {
    /// Stable id (UUIDv7).
    pub id: Id,
    /// What it is about: `KIND:ID`, optionally `#PART` (as `portfolio-evidence`'s `Target`).
    pub on: String,
    /// The comment (Markdown subset).
    pub text: String,
    /// The author's device (`did:key`).
    pub author: String,
    /// The author's name.
    pub author_name: String,
    /// The author's role (an advisor's comment is feedback).
    pub role: AuthorRole,
    /// When it was written.
    pub created: DateTime<Utc>,
}

impl Comment {
    /// A new comment stamped now.
    pub fn new(on: &str, text: &str, author: &str, author_name: &str, role: AuthorRole) -> Self {
        Comment {
            id: portfolio_domain::new_id(),
            on: on.to_string(),
            text: text.to_string(),
            author: author.to_string(),
            author_name: author_name.to_string(),
            role,
            created: Utc::now(),
        }
    }

    /// True for an advisor's feedback (shown marked).
    pub fn is_feedback(&self) -> bool {
        self.role == AuthorRole::Advisor
    }
}

/// Adds (or edits) a comment in its author's contributions document.
pub fn put_comment(doc: &mut Automerge, comment: &Comment) -> Result<()> {
    if comment.text.trim().is_empty() {
        return Err(SyncError::NotShared("A comment needs some text.".into()));
    }
    put_entry(doc, "comments", &comment.id.to_string(), &comment.author, comment)
}

/// Every comment in a contributions document, oldest first.
pub fn comments(doc: &Automerge) -> Result<Vec<Comment>> {
    let mut out: Vec<Comment> = entries(doc, "comments")?;
    out.sort_by_key(|c| (c.created, c.id));
    Ok(out)
}

/// Adds a plan signature to its signer's contributions document.
pub fn put_signature(doc: &mut Automerge, sig: &PlanSignature) -> Result<()> {
    put_entry(doc, "signatures", &format!("{}/{}", sig.plan_id, sig.revision), &sig.signer, sig)
}

/// Every signature in a contributions document.
pub fn signatures(doc: &Automerge) -> Result<Vec<PlanSignature>> {
    entries(doc, "signatures")
}

/// A mentor's confirmation of the hours of an experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HoursConfirmation {
    /// The experience.
    pub experience_id: Id,
    /// The hours confirmed.
    pub hours: f64,
    /// The mentor's device.
    pub by: String,
    /// The mentor's name.
    pub name: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Adds (or replaces) a confirmation of hours in its author's document.
pub fn put_confirmation(doc: &mut Automerge, c: &HoursConfirmation) -> Result<()> {
    if !(c.hours.is_finite() && c.hours >= 0.0) {
        return Err(SyncError::NotShared("Confirmed hours must be a number of hours, 0 or more.".into()));
    }
    ensure_map(doc, "confirmations")?;
    put_entry(doc, "confirmations", &c.experience_id.to_string(), &c.by, c)
}

/// Every confirmation of hours in a contributions document.
pub fn confirmations(doc: &Automerge) -> Result<Vec<HoursConfirmation>> {
    if doc.get(ROOT, "confirmations")?.is_none() {
        return Ok(Vec::new());
    }
    entries(doc, "confirmations")
}

pub(crate) fn ensure_map(doc: &mut Automerge, name: &str) -> Result<()> {
    if doc.get(ROOT, name)?.is_none() {
        doc.transact::<_, _, SyncError>(|tx| Ok(tx.put_object(ROOT, name, ObjType::Map)?)).map_err(|f| f.error)?;
    }
    Ok(())
}

pub(crate) fn put_entry<T: Serialize>(
    doc: &mut Automerge,
    map: &str,
    key: &str,
    author: &str,
    value: &T,
) -> Result<()> {
    let info = doc_info(doc)?;
    if info.role != DocRole::Contributions {
        return Err(damaged("comments and signatures go in a contributions document"));
    }
    if info.author_did.as_deref() != Some(author) {
        return Err(SyncError::NotShared(
            "A comment or signature goes only into its own author's contributions document.".into(),
        ));
    }
    let obj = map_obj(doc, map)?;
    let text = serde_json::to_string(value)?;
    doc.transact::<_, _, SyncError>(|tx| Ok(tx.put(&obj, key, text)?)).map_err(|f| f.error)?;
    Ok(())
}

pub(crate) fn entries<T: DeserializeOwned>(doc: &Automerge, map: &str) -> Result<Vec<T>> {
    let obj = map_obj(doc, map)?;
    let mut out = Vec::new();
    for key in doc.keys(&obj) {
        if let Some(text) = get_str(doc, &obj, &key)? {
            out.push(serde_json::from_str(&text)?);
        }
    }
    Ok(out)
}

fn map_obj(doc: &Automerge, name: &str) -> Result<ObjId> {
    match doc.get(ROOT, name)? {
        Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
        _ => Err(damaged(&format!("it has no {name} map (is it a contributions document?)"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::new_document;
    use crate::signing::sign_plan;
    use crate::DeviceIdentity;

    #[test]
    fn comments_and_signatures_live_in_their_authors_document() {
        let learner = portfolio_domain::new_id();
        let advisor = DeviceIdentity::generate();
        let mut doc = new_document(DocRole::Contributions, learner, Some(&advisor.did())).unwrap();
        let c = Comment::new(
            "experience:0190a0a0-0000-7000-8000-000000000001",
            "¡Muy buen trabajo! Rất tốt 👏 عمل رائع",
            &advisor.did(),
            "Dr. Rahman",
            AuthorRole::Advisor,
        );
        put_comment(&mut doc, &c).unwrap();
        let mut later = Comment::new(&c.on, "Segundo", &advisor.did(), "Dr. Rahman", AuthorRole::Advisor);
        later.created = c.created + chrono::Duration::seconds(5);
        put_comment(&mut doc, &later).unwrap();
        let loaded = Automerge::load(&doc.save()).unwrap();
        let got = comments(&loaded).unwrap();
        assert_eq!(got, vec![c.clone(), later]);
        assert!(got[0].is_feedback());

        let someone = DeviceIdentity::generate();
        let forged = Comment::new(&c.on, "Not mine", &someone.did(), "Intruder", AuthorRole::Family);
        assert!(put_comment(&mut doc, &forged).unwrap_err().to_string().contains("own author"));
        let blank = Comment::new(&c.on, "  ", &advisor.did(), "Dr. Rahman", AuthorRole::Advisor);
        assert!(put_comment(&mut doc, &blank).is_err());

        let plan = portfolio_domain::PlanData::new(portfolio_domain::new_id(), Default::default());
        let plan_id = portfolio_domain::new_id();
        let sig = sign_plan(&advisor, learner, plan_id, &plan, "Dr. Rahman", AuthorRole::Advisor, Utc::now()).unwrap();
        put_signature(&mut doc, &sig).unwrap();
        assert_eq!(signatures(&doc).unwrap(), vec![sig]);
        let mut portfolio = new_document(DocRole::Portfolio, learner, None).unwrap();
        assert!(put_comment(&mut portfolio, &c).is_err());

        assert!(confirmations(&doc).unwrap().is_empty());
        let hours = HoursConfirmation {
            experience_id: portfolio_domain::new_id(),
            hours: 37.5,
            by: advisor.did(),
            name: "Dr. Rahman".into(),
            at: Utc::now(),
        };
        put_confirmation(&mut doc, &hours).unwrap();
        assert_eq!(confirmations(&doc).unwrap(), vec![hours.clone()]);
        assert!(put_confirmation(&mut doc, &HoursConfirmation { hours: f64::NAN, ..hours }).is_err());
    }
}
