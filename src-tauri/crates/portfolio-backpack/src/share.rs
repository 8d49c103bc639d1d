//! Sharing a badge as its holder would: the original credential file,
//! byte-exact, and for a JSON or token credential a short note saying what
//! the file is and how anyone can check it.

use chrono::{DateTime, Utc};
use portfolio_badges::{examine, Container};
use portfolio_domain::{AnyRecord, Id, RecordKind};
use portfolio_store::Store;

use crate::{check, BackpackError, BadgeCheck, Result};

/// A badge ready to be shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedBadge {
    /// The badge's name.
    pub name: String,
    /// The credential file exactly as it was imported.
    pub bytes: Vec<u8>,
    /// The file's usual extension: `png`, `svg`, `json` or `jwt`.
    pub extension: &'static str,
    /// For a JSON or token credential: a plain-text note on how to verify it.
    pub note: Option<String>,
    /// SHA-256 of `bytes`, lower-case hex.
    pub sha256: String,
}

/// The badge `badge` of `learner` as a file to share. Refuses a badge of
/// another learner and a badge entered by hand (it has no credential).
pub fn share(store: &Store, learner: Id, badge: Id, now: DateTime<Utc>) -> Result<SharedBadge> {
    let AnyRecord::Badge(b) = store.get(RecordKind::Badge, badge)? else {
        return Err(BackpackError::NotFound("That badge does not exist.".into()));
    };
    if b.meta.learner_id != learner {
        return Err(BackpackError::NotFound("That badge is not in this learner's portfolio.".into()));
    }
    let Some(bytes) = b.data.original_credential.clone() else {
        return Err(BackpackError::Refused(format!(
            "\u{201c}{}\u{201d} was entered by hand: there is no credential file to share.",
            b.data.name
        )));
    };
    let ex = examine(&bytes);
    let extension = match ex.container {
        Container::Png => "png",
        Container::Svg => "svg",
        Container::Jws => "jwt",
        Container::Json | Container::Unknown => "json",
    };
    let verdict = check(store, badge, now)?;
    let note = matches!(ex.container, Container::Json | Container::Jws)
        .then(|| note(&b.data.name, &b.data.issuer_name, &ex.sha256, extension, &verdict, now));
    Ok(SharedBadge { name: b.data.name, bytes, extension, note, sha256: ex.sha256 })
}

fn format_label(format: Option<&str>) -> &'static str {
    match format {
        Some("ob2") => "Open Badges 2.0 assertion",
        Some("clr") => "Comprehensive Learner Record (CLR 2.0)",
        _ => "Open Badges 3.0 credential",
    }
}

fn note(name: &str, issuer: &str, sha256: &str, ext: &str, v: &BadgeCheck, now: DateTime<Utc>) -> String {
    let kind = format_label(v.format.as_deref());
    let mut s = format!(
        "\u{201c}{name}\u{201d}, issued by {issuer}\n\n\
         The .{ext} file beside this note is the original {kind}, exactly as it was received \
         (SHA-256 {sha256}). Do not edit it: any change breaks its signature.\n\n\
         To check it, open the file in an Open Badges verifier, for example the 1EdTech validator \
         (https://openbadgesvalidator.imsglobal.org) or Learner Portfolio (badge verify). \
         The check needs no account; the issuer's signature is inside the file.\n\n\
         Checked by Learner Portfolio on {}: {} \u{2014} {}\n",
        now.format("%Y-%m-%d"),
        v.status.replace('_', " "),
        v.detail
    );
    for e in &v.endorsements {
        s.push_str(&format!(
            "Endorsed ({}) by {}: {} \u{2014} {}\n",
            e.on,
            e.endorser,
            e.status.replace('_', " "),
            e.detail
        ));
    }
    s
}
