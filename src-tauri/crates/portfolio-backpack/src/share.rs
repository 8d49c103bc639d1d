//! Sharing a badge as its holder would: the original credential file,
//! byte-exact, and for a JSON or token credential a short note saying what
//! the file is and how anyone can check it; a verifiable presentation of it
//! signed with the learner's own key ([`presentation`]); and an "Add to
//! LinkedIn profile" address built offline ([`linkedin`]).

use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use portfolio_badges::{examine, present, Container};
use portfolio_domain::{AnyRecord, BadgeData, Id, Record, RecordKind};
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
    let (b, bytes) = stored_credential(store, learner, badge)?;
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

/// `learner`'s badge `badge`; another learner's is not found.
fn learners_badge(store: &Store, learner: Id, badge: Id) -> Result<Record<BadgeData>> {
    let AnyRecord::Badge(b) = store.get(RecordKind::Badge, badge)? else {
        return Err(BackpackError::NotFound("That badge does not exist.".into()));
    };
    if b.meta.learner_id != learner {
        return Err(BackpackError::NotFound("That badge is not in this learner's portfolio.".into()));
    }
    Ok(b)
}

/// `learner`'s badge `badge` and its original credential bytes. Refuses a
/// badge of another learner and a badge entered by hand.
fn stored_credential(store: &Store, learner: Id, badge: Id) -> Result<(Record<BadgeData>, Vec<u8>)> {
    let b = learners_badge(store, learner, badge)?;
    let Some(bytes) = b.data.original_credential.clone() else {
        return Err(BackpackError::Refused(format!(
            "\u{201c}{}\u{201d} was entered by hand: there is no credential file to share.",
            b.data.name
        )));
    };
    Ok((b, bytes))
}

/// A verifiable presentation ready to be shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPresentation {
    /// The badge's name.
    pub name: String,
    /// The presentation, pretty-printed JSON.
    pub json: String,
    /// The learner's `did:key` that signed it.
    pub holder: String,
}

/// A Verifiable Presentation of `learner`'s badge `badge`, signed with the
/// learner's own holder key (from `keys`, made on first use). Refuses an
/// Open Badges 2.0 assertion (not a verifiable credential).
pub fn presentation(
    store: &Store,
    keys: &Path,
    learner: Id,
    badge: Id,
    now: DateTime<Utc>,
) -> Result<SharedPresentation> {
    let (name, credential) = presentable_badge(store, learner, badge)?;
    let key = crate::holder::holder_key(keys, learner)?;
    let vp = present(&key, &credential, now).map_err(|e| BackpackError::Refused(e.to_string()))?;
    let json = serde_json::to_string_pretty(&vp).map_err(|e| BackpackError::Internal(e.to_string()))?;
    Ok(SharedPresentation { name, json, holder: key.did_key() })
}

/// The name of `learner`'s badge `badge` if it can be presented (checked
/// before asking where to save, without making the learner's key).
pub fn presentable(store: &Store, learner: Id, badge: Id) -> Result<String> {
    presentable_badge(store, learner, badge).map(|(name, _)| name)
}

fn presentable_badge(store: &Store, learner: Id, badge: Id) -> Result<(String, portfolio_badges::Credential)> {
    let (b, bytes) = stored_credential(store, learner, badge)?;
    let Some(credential) = examine(&bytes).credential else {
        return Err(BackpackError::Refused(format!(
            "\u{201c}{}\u{201d} holds no readable credential to present.",
            b.data.name
        )));
    };
    portfolio_badges::present::presentable(&credential).map_err(|e| BackpackError::Refused(e.to_string()))?;
    Ok((b.data.name, credential))
}

/// What LinkedIn's "Add licence or certification" form is filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedInCertification {
    /// The certification's name.
    pub name: String,
    /// The issuing organization.
    pub organization: String,
    /// When it was issued.
    pub issued: Option<NaiveDate>,
    /// When it expires.
    pub expires: Option<NaiveDate>,
    /// A web address where it can be seen (only `https://`/`http://`).
    pub url: Option<String>,
    /// The credential's id.
    pub id: Option<String>,
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The "Add to LinkedIn profile" address for `cert`, built offline (the
/// network is only needed to open it). Empty fields are left out.
pub fn linkedin_url(cert: &LinkedInCertification) -> String {
    let mut params: Vec<(&str, String)> = vec![("startTask", "CERTIFICATION_NAME".into()), ("name", cert.name.clone())];
    if !cert.organization.trim().is_empty() {
        params.push(("organizationName", cert.organization.clone()));
    }
    if let Some(d) = cert.issued {
        params.push(("issueYear", d.year().to_string()));
        params.push(("issueMonth", d.month().to_string()));
    }
    if let Some(d) = cert.expires {
        params.push(("expirationYear", d.year().to_string()));
        params.push(("expirationMonth", d.month().to_string()));
    }
    if let Some(u) = cert.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        params.push(("certUrl", u.to_owned()));
    }
    if let Some(id) = cert.id.as_deref().filter(|i| !i.trim().is_empty()) {
        params.push(("certId", id.to_owned()));
    }
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", query_escape(v))).collect();
    format!("https://www.linkedin.com/profile/add?{}", query.join("&"))
}

/// The "Add to LinkedIn profile" address of `learner`'s badge `badge`
/// (name, issuer, dates, and the credential's id; its address when it is a
/// web address). A badge entered by hand has no credential id.
pub fn linkedin(store: &Store, learner: Id, badge: Id) -> Result<String> {
    let b = learners_badge(store, learner, badge)?;
    let id = b
        .data
        .original_credential
        .as_deref()
        .and_then(|bytes| examine(bytes).credential.and_then(|c| c.display.credential_id));
    Ok(linkedin_url(&LinkedInCertification {
        name: b.data.name.clone(),
        organization: b.data.issuer_name.clone(),
        issued: Some(b.data.issued_on),
        expires: b.data.expires_on,
        url: id.clone(),
        id,
    }))
}

#[cfg(test)]
mod linkedin_tests {
    use super::*;

    #[test]
    fn every_field_is_escaped() {
        let url = linkedin_url(&LinkedInCertification {
            name: "Robotics & AI: Level 1 / \u{201c}Gold\u{201d} 100%".into(),
            organization: "Harbor City Met #4 (Ana's school)+co".into(),
            issued: NaiveDate::from_ymd_opt(2025, 3, 9),
            expires: None,
            url: Some("https://example.org/badges?id=1&x=2".into()),
            id: Some("urn:uuid:7e1f7b0a-1111".into()),
        });
        assert_eq!(
            url,
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\
             &name=Robotics%20%26%20AI%3A%20Level%201%20%2F%20%E2%80%9CGold%E2%80%9D%20100%25\
             &organizationName=Harbor%20City%20Met%20%234%20%28Ana%27s%20school%29%2Bco\
             &issueYear=2025&issueMonth=3\
             &certUrl=https%3A%2F%2Fexample.org%2Fbadges%3Fid%3D1%26x%3D2\
             &certId=urn%3Auuid%3A7e1f7b0a-1111"
        );
        // A non-web id is not a certUrl; empty fields are left out.
        let url = linkedin_url(&LinkedInCertification {
            name: "X".into(),
            id: Some("urn:uuid:1".into()),
            url: Some("urn:uuid:1".into()),
            ..Default::default()
        });
        assert_eq!(
            url,
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=X&certId=urn%3Auuid%3A1"
        );
    }
}
