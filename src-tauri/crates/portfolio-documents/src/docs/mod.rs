//! The three documents, built from the store as [`Block`]s.

mod exhibition;
mod plan;
mod summary;

use chrono::NaiveDate;
use portfolio_domain::{AnyRecord, Evidence, Framework, Id, Learner, PeriodData, Record, RecordKind};
use portfolio_media::MediaStore;
use portfolio_store::Store;

use crate::fonts::Face;
use crate::layout::{plain, rich_inline, Block, Column, Photo, Rich, Run};
use crate::{DocumentError, RenderRequest};

pub(crate) use exhibition::exhibition;
pub(crate) use plan::plan;
pub(crate) use summary::summary;

/// A document before layout.
#[derive(Debug, Clone)]
pub struct Document {
    /// Title ("Learning Plan — Spring 2026").
    pub title: String,
    /// The document's name for the running header.
    pub short_title: String,
    /// The learner's name.
    pub learner_name: String,
    /// Subject for the metadata.
    pub subject: String,
    /// Suggested file name, without folder.
    pub file_name: String,
    /// The content.
    pub blocks: Vec<Block>,
    /// Things left out on purpose, as sentences (photos without alt text, …).
    pub left_out: Vec<String>,
}

/// Everything the builders share: the learner, frameworks, and the photo rules.
pub(crate) struct Ctx<'a> {
    pub store: &'a Store,
    pub media: Option<&'a MediaStore>,
    pub learner: Learner,
    pub framework: Framework,
    pub frameworks: Vec<Framework>,
    pub req: &'a RenderRequest,
    pub left_out: Vec<String>,
    no_alt: usize,
    others: usize,
    unreadable: usize,
    /// Pictures already placed in this document (each is printed once).
    placed: std::collections::HashSet<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(store: &'a Store, media: Option<&'a MediaStore>, req: &'a RenderRequest) -> Result<Self, DocumentError> {
        let learner = store.learner(req.learner_id)?;
        let frameworks = store.frameworks()?;
        let framework = frameworks
            .iter()
            .find(|f| f.id == learner.profile.framework())
            .or_else(|| frameworks.iter().find(|f| f.id == portfolio_domain::framework::BPL))
            .or_else(|| frameworks.first())
            .cloned()
            .ok_or_else(|| DocumentError::Missing("No learning-goal framework is available.".into()))?;
        Ok(Ctx {
            store,
            media,
            learner,
            framework,
            frameworks,
            req,
            left_out: vec![],
            no_alt: 0,
            others: 0,
            placed: Default::default(),
            unreadable: 0,
        })
    }

    pub fn name(&self) -> String {
        self.learner.profile.name.clone()
    }

    /// "School · cohort" for a cover, when either is known.
    pub fn school_line(&self) -> Option<String> {
        let p = &self.learner.profile;
        let parts: Vec<&str> = [p.school.as_str(), p.cohort.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The name of a learning goal, from the learner's framework or any other.
    pub fn goal_name(&self, id: &str) -> String {
        self.framework
            .goal(id)
            .or_else(|| self.frameworks.iter().find_map(|f| f.goal(id)))
            .map(|g| g.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn list(&self, kind: RecordKind) -> Result<Vec<AnyRecord>, DocumentError> {
        Ok(self.store.list(self.req.learner_id, kind, "")?)
    }

    pub fn periods(&self) -> Result<Vec<Record<PeriodData>>, DocumentError> {
        let mut v: Vec<_> = self
            .list(RecordKind::Period)?
            .into_iter()
            .filter_map(|r| match r {
                AnyRecord::Period(p) => Some(p),
                _ => None,
            })
            .collect();
        v.sort_by_key(|p| p.data.start);
        Ok(v)
    }

    /// The requested period, or the one containing `today`, or the latest.
    pub fn period(&self, today: NaiveDate) -> Result<Record<PeriodData>, DocumentError> {
        let periods = self.periods()?;
        if let Some(id) = self.req.period_id {
            return periods
                .into_iter()
                .find(|p| p.meta.id == id)
                .ok_or_else(|| DocumentError::Missing("That marking period does not exist for this learner.".into()));
        }
        let current = periods.iter().find(|p| p.data.contains(today)).cloned();
        current
            .or_else(|| periods.iter().rfind(|p| p.data.start <= today).cloned())
            .or_else(|| periods.first().cloned())
            .ok_or_else(|| DocumentError::Missing("This learner has no marking periods yet: add one first.".into()))
    }

    /// The learner's own photo (profile picture) for a cover.
    pub fn learner_photo(&mut self) -> Option<Photo> {
        let sha = self.learner.profile.photo_sha256.clone();
        if sha.is_empty() {
            return None;
        }
        let e = Evidence {
            sha256: sha,
            kind: "image".into(),
            alt: format!("Photo of {}", self.learner.profile.name),
            ..Default::default()
        };
        let mut p = self.photo(&e)?;
        p.caption.clear();
        Some(p)
    }

    /// A photo of the evidence, if it may appear in this document.
    pub fn photo(&mut self, e: &Evidence) -> Option<Photo> {
        if e.kind != "image" || e.sha256.is_empty() {
            return None;
        }
        if e.alt.trim().is_empty() {
            self.no_alt += 1;
            return None;
        }
        if e.shows_others && !self.req.include_photos_of_others {
            self.others += 1;
            return None;
        }
        let media = self.media?;
        let item = match media.item(&e.sha256) {
            Ok(Some(item)) => item,
            _ => {
                self.unreadable += 1;
                return None;
            }
        };
        let (w, h) = (item.width.unwrap_or(1600), item.height.unwrap_or(1200));
        // The largest derivative is at most 2400 px on the long edge.
        let scale = (2400.0 / w.max(h).max(1) as f64).min(1.0);
        let caption = if e.caption.trim().is_empty() { e.alt.clone() } else { e.caption.clone() };
        Some(Photo {
            sha256: e.sha256.clone(),
            width: ((w as f64 * scale).round() as u32).max(1),
            height: ((h as f64 * scale).round() as u32).max(1),
            caption,
            alt: e.alt.trim().to_string(),
        })
    }

    /// Photos as a grid block plus a list of the other evidence (files and
    /// links). A picture already placed in this document is not repeated.
    pub fn evidence_blocks(&mut self, evidence: &[Evidence], cols: u8, out: &mut Vec<Block>) {
        let mut photos: Vec<Photo> = Vec::new();
        for e in evidence {
            if self.placed.contains(&e.sha256) {
                continue;
            }
            if let Some(p) = self.photo(e) {
                self.placed.insert(p.sha256.clone());
                photos.push(p);
            }
        }
        if !photos.is_empty() {
            out.push(Block::Photos { cols, photos });
        }
        let others: Vec<Rich> = evidence
            .iter()
            .filter(|e| e.kind != "image")
            .map(|e| {
                let mut r = plain(if e.name.is_empty() { e.url.clone() } else { e.name.clone() }, Face::Serif);
                if e.kind == "link" && !e.url.is_empty() && !e.name.is_empty() {
                    r.push(Run { text: format!(" — {}", e.url), face: Face::SerifItalic });
                } else if e.kind != "link" {
                    r.push(Run { text: format!(" ({})", human_size(e.size)), face: Face::SerifItalic });
                }
                if !e.caption.is_empty() {
                    r.push(Run { text: format!(": {}", e.caption), face: Face::Serif });
                }
                r
            })
            .collect();
        if !others.is_empty() {
            out.push(Block::Para(crate::layout::ParaStyle::Small, plain("Files and links", Face::SansBold)));
            out.push(Block::Bullets(others));
        }
    }

    /// Sentences about photos left out, to show the user after rendering.
    pub fn finish(&mut self) -> Vec<String> {
        let mut v = std::mem::take(&mut self.left_out);
        if self.no_alt > 0 {
            v.push(format!(
                "{} photo{} without alternative text {} left out: add a description of each photo to include it.",
                self.no_alt,
                if self.no_alt == 1 { "" } else { "s" },
                if self.no_alt == 1 { "was" } else { "were" }
            ));
        }
        if self.others > 0 {
            v.push(format!(
                "{} photo{} marked as showing other people {} left out (choose to include them on purpose).",
                self.others,
                if self.others == 1 { "" } else { "s" },
                if self.others == 1 { "was" } else { "were" }
            ));
        }
        if self.unreadable > 0 {
            v.push(format!(
                "{} photo file{} could not be found in the media folder.",
                self.unreadable,
                if self.unreadable == 1 { "" } else { "s" }
            ));
        }
        v
    }
}

pub(crate) fn human_size(n: u64) -> String {
    match n {
        0..=999 => format!("{n} bytes"),
        1000..=999_999 => format!("{:.0} kB", n as f64 / 1000.0),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(crate) fn date_range(a: NaiveDate, b: Option<NaiveDate>) -> String {
    match b {
        Some(b) if b != a => format!("{} – {}", date(a), date(b)),
        Some(_) => date(a),
        None => format!("since {}", date(a)),
    }
}

pub(crate) fn field(label: &str, text: &str) -> Option<(String, Rich)> {
    let t = text.trim();
    (!t.is_empty()).then(|| (label.to_string(), rich_inline(t, Face::Serif)))
}

pub(crate) fn cols(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter().map(|(t, s)| Column { title: (*t).into(), share: *s }).collect()
}

pub(crate) fn cell(text: impl Into<String>) -> Rich {
    plain(text, Face::Sans)
}

pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Record ids by kind, for looking up titles of linked records.
pub(crate) fn record_title(r: &AnyRecord) -> String {
    match r {
        AnyRecord::Experience(e) => e.data.title.clone(),
        AnyRecord::Reflection(x) => x.data.title.clone(),
        AnyRecord::Goal(g) => g.data.statement.clone(),
        AnyRecord::Badge(b) => b.data.name.clone(),
        AnyRecord::Period(p) => p.data.name.clone(),
        AnyRecord::Plan(_) => "Learning Plan".into(),
        AnyRecord::CheckIn(c) => format!("Check-in {}", c.data.date),
        AnyRecord::Exhibition(x) => x.data.title.clone(),
        AnyRecord::Narrative(_) => "Narrative".into(),
        AnyRecord::Showcase(x) => x.data.title.clone(),
    }
}

pub(crate) fn find(store: &Store, kind: RecordKind, id: Id) -> Option<AnyRecord> {
    store.get(kind, id).ok()
}
