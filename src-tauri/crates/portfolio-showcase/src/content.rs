//! What a showcase shows, read from the store once: the website and the PDF
//! are both made from this [`Content`], so they cannot differ.
//!
//! Every item is judged again here ([`portfolio_store::showable`]): a journal
//! entry made Private after it was chosen, or a photo of other people not
//! included on purpose, stops the export with the store's sentence. Records
//! that no longer exist are left out and named in `left_out`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use portfolio_domain::{
    AnyRecord, Evidence, ExperienceKind, Framework, GoalStatus, Id, Learner, RecordKind, ShowcaseData, ShowcaseItem,
    ShowcaseItemKind,
};
use portfolio_media::MediaStore;
use portfolio_store::{Store, StoreError};

use crate::ShowcaseError;

/// A showcase ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The showcase's title.
    pub title: String,
    /// Who it is for (may be empty).
    pub audience: String,
    /// The introduction (Markdown subset).
    pub introduction: String,
    /// The learner's name.
    pub learner_name: String,
    /// "School · cohort", when known.
    pub school_line: String,
    /// When the export was made (said on the About page).
    pub made_at: DateTime<Utc>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// What was left out and why, one sentence each (for the person exporting).
    pub left_out: Vec<String>,
}

/// A section: heading, introduction, item pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading (may be empty: the items are then listed under "Work").
    pub title: String,
    /// Introduction (Markdown subset).
    pub introduction: String,
    /// The items, in order.
    pub items: Vec<Page>,
}

/// One item's page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Number of the item in the whole showcase (1 = first), for file names.
    pub number: usize,
    /// What kind of item ("Internship", "Journal entry", "Badge", …).
    pub label: String,
    /// Title.
    pub title: String,
    /// The learner's note for this audience (Markdown subset).
    pub note: String,
    /// Label–value facts (dates, organisation, status…).
    pub facts: Vec<(String, String)>,
    /// Texts under a heading each (heading, Markdown subset).
    pub texts: Vec<(String, String)>,
    /// A checklist (goal steps): text, done.
    pub checklist: Vec<(String, bool)>,
    /// Photos that may be shown.
    pub photos: Vec<Photo>,
    /// Stored files (not pictures) to download.
    pub files: Vec<File>,
    /// Links the learner entered (shown as external).
    pub links: Vec<Link>,
    /// For a badge: its original file and its verification at export time.
    pub badge: Option<Badge>,
}

/// A photo: a stored picture with its alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// SHA-256 of the original.
    pub sha256: String,
    /// Alternative text (never empty: photos without it are left out).
    pub alt: String,
    /// Caption (may be empty).
    pub caption: String,
    /// Width of the screen-size derivative, in pixels.
    pub width: u32,
    /// Height of the screen-size derivative, in pixels.
    pub height: u32,
    /// Width and height of the print-size derivative.
    pub print: (u32, u32),
}

/// A stored file that is not a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// SHA-256 of the original.
    pub sha256: String,
    /// The name it was imported with.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Caption.
    pub caption: String,
}

/// A web address the learner entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Title (the address when it has none).
    pub title: String,
    /// The address (http or https).
    pub url: String,
}

/// A badge's original credential and how it verified when exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// The original credential file, byte for byte (`None` for a badge
    /// entered by hand).
    pub original: Option<(Vec<u8>, &'static str)>,
    /// The status word (`verified`, `expired`, `manual`, …).
    pub status: String,
    /// The status in words for the page.
    pub status_label: String,
    /// A sentence from the verifier.
    pub detail: String,
}

/// Limits on what one export holds.
pub const MAX_ITEMS: usize = 1_000;

struct Ctx<'a> {
    store: &'a Store,
    media: Option<&'a MediaStore>,
    learner: Learner,
    frameworks: Vec<Framework>,
    now: DateTime<Utc>,
    left_out: Vec<String>,
    no_alt: BTreeSet<String>,
    others: BTreeSet<String>,
}

/// Reads showcase `showcase` of `learner` and everything it names.
///
/// `now` is the moment of the export: badges are verified as of then and the
/// About page says it; nothing else reads the clock.
pub fn gather(
    store: &Store,
    media: Option<&MediaStore>,
    learner: Id,
    showcase: Id,
    now: DateTime<Utc>,
) -> Result<Content, ShowcaseError> {
    let record = match store.get(RecordKind::Showcase, showcase) {
        Ok(AnyRecord::Showcase(s)) if s.meta.learner_id == learner => s,
        Ok(_) | Err(StoreError::NotFound { .. }) => {
            return Err(ShowcaseError::NotFound("That showcase does not exist (any more).".into()))
        }
        Err(e) => return Err(e.into()),
    };
    let mut ctx = Ctx {
        store,
        media,
        learner: store.learner(learner)?,
        frameworks: store.frameworks()?,
        now,
        left_out: Vec::new(),
        no_alt: BTreeSet::new(),
        others: BTreeSet::new(),
    };
    let data: &ShowcaseData = &record.data;
    if data.items().count() > MAX_ITEMS {
        return Err(ShowcaseError::Refused(format!("A showcase can hold at most {MAX_ITEMS} items.")));
    }
    let mut number = 0;
    let mut sections = Vec::new();
    for (s, sec) in data.sections.iter().enumerate() {
        let mut items = Vec::new();
        for (i, item) in sec.items.iter().enumerate() {
            let field = format!("sections[{s}].items[{i}]");
            portfolio_store::showable(store, &field, item, true).map_err(|e| match e {
                StoreError::NotShowable { field, message } => ShowcaseError::NotShowable { field, message },
                other => other.into(),
            })?;
            let Some(record) = ctx.find(item)? else { continue };
            number += 1;
            if let Some(page) = ctx.page(number, item, &record)? {
                items.push(page);
            } else {
                number -= 1;
            }
        }
        sections.push(Section { title: sec.title.clone(), introduction: sec.introduction.clone(), items });
    }
    let mut left_out = std::mem::take(&mut ctx.left_out);
    if !ctx.no_alt.is_empty() {
        left_out.push(format!(
            "{} photo{} without alternative text {} left out: add a description of each photo to include it.",
            ctx.no_alt.len(),
            if ctx.no_alt.len() == 1 { "" } else { "s" },
            if ctx.no_alt.len() == 1 { "was" } else { "were" }
        ));
    }
    if !ctx.others.is_empty() {
        left_out.push(format!(
            "{} photo{} showing other people {} left out: choose {} on purpose to include {}.",
            ctx.others.len(),
            if ctx.others.len() == 1 { "" } else { "s" },
            if ctx.others.len() == 1 { "was" } else { "were" },
            if ctx.others.len() == 1 { "it" } else { "them" },
            if ctx.others.len() == 1 { "it" } else { "them" },
        ));
    }
    let p = &ctx.learner.profile;
    let school_line = [p.school.as_str(), p.cohort.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
    Ok(Content {
        title: data.title.clone(),
        audience: data.audience.clone(),
        introduction: data.introduction.clone(),
        learner_name: p.name.clone(),
        school_line: school_line.join(" · "),
        made_at: now,
        sections,
        left_out,
    })
}

impl Ctx<'_> {
    fn find(&mut self, item: &ShowcaseItem) -> Result<Option<AnyRecord>, ShowcaseError> {
        let Some(kind) = item.target_kind() else { return Ok(None) };
        match self.store.get(kind, item.id) {
            Ok(r) if r.meta().learner_id == self.learner.id => Ok(Some(r)),
            Ok(_) => Ok(None),
            Err(StoreError::NotFound { .. }) => {
                self.left_out.push(format!(
                    "A chosen {} no longer exists and was left out.",
                    item.kind.as_str().replace('_', " ")
                ));
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn goal_names(&self, tags: &[String]) -> String {
        let framework = self.learner.profile.framework();
        let own = self.frameworks.iter().find(|f| f.id == framework);
        tags.iter()
            .map(|id| {
                own.and_then(|f| f.goal(id))
                    .or_else(|| self.frameworks.iter().find_map(|f| f.goal(id)))
                    .map(|g| g.name.clone())
                    .unwrap_or_else(|| id.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn page(&mut self, number: usize, item: &ShowcaseItem, record: &AnyRecord) -> Result<Option<Page>, ShowcaseError> {
        let mut page = Page {
            number,
            label: String::new(),
            title: record.title().to_string(),
            note: item.note.clone(),
            facts: Vec::new(),
            texts: Vec::new(),
            checklist: Vec::new(),
            photos: Vec::new(),
            files: Vec::new(),
            links: Vec::new(),
            badge: None,
        };
        let others = item.include_photos_of_others;
        match (item.kind, record) {
            (ShowcaseItemKind::Experience, AnyRecord::Experience(r)) => {
                let d = &r.data;
                page.label = experience_label(d.kind).into();
                fact(&mut page, "Organisation", &d.organisation);
                fact(&mut page, "Where", &d.location);
                fact(&mut page, "When", &date_range(d.start_date, d.end_date));
                if let Some(h) = d.hours {
                    fact(&mut page, "Hours", &format!("{h}"));
                }
                if !d.mentor.name.is_empty() {
                    let m = if d.mentor.role.is_empty() {
                        d.mentor.name.clone()
                    } else {
                        format!("{}, {}", d.mentor.name, d.mentor.role)
                    };
                    fact(&mut page, "Mentor", &m);
                }
                let goals = self.goal_names(&d.goal_tags);
                fact(&mut page, "Learning goals", &goals);
                text(&mut page, "What I did and learned", &d.description);
                self.evidence(&mut page, &d.evidence, others);
            }
            (ShowcaseItemKind::JournalEntry, AnyRecord::Reflection(r)) => {
                let d = &r.data;
                page.label = "Journal entry".into();
                fact(&mut page, "Date", &long_date(d.date));
                fact(&mut page, "Prompt", &d.prompt);
                text(&mut page, "Entry", &d.body);
                self.evidence(&mut page, &d.evidence, others);
            }
            (ShowcaseItemKind::Goal, AnyRecord::Goal(r)) => {
                let d = &r.data;
                page.label = "Goal".into();
                fact(&mut page, "Status", goal_status(d.status));
                if let Some(t) = d.target_date {
                    fact(&mut page, "Target date", &long_date(t));
                }
                let goals = self.goal_names(&d.goal_tags);
                fact(&mut page, "Learning goals", &goals);
                text(&mut page, "Why it matters", &d.why);
                page.checklist = d.steps.iter().map(|s| (s.text.clone(), s.done)).collect();
                let notes: Vec<String> =
                    d.progress_notes.iter().map(|n| format!("- **{}**: {}", long_date(n.date), n.text)).collect();
                text(&mut page, "Progress", &notes.join("\n"));
                self.evidence(&mut page, &d.evidence, others);
            }
            (ShowcaseItemKind::Badge, AnyRecord::Badge(r)) => {
                let d = &r.data;
                page.label = "Badge".into();
                fact(&mut page, "Issued by", &d.issuer_name);
                fact(&mut page, "Issued on", &long_date(d.issued_on));
                if let Some(e) = d.expires_on {
                    fact(&mut page, "Expires", &long_date(e));
                }
                let goals = self.goal_names(&d.goal_tags);
                fact(&mut page, "Learning goals", &goals);
                text(&mut page, "Description", &d.description);
                text(&mut page, "Criteria", &d.criteria);
                page.links = d
                    .evidence_links
                    .iter()
                    .filter(|u| is_web(u))
                    .map(|u| Link { title: u.clone(), url: u.clone() })
                    .collect();
                let check = portfolio_backpack::check(self.store, r.meta.id, self.now).ok();
                let original = match &d.original_credential {
                    Some(_) => portfolio_backpack::share(self.store, self.learner.id, r.meta.id, self.now)
                        .ok()
                        .map(|s| (s.bytes, s.extension)),
                    None => None,
                };
                let (status, detail) = check.map(|c| (c.status, c.detail)).unwrap_or_else(|| {
                    ("unchecked".into(), "The badge could not be checked when this portfolio was made.".into())
                });
                page.badge = Some(Badge { status_label: status_label(&status).into(), status, detail, original });
            }
            (ShowcaseItemKind::ExhibitionItem, AnyRecord::Exhibition(r)) => {
                let Some(it) = item.index.and_then(|i| r.data.items.get(i as usize)) else { return Ok(None) };
                page.label = "Exhibition".into();
                let shown = self.store.get(it.item.kind, it.item.id).ok();
                if let Some(shown) = shown.as_ref().filter(|s| s.meta().learner_id == self.learner.id) {
                    page.title = shown.title().to_string();
                }
                fact(&mut page, "Presented at", &r.data.title);
                fact(&mut page, "Date", &long_date(r.data.date));
                text(&mut page, "Notes", &it.notes);
                self.evidence(&mut page, &it.evidence, others);
            }
            (ShowcaseItemKind::Evidence, record) => {
                let Some(e) =
                    record.referenced_files().into_iter().find(|e| e.sha256.eq_ignore_ascii_case(&item.sha256))
                else {
                    return Ok(None);
                };
                page.label = if e.kind == "image" { "Photo".into() } else { "File".into() };
                page.title = if !e.caption.trim().is_empty() {
                    e.caption.clone()
                } else if !e.name.trim().is_empty() {
                    e.name.clone()
                } else {
                    page.label.clone()
                };
                fact(&mut page, "From", record.title());
                let e = e.clone();
                self.evidence(&mut page, std::slice::from_ref(&e), true);
                if page.photos.is_empty() && page.files.is_empty() {
                    return Ok(None);
                }
            }
            _ => return Ok(None),
        }
        Ok(Some(page))
    }

    /// Photos, files and links of an evidence list, by the rules: photos need
    /// alternative text; photos of other people only when `others`.
    fn evidence(&mut self, page: &mut Page, list: &[Evidence], others: bool) {
        for e in list {
            match e.kind.as_str() {
                "link" if is_web(&e.url) => {
                    let title = if e.name.trim().is_empty() { e.url.clone() } else { e.name.clone() };
                    page.links.push(Link { title, url: e.url.clone() });
                }
                "image" => {
                    if e.alt.trim().is_empty() {
                        self.no_alt.insert(e.sha256.clone());
                    } else if e.shows_others && !others {
                        self.others.insert(e.sha256.clone());
                    } else if let Some(p) = self.photo(e) {
                        page.photos.push(p);
                    } else {
                        self.left_out.push(format!("The picture \u{201c}{}\u{201d} could not be read.", e.name));
                    }
                }
                "link" => {}
                _ if !e.sha256.is_empty() => page.files.push(File {
                    sha256: e.sha256.to_ascii_lowercase(),
                    name: e.name.clone(),
                    size: e.size,
                    caption: e.caption.clone(),
                }),
                _ => {}
            }
        }
    }

    fn photo(&self, e: &Evidence) -> Option<Photo> {
        let media = self.media?;
        let item = media.item(&e.sha256).ok()??;
        let (w, h) = (item.width?.max(1), item.height?.max(1));
        let fit = |edge: u32| {
            let scale = (edge as f64 / w.max(h) as f64).min(1.0);
            (((w as f64 * scale).round() as u32).max(1), ((h as f64 * scale).round() as u32).max(1))
        };
        let (sw, sh) = fit(portfolio_media::Variant::Screen.long_edge());
        Some(Photo {
            sha256: e.sha256.to_ascii_lowercase(),
            alt: e.alt.trim().to_string(),
            caption: e.caption.trim().to_string(),
            width: sw,
            height: sh,
            print: fit(portfolio_media::Variant::Print.long_edge()),
        })
    }
}

fn fact(page: &mut Page, label: &str, value: &str) {
    if !value.trim().is_empty() {
        page.facts.push((label.into(), value.trim().into()));
    }
}

fn text(page: &mut Page, heading: &str, value: &str) {
    if !value.trim().is_empty() {
        page.texts.push((heading.into(), value.into()));
    }
}

/// True for an address the learner may link to (http or https).
pub fn is_web(url: &str) -> bool {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace)
}

fn experience_label(kind: ExperienceKind) -> &'static str {
    match kind {
        ExperienceKind::Internship => "Internship",
        ExperienceKind::Project => "Project",
        ExperienceKind::Course => "Course",
        ExperienceKind::Job => "Job",
        ExperienceKind::Volunteering => "Volunteering",
        ExperienceKind::Competition => "Competition",
        ExperienceKind::Club => "Club or team",
        ExperienceKind::MuseumVisit => "Museum visit",
        ExperienceKind::Travel => "Travel",
        ExperienceKind::Other => "Experience",
    }
}

fn goal_status(s: GoalStatus) -> &'static str {
    match s {
        GoalStatus::Planned => "Planned",
        GoalStatus::InProgress => "In progress",
        GoalStatus::Achieved => "Achieved",
        GoalStatus::Revised => "Revised",
        GoalStatus::Dropped => "Dropped",
    }
}

/// A verification status in words.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "verified" => "Verified",
        "expired" => "Verified, but expired",
        "not_yet_valid" => "Not valid yet",
        "revoked" => "Revoked by the issuer",
        "invalid" => "Not valid",
        "unverifiable_offline" => "Could not be verified offline",
        "unsupported" => "Format not supported for verification",
        "malformed" => "Damaged file",
        "manual" => "Entered by hand (no credential file)",
        _ => "Not checked",
    }
}

/// "7 December 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn date_range(a: NaiveDate, b: Option<NaiveDate>) -> String {
    match b {
        Some(b) if b != a => format!("{} to {}", long_date(a), long_date(b)),
        Some(_) => long_date(a),
        None => format!("Since {}", long_date(a)),
    }
}
