//! Leap2A (2010-07) in the dialect Mahara imports and exports.
//!
//! Export layout: a zip with `leap2a.xml` at its root and attached files
//! under `files/`. The feed's author and a `person` entry are the learner;
//! experiences are `leap2:activity` entries; reflections are journal posts
//! (`entry`) that are `leap2:is_part_of` a `leap2:selection` "Journal" (Mahara
//! blog) and `leap2:reflects_on` their experiences; goals are `leap2:plan`
//! entries whose action steps are `leap2:plan` parts (Mahara plans and
//! tasks); badges are `leap2:achievement` entries, their original PNG/SVG
//! credentials `resource` entries with an `enclosure` link into `files/`;
//! exhibitions are `leap2:selection` entries linking their evidence.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use chrono::{DateTime, NaiveDate, Utc};
use portfolio_domain::{
    ActionStep, AnyRecord, AuthorRole, BadgeData, BadgeSource, EvidenceSlot, ExperienceData, ExperienceKind,
    ExperienceStatus, GoalData, GoalStatus, Id, Learner, LearnerProfile, Mentor, RecordData, RecordKind,
    ReflectionData, Validate, Visibility,
};
use portfolio_store::Store;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, Writer};

use crate::{html, InterchangeError, Result};

/// Atom namespace.
pub const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
/// RDF namespace.
pub const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// Leap2A terms namespace.
pub const NS_LEAP2: &str = "http://terms.leapspecs.org/";
/// Leap2A categories namespace.
pub const NS_CATEGORIES: &str = "http://wiki.leapspecs.org/2A/categories/";
/// Mahara's Leap2A extensions namespace.
pub const NS_MAHARA: &str = "http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#";
/// The Leap2A version this crate writes.
pub const LEAP2A_VERSION: &str = "http://www.leapspecs.org/2010-07/2A/";
/// Name of the feed inside the zip.
pub const FEED_FILE: &str = "leap2a.xml";
const KIND_SCHEME: &str = "categories:learner_portfolio_kind#";

/// Size limits applied when reading a Leap2A file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest zip file or bare XML file, in bytes.
    pub max_file: u64,
    /// Largest uncompressed `leap2a.xml`, in bytes.
    pub max_feed: u64,
    /// Most zip entries.
    pub max_zip_entries: u64,
    /// Most feed entries.
    pub max_entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file: 512 << 20, max_feed: 32 << 20, max_zip_entries: 20_000, max_entries: 20_000 }
    }
}

// ---------------------------------------------------------------- export --

/// What an export wrote, by Leap2A entry type.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExportSummary {
    /// `leap2:activity` entries (experiences).
    pub activities: usize,
    /// Journal posts (reflections).
    pub journal_entries: usize,
    /// `leap2:plan` entries for goals.
    pub plans: usize,
    /// `leap2:plan` entries for action steps.
    pub tasks: usize,
    /// `leap2:achievement` entries (badges).
    pub achievements: usize,
    /// `resource` entries with a file in `files/`.
    pub resources: usize,
    /// `leap2:selection` entries for exhibitions (the journal not counted).
    pub exhibitions: usize,
}

/// Leap2A output: the feed and the files it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leap2aContent {
    /// The `leap2a.xml` text.
    pub xml: String,
    /// Files as (path inside the zip, under `files/`; bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// What was written.
    pub summary: ExportSummary,
}

fn io_err(e: impl std::fmt::Display) -> InterchangeError {
    InterchangeError::Write(e.to_string())
}

struct Feed {
    w: Writer<Vec<u8>>,
}

impl Feed {
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Start(s)).map_err(io_err)
    }
    fn end(&mut self, name: &str) -> Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name))).map_err(io_err)
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Empty(s)).map_err(io_err)
    }
    fn text_el(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.start(name, attrs)?;
        self.w.write_event(Event::Text(BytesText::new(&clean_xml_text(text)))).map_err(io_err)?;
        self.end(name)
    }
    fn link(&mut self, rel: &str, href: &str) -> Result<()> {
        self.empty("link", &[("rel", rel), ("href", href)])
    }
    fn rdf_type(&mut self, t: &str) -> Result<()> {
        self.empty("rdf:type", &[("rdf:resource", t)])
    }
    fn mahara_type(&mut self, plugin: &str, t: &str) -> Result<()> {
        self.empty("mahara:artefactplugin", &[("mahara:plugin", plugin), ("mahara:type", t)])
    }
    fn date(&mut self, point: &str, d: NaiveDate) -> Result<()> {
        self.text_el("leap2:date", &[("leap2:point", point)], &d.format("%Y-%m-%d").to_string())
    }
    fn head(&mut self, id: &str, title: &str, updated: DateTime<Utc>, published: Option<DateTime<Utc>>) -> Result<()> {
        self.start("entry", &[])?;
        self.text_el("title", &[], title)?;
        self.text_el("id", &[], id)?;
        self.text_el("updated", &[], &rfc3339(updated))?;
        if let Some(p) = published {
            self.text_el("published", &[], &rfc3339(p))?;
        }
        Ok(())
    }
}

/// XML 1.0 cannot carry most control characters, even escaped: drop them.
fn clean_xml_text(s: &str) -> String {
    s.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn noon(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

fn entry_id(id: Id) -> String {
    format!("portfolio:{id}")
}

fn kind_term(k: ExperienceKind) -> &'static str {
    match k {
        ExperienceKind::Internship => "internship",
        ExperienceKind::Project => "project",
        ExperienceKind::Course => "course",
        ExperienceKind::Job => "job",
        ExperienceKind::Volunteering => "volunteering",
        ExperienceKind::Competition => "competition",
        ExperienceKind::Club => "club",
        ExperienceKind::MuseumVisit => "museum_visit",
        ExperienceKind::Travel => "travel",
        ExperienceKind::Other => "other",
    }
}

fn kind_from_term(t: &str) -> Option<ExperienceKind> {
    [
        ExperienceKind::Internship,
        ExperienceKind::Project,
        ExperienceKind::Course,
        ExperienceKind::Job,
        ExperienceKind::Volunteering,
        ExperienceKind::Competition,
        ExperienceKind::Club,
        ExperienceKind::MuseumVisit,
        ExperienceKind::Travel,
        ExperienceKind::Other,
    ]
    .into_iter()
    .find(|k| kind_term(*k) == t)
}

fn life_area(k: ExperienceKind) -> &'static str {
    match k {
        ExperienceKind::Internship | ExperienceKind::Job => "Work",
        ExperienceKind::Course => "Education",
        ExperienceKind::Volunteering => "Community",
        _ => "Leisure",
    }
}

fn experience_content(e: &ExperienceData) -> String {
    let mut parts = vec![e.description.trim().to_string()];
    let mut facts = Vec::new();
    if !e.organisation.trim().is_empty() {
        facts.push(format!("Organisation: {}", e.organisation.trim()));
    }
    if !e.location.trim().is_empty() {
        facts.push(format!("Location: {}", e.location.trim()));
    }
    let m = &e.mentor;
    if !m.name.trim().is_empty() {
        let extra: Vec<&str> = [m.role.trim(), m.contact.trim()].into_iter().filter(|s| !s.is_empty()).collect();
        if extra.is_empty() {
            facts.push(format!("Mentor: {}", m.name.trim()));
        } else {
            facts.push(format!("Mentor: {} ({})", m.name.trim(), extra.join(", ")));
        }
    }
    if let Some(h) = e.hours {
        facts.push(format!("Hours: {h}"));
    }
    parts.push(facts.join("\n"));
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

fn sniff_image(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("png", "image/png"));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    head.contains("<svg").then_some(("svg", "image/svg+xml"))
}

/// Builds the Leap2A feed for a learner and their records (records of kinds
/// Leap2A has no place for — periods, plans, check-ins, narratives — are left
/// out). `now` is the export time written in the feed.
pub fn leap2a_xml(learner: &Learner, records: &[AnyRecord], now: DateTime<Utc>) -> Result<Leap2aContent> {
    leap2a_xml_with_media(learner, records, now, &|_| None)
}

/// Like [`leap2a_xml`], and each piece of evidence on an experience, journal
/// entry or goal becomes a `resource` entry (`leap2:is_evidence_of` the
/// record): files with an `enclosure` into `files/` when `media(sha256)` gives
/// their bytes, links as `related` links (never fetched).
pub fn leap2a_xml_with_media(
    learner: &Learner,
    records: &[AnyRecord],
    now: DateTime<Utc>,
    media: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Leap2aContent> {
    let mut f = Feed { w: Writer::new_with_indent(Vec::new(), b' ', 2) };
    let mut files = Vec::new();
    let mut summary = ExportSummary::default();
    let p = &learner.profile;
    let exported: std::collections::HashSet<Id> = records
        .iter()
        .filter(|r| {
            matches!(r.kind(), RecordKind::Experience | RecordKind::Reflection | RecordKind::Goal | RecordKind::Badge)
        })
        .map(|r| r.meta().id)
        .collect();

    f.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(io_err)?;
    f.start(
        "feed",
        &[
            ("xmlns", NS_ATOM),
            ("xmlns:rdf", NS_RDF),
            ("xmlns:leap2", NS_LEAP2),
            ("xmlns:categories", NS_CATEGORIES),
            ("xmlns:mahara", NS_MAHARA),
        ],
    )?;
    f.text_el("leap2:version", &[], LEAP2A_VERSION)?;
    f.text_el("id", &[], &format!("urn:uuid:{}", learner.id))?;
    f.text_el("title", &[], &format!("Learner Portfolio Leap2A export for {}", p.name))?;
    f.text_el("updated", &[], &rfc3339(now))?;
    f.text_el("generator", &[("version", env!("CARGO_PKG_VERSION"))], "Learner Portfolio")?;
    f.start("author", &[])?;
    f.text_el("name", &[], &p.name)?;
    if let Some(e) = p.emails.first() {
        f.text_el("email", &[], e)?;
    }
    f.end("author")?;

    // The learner.
    f.head("portfolio:self", &p.name, learner.updated, Some(learner.created))?;
    let about = if p.interests.is_empty() { String::new() } else { format!("Interests: {}", p.interests.join(", ")) };
    f.text_el("content", &[], &about)?;
    f.rdf_type("leap2:person")?;
    let (given, family) = match p.name.trim().rsplit_once(' ') {
        Some((g, fam)) => (g.trim(), fam.trim()),
        None => (p.name.trim(), ""),
    };
    f.text_el("leap2:persondata", &[("leap2:field", "legal_given_name")], given)?;
    if !family.is_empty() {
        f.text_el("leap2:persondata", &[("leap2:field", "legal_family_name")], family)?;
    }
    if !p.preferred_name.trim().is_empty() {
        f.text_el("leap2:persondata", &[("leap2:field", "preferred_given_name")], &p.preferred_name)?;
    }
    for e in &p.emails {
        f.text_el("leap2:persondata", &[("leap2:field", "email")], e)?;
    }
    if let Some(d) = p.date_of_birth {
        f.text_el("leap2:persondata", &[("leap2:field", "dob")], &d.to_string())?;
    }
    for i in &p.interests {
        f.text_el("leap2:persondata", &[("leap2:field", "other"), ("leap2:label", "Interest")], i)?;
    }
    f.end("entry")?;

    // Which reflections reflect on each experience (for the reverse links).
    let mut reflected: HashMap<Id, Vec<Id>> = HashMap::new();
    let reflections: Vec<Id> = records
        .iter()
        .filter_map(|r| match r {
            AnyRecord::Reflection(r) => {
                for e in &r.data.experience_ids {
                    reflected.entry(*e).or_default().push(r.meta.id);
                }
                Some(r.meta.id)
            }
            _ => None,
        })
        .collect();
    if !reflections.is_empty() {
        f.head("portfolio:journal", "Journal", now, None)?;
        f.text_el("content", &[], &format!("{}'s reflections.", p.display_name()))?;
        f.rdf_type("leap2:selection")?;
        f.mahara_type("blog", "blog")?;
        f.empty("category", &[("term", "Blog"), ("scheme", "categories:selection_type#")])?;
        for id in &reflections {
            f.link("leap2:has_part", &entry_id(*id))?;
        }
        f.end("entry")?;
    }

    for r in records {
        let meta = r.meta();
        let id = entry_id(meta.id);
        match r {
            AnyRecord::Experience(e) => {
                let d = &e.data;
                f.head(&id, &d.title, meta.updated, Some(meta.created))?;
                f.text_el("content", &[], &experience_content(d))?;
                f.rdf_type("leap2:activity")?;
                for rid in reflected.get(&meta.id).into_iter().flatten() {
                    f.link("leap2:is_reflected_on_by", &entry_id(*rid))?;
                }
                f.empty("category", &[("term", life_area(d.kind)), ("scheme", "categories:life_area#")])?;
                f.empty("category", &[("term", kind_term(d.kind)), ("scheme", KIND_SCHEME)])?;
                for t in &d.goal_tags {
                    f.empty("category", &[("term", t)])?;
                }
                if !d.organisation.trim().is_empty() {
                    f.text_el("leap2:orgname", &[], &d.organisation)?;
                }
                if !d.location.trim().is_empty() {
                    f.text_el("leap2:spatial", &[], &d.location)?;
                }
                f.date("start", d.start_date)?;
                if let Some(end) = d.end_date {
                    f.date("end", end)?;
                }
                let stage = match d.status {
                    ExperienceStatus::Planned => "planned",
                    ExperienceStatus::Ongoing => "started",
                    ExperienceStatus::Completed => "completed",
                    ExperienceStatus::Withdrawn => "withdrawn",
                };
                f.empty("leap2:status", &[("leap2:stage", stage)])?;
                f.end("entry")?;
                summary.activities += 1;
            }
            AnyRecord::Reflection(rf) => {
                let d = &rf.data;
                f.head(&id, &d.title, meta.updated, Some(noon(d.date)))?;
                f.text_el("content", &[], &d.body)?;
                f.rdf_type("entry")?;
                f.mahara_type("blog", "blogpost")?;
                f.link("leap2:is_part_of", "portfolio:journal")?;
                for e in &d.experience_ids {
                    if exported.contains(e) {
                        f.link("leap2:reflects_on", &entry_id(*e))?;
                    }
                }
                for g in &d.goal_ids {
                    if exported.contains(g) {
                        f.link("leap2:relation", &entry_id(*g))?;
                    }
                }
                f.date("start", d.date)?;
                f.end("entry")?;
                summary.journal_entries += 1;
            }
            AnyRecord::Goal(g) => {
                let d = &g.data;
                f.head(&id, &d.statement, meta.updated, Some(meta.created))?;
                f.text_el("content", &[], &d.why)?;
                f.rdf_type("leap2:plan")?;
                f.mahara_type("plans", "plan")?;
                for i in 0..d.steps.len() {
                    f.link("leap2:has_part", &format!("{id}/step/{}", i + 1))?;
                }
                for t in &d.goal_tags {
                    f.empty("category", &[("term", t)])?;
                }
                if let Some(t) = d.target_date {
                    f.date("target", t)?;
                }
                let stage = match d.status {
                    GoalStatus::Achieved => "completed",
                    GoalStatus::InProgress => "started",
                    GoalStatus::Dropped => "withdrawn",
                    GoalStatus::Planned | GoalStatus::Revised => "planned",
                };
                f.empty("leap2:status", &[("leap2:stage", stage)])?;
                f.end("entry")?;
                summary.plans += 1;
                for (i, s) in d.steps.iter().enumerate() {
                    f.head(&format!("{id}/step/{}", i + 1), &s.text, meta.updated, None)?;
                    f.text_el("content", &[], "")?;
                    f.rdf_type("leap2:plan")?;
                    f.mahara_type("plans", "task")?;
                    f.link("leap2:is_part_of", &id)?;
                    let stage = if s.done { "completed" } else { "planned" };
                    f.empty("leap2:status", &[("leap2:stage", stage)])?;
                    f.end("entry")?;
                    summary.tasks += 1;
                }
            }
            AnyRecord::Badge(b) => {
                let d = &b.data;
                let file = d.original_credential.as_deref().and_then(|bytes| sniff_image(bytes).map(|s| (bytes, s)));
                f.head(&id, &d.name, meta.updated, Some(noon(d.issued_on)))?;
                let mut content = d.description.trim().to_string();
                if !d.criteria.trim().is_empty() {
                    content = format!("{content}\n\nCriteria: {}", d.criteria.trim()).trim().to_string();
                }
                f.text_el("content", &[], &content)?;
                f.rdf_type("leap2:achievement")?;
                f.mahara_type("resume", "certification")?;
                f.text_el("leap2:orgname", &[], &d.issuer_name)?;
                if file.is_some() {
                    f.link("leap2:has_evidence", &format!("{id}/file"))?;
                }
                for l in &d.evidence_links {
                    f.link("related", l)?;
                }
                for t in &d.goal_tags {
                    f.empty("category", &[("term", t)])?;
                }
                f.date("start", d.issued_on)?;
                if let Some(x) = d.expires_on {
                    f.date("end", x)?;
                }
                f.end("entry")?;
                summary.achievements += 1;
                if let Some((bytes, (ext, mime))) = file {
                    let path = format!("files/badge-{}.{ext}", meta.id);
                    f.head(&format!("{id}/file"), &format!("{}.{ext}", d.name), meta.updated, None)?;
                    f.text_el(
                        "content",
                        &[],
                        &format!("The badge \u{201c}{}\u{201d} as issued (baked image).", d.name),
                    )?;
                    f.rdf_type("resource")?;
                    f.mahara_type("file", if ext == "png" { "image" } else { "file" })?;
                    f.empty("category", &[("term", "Offline"), ("scheme", "categories:resource_type#")])?;
                    f.empty("link", &[("rel", "enclosure"), ("href", &path), ("type", mime)])?;
                    f.link("leap2:is_evidence_of", &id)?;
                    f.end("entry")?;
                    files.push((path, bytes.to_vec()));
                    summary.resources += 1;
                }
            }
            AnyRecord::Exhibition(x) => {
                let d = &x.data;
                f.head(&id, &d.title, meta.updated, Some(noon(d.date)))?;
                let mut lines = vec![format!("Exhibition on {}", d.date)];
                if !d.place.trim().is_empty() {
                    lines[0].push_str(&format!(" at {}", d.place.trim()));
                }
                if !d.panel.is_empty() {
                    let names: Vec<String> = d
                        .panel
                        .iter()
                        .map(|p| if p.role.is_empty() { p.name.clone() } else { format!("{} ({})", p.name, p.role) })
                        .collect();
                    lines.push(format!("Panel: {}", names.join(", ")));
                }
                for a in &d.agenda {
                    lines.push(format!("- {a}"));
                }
                f.text_el("content", &[], &lines.join("\n"))?;
                f.rdf_type("leap2:selection")?;
                f.empty("category", &[("term", "Webpage"), ("scheme", "categories:selection_type#")])?;
                for item in &d.items {
                    if exported.contains(&item.item.id) {
                        f.link("leap2:has_part", &entry_id(item.item.id))?;
                    }
                }
                f.date("start", d.date)?;
                f.end("entry")?;
                summary.exhibitions += 1;
            }
            _ => {}
        }
    }
    // Evidence: one resource entry per file or link, pointing at its record
    // (an exhibition's item evidence at the exhibition; plans are not entries
    // of the feed, so a plan goal's evidence names its goal in the text).
    for r in records {
        let owner = entry_id(r.meta().id);
        let has_entry = !matches!(r, AnyRecord::Plan(_));
        for (k, (slot, part, evidence)) in r.evidence_lists().into_iter().enumerate() {
            let (prefix, context) = match slot {
                EvidenceSlot::Record => (format!("{owner}/evidence"), String::new()),
                EvidenceSlot::PlanGoal { .. } => (
                    format!("{owner}/part/{k}/evidence"),
                    format!("Evidence for the plan goal \u{201c}{part}\u{201d}."),
                ),
                EvidenceSlot::ExhibitionItem { .. } => (
                    format!("{owner}/part/{k}/evidence"),
                    format!("Shown with {part} of the exhibition \u{201c}{}\u{201d}.", r.title()),
                ),
            };
            for (i, e) in evidence.iter().enumerate() {
                let rid = format!("{prefix}/{i}");
                let title = if e.name.trim().is_empty() { format!("Evidence {}", i + 1) } else { e.name.clone() };
                let bytes = if e.kind == "link" { None } else { media(&e.sha256) };
                if e.kind != "link" && bytes.is_none() {
                    continue;
                }
                f.head(&rid, &title, r.meta().updated, None)?;
                let text: Vec<&str> = [e.caption.as_str(), e.alt.as_str(), context.as_str()]
                    .into_iter()
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                f.text_el("content", &[], &text.join("\n\n"))?;
                f.rdf_type("resource")?;
                match bytes {
                    Some(bytes) => {
                        let safe: String =
                            e.name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
                        let path = format!(
                            "files/{}-{}",
                            &e.sha256[..12.min(e.sha256.len())],
                            if safe.is_empty() { "file".into() } else { safe }
                        );
                        f.mahara_type("file", if e.kind == "image" { "image" } else { "file" })?;
                        f.empty("category", &[("term", "Offline"), ("scheme", "categories:resource_type#")])?;
                        f.empty("link", &[("rel", "enclosure"), ("href", &path), ("type", &e.mime)])?;
                        if !files.iter().any(|(p, _): &(String, Vec<u8>)| *p == path) {
                            files.push((path, bytes));
                        }
                    }
                    None => {
                        f.empty("category", &[("term", "Web"), ("scheme", "categories:resource_type#")])?;
                        f.link("related", &e.url)?;
                    }
                }
                if has_entry {
                    f.link("leap2:is_evidence_of", &owner)?;
                }
                f.end("entry")?;
                summary.resources += 1;
            }
        }
    }
    f.end("feed")?;
    let xml = String::from_utf8(f.w.into_inner()).map_err(io_err)?;
    Ok(Leap2aContent { xml, files, summary })
}

/// Exports a learner's portfolio as a Leap2A zip (see the module docs).
pub fn export_leap2a(store: &Store, learner: Id, now: DateTime<Utc>) -> Result<(Vec<u8>, ExportSummary)> {
    let l = store.learner(learner)?;
    let mut records = Vec::new();
    for kind in [
        RecordKind::Experience,
        RecordKind::Goal,
        RecordKind::Reflection,
        RecordKind::Badge,
        RecordKind::Exhibition,
        RecordKind::Plan,
    ] {
        let mut of_kind = store.list(learner, kind, "")?;
        of_kind.reverse(); // oldest first reads naturally
        records.extend(of_kind);
    }
    let media =
        portfolio_media::MediaStore::open(store.path().parent().unwrap_or_else(|| store.path()).join("media")).ok();
    let read = |sha: &str| media.as_ref().and_then(|m| std::fs::read(m.original_path(sha)).ok());
    let content = leap2a_xml_with_media(&l, &records, now, &read)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(FEED_FILE, opts).map_err(io_err)?;
    zip.write_all(content.xml.as_bytes()).map_err(io_err)?;
    for (path, bytes) in &content.files {
        zip.start_file(path.as_str(), opts).map_err(io_err)?;
        zip.write_all(bytes).map_err(io_err)?;
    }
    let bytes = zip.finish().map_err(io_err)?.into_inner();
    Ok((bytes, content.summary))
}

// ---------------------------------------------------------------- import --

/// One Atom entry as read from a feed (the parts this crate uses).
#[derive(Debug, Clone, Default)]
struct RawEntry {
    id: String,
    title: String,
    /// Content as text: HTML/XHTML already reduced to the Markdown subset.
    content: String,
    published: Option<String>,
    /// `rdf:type` values, reduced to the part after the last `:`/`#`/`/`.
    types: Vec<String>,
    mahara_type: String,
    /// (rel without prefix, href)
    links: Vec<(String, String)>,
    /// (term, scheme)
    categories: Vec<(String, String)>,
    /// (point, value)
    dates: Vec<(String, String)>,
    /// (field, value)
    persondata: Vec<(String, String)>,
    orgname: String,
    myrole: String,
    spatial: String,
    stage: String,
}

/// A parsed Leap2A file ready to store: the learner's profile and records.
#[derive(Debug, Clone, PartialEq)]
pub struct Leap2aImport {
    /// The person the export belongs to.
    pub profile: LearnerProfile,
    /// Records to create. Reflections name experiences by their position in
    /// this list (see `reflection_links`).
    pub records: Vec<RecordData>,
    /// For each reflection at index i of `records`, the indexes of the
    /// experiences it reflects on.
    pub reflection_links: Vec<(usize, Vec<usize>)>,
    /// File entries that were not imported (media import arrives later).
    pub files_skipped: usize,
    /// Other entries that were not imported, as "title (type)".
    pub skipped: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportReport {
    /// The new learner.
    pub learner: Learner,
    /// Experiences created.
    pub experiences: usize,
    /// Reflections created.
    pub reflections: usize,
    /// Goals created.
    pub goals: usize,
    /// Badges created.
    pub badges: usize,
    /// Files not imported (media import arrives later).
    pub files_skipped: usize,
    /// Other entries not imported, as "title (type)".
    pub skipped: Vec<String>,
}

fn local(s: &str) -> String {
    s.rsplit([':', '#', '/']).next().unwrap_or(s).to_string()
}

fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.chars().any(|c| c == '\\' || c == ':' || c.is_control())
        && name.trim_end_matches('/').split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads a Leap2A zip (or a bare `leap2a.xml`) and converts it, validating
/// everything, without touching any store.
pub fn read_leap2a(bytes: &[u8], limits: Limits) -> Result<Leap2aImport> {
    if bytes.len() as u64 > limits.max_file {
        return Err(InterchangeError::TooLarge {
            what: "The file".into(),
            size: bytes.len() as u64,
            limit: limits.max_file,
        });
    }
    let (xml, zip_files) = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| InterchangeError::NotLeap2a(format!("the zip file cannot be read ({e})")))?;
        if zip.len() as u64 > limits.max_zip_entries {
            return Err(InterchangeError::TooMany { count: zip.len() as u64, limit: limits.max_zip_entries });
        }
        let mut feed_index = None;
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let f = zip
                .by_index_raw(i)
                .map_err(|e| InterchangeError::NotLeap2a(format!("a zip entry cannot be read ({e})")))?;
            let name = f.name().to_string();
            if !safe_name(&name) {
                return Err(InterchangeError::UnsafeName(name));
            }
            if name == FEED_FILE {
                if f.size() > limits.max_feed {
                    return Err(InterchangeError::TooLarge {
                        what: "leap2a.xml".into(),
                        size: f.size(),
                        limit: limits.max_feed,
                    });
                }
                feed_index = Some(i);
            } else if !name.ends_with('/') {
                names.push(name);
            }
        }
        let i = feed_index
            .ok_or_else(|| InterchangeError::NotLeap2a("the zip file has no leap2a.xml at its root".into()))?;
        let f = zip.by_index(i).map_err(|e| InterchangeError::NotLeap2a(format!("leap2a.xml cannot be read ({e})")))?;
        let mut buf = Vec::new();
        f.take(limits.max_feed + 1)
            .read_to_end(&mut buf)
            .map_err(|e| InterchangeError::NotLeap2a(format!("leap2a.xml cannot be read ({e})")))?;
        if buf.len() as u64 > limits.max_feed {
            return Err(InterchangeError::TooLarge {
                what: "leap2a.xml".into(),
                size: buf.len() as u64,
                limit: limits.max_feed,
            });
        }
        (buf, names.len())
    } else {
        if bytes.len() as u64 > limits.max_feed {
            return Err(InterchangeError::TooLarge {
                what: "leap2a.xml".into(),
                size: bytes.len() as u64,
                limit: limits.max_feed,
            });
        }
        (bytes.to_vec(), 0)
    };
    let xml = String::from_utf8(xml).map_err(|_| InterchangeError::BadXml("it is not UTF-8 text".into()))?;
    let (author, entries) = parse_feed(&xml, limits)?;
    let mut out = convert(author, entries)?;
    out.files_skipped = out.files_skipped.max(zip_files);
    Ok(out)
}

fn xml_err(e: impl std::fmt::Display) -> InterchangeError {
    InterchangeError::BadXml(e.to_string())
}

#[derive(Default)]
struct Author {
    name: String,
    email: String,
}

/// An open element: (namespace, local name, attributes).
type Open = (String, String, Vec<(String, String)>);

fn parse_feed(xml: &str, limits: Limits) -> Result<(Author, Vec<RawEntry>)> {
    let mut r = NsReader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut entries: Vec<RawEntry> = Vec::new();
    let mut author = Author::default();
    let mut is_feed = false;
    let mut version_ok = false;
    let mut cur: Option<RawEntry> = None;
    let mut text = String::new();
    // Inside <content>: its type and depth, and raw XHTML being rebuilt.
    let mut content_type: Option<String> = None;
    let mut content_depth = 0usize;
    let mut attrs_cur: Vec<(String, String)> = Vec::new();
    loop {
        let (ns, ev) = r.read_resolved_event().map_err(xml_err)?;
        let ns = match ns {
            ResolveResult::Bound(n) => n.into_inner().to_string(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(p) => {
                return Err(InterchangeError::BadXml(format!("the prefix \u{201c}{}\u{201d} is not declared", p)))
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name().into_inner().to_string();
                if content_type.is_some() {
                    // XHTML content: rebuild a tag for the HTML reducer.
                    let mut tag = format!("<{name}");
                    for a in e.attributes().flatten() {
                        if a.key.local_name().into_inner() == "href" || a.key.local_name().into_inner() == "alt" {
                            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_err)?;
                            tag.push_str(&format!(
                                " {}=\"{}\"",
                                a.key.local_name().into_inner(),
                                v.replace('&', "&amp;").replace('"', "&quot;")
                            ));
                        }
                    }
                    tag.push_str(if empty { "/>" } else { ">" });
                    text.push_str(&tag);
                    if !empty {
                        content_depth += 1;
                    }
                    continue;
                }
                attrs_cur.clear();
                for a in e.attributes() {
                    let a = a.map_err(xml_err)?;
                    let key = a.key.local_name().into_inner().to_string();
                    let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_err)?.into_owned();
                    attrs_cur.push((key, v));
                }
                let attr = |k: &str| attrs_cur.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                if stack.is_empty() {
                    if !(ns == NS_ATOM && name == "feed") {
                        return Err(InterchangeError::NotLeap2a("its root element is not an Atom feed".into()));
                    }
                    is_feed = true;
                }
                if let Some(en) = cur.as_mut() {
                    if stack.len() == 2 {
                        match (ns.as_str(), name.as_str()) {
                            (NS_ATOM, "link") => en.links.push((local(&attr("rel")), attr("href"))),
                            (NS_ATOM, "category") => en.categories.push((attr("term"), attr("scheme"))),
                            (NS_RDF, "type") => en.types.push(local(&attr("resource"))),
                            (NS_MAHARA, "artefactplugin") => en.mahara_type = attr("type"),
                            (NS_LEAP2, "status") => en.stage = attr("stage"),
                            (NS_ATOM, "content") => {
                                content_type = Some(attr("type"));
                                content_depth = 0;
                                if !empty {
                                    text.clear();
                                    stack.push((ns, name, attrs_cur.clone()));
                                    continue;
                                }
                                content_type = None;
                            }
                            _ => {}
                        }
                    }
                } else if stack.len() == 1 && ns == NS_ATOM && name == "entry" {
                    cur = Some(RawEntry::default());
                    if entries.len() as u64 >= limits.max_entries {
                        return Err(InterchangeError::TooMany {
                            count: entries.len() as u64 + 1,
                            limit: limits.max_entries,
                        });
                    }
                }
                if !empty {
                    stack.push((ns, name, attrs_cur.clone()));
                    text.clear();
                }
            }
            Event::Text(ref t) => text.push_str(&t.xml10_content()),
            Event::CData(ref t) => text.push_str(t.as_ref()),
            Event::GeneralRef(ref g) => {
                let c = match g.resolve_char_ref().map_err(xml_err)? {
                    Some(c) => c,
                    None => match g.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(InterchangeError::BadXml(format!("the entity &{other}; is not defined"))),
                    },
                };
                if content_type.as_deref() == Some("xhtml") {
                    // Keep markup-significant characters escaped for the HTML reducer.
                    match c {
                        '&' => text.push_str("&amp;"),
                        '<' => text.push_str("&lt;"),
                        '>' => text.push_str("&gt;"),
                        c => text.push(c),
                    }
                } else {
                    text.push(c);
                }
            }
            Event::End(ref e) => {
                let name = e.local_name().into_inner().to_string();
                if content_type.is_some() && content_depth > 0 {
                    content_depth -= 1;
                    text.push_str(&format!("</{name}>"));
                    continue;
                }
                let Some((ens, ename, eattrs)) = stack.pop() else { break };
                let eattr = |k: &str| eattrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                let value = std::mem::take(&mut text);
                let depth = stack.len();
                match cur.as_mut() {
                    Some(en) if depth == 2 => match (ens.as_str(), ename.as_str()) {
                        (NS_ATOM, "id") => en.id = value.trim().to_string(),
                        (NS_ATOM, "title") => en.title = value.trim().to_string(),
                        (NS_ATOM, "published") => en.published = Some(value.trim().to_string()),
                        (NS_ATOM, "content") => {
                            en.content = match content_type.take().as_deref() {
                                Some("html") | Some("xhtml") => html::to_markdown(&value),
                                _ => value.trim().to_string(),
                            };
                        }
                        (NS_LEAP2, "date") => en.dates.push((eattr("point"), value.trim().to_string())),
                        (NS_LEAP2, "persondata") => en.persondata.push((eattr("field"), value.trim().to_string())),
                        (NS_LEAP2, "orgname") => en.orgname = value.trim().to_string(),
                        (NS_LEAP2, "myrole") => en.myrole = value.trim().to_string(),
                        (NS_LEAP2, "spatial") => en.spatial = value.trim().to_string(),
                        _ => {}
                    },
                    Some(_) if depth == 1 && ens == NS_ATOM && ename == "entry" => {
                        entries.extend(cur.take());
                    }
                    None if depth == 2 && stack.get(1).is_some_and(|(n, l, _)| n == NS_ATOM && l == "author") => {
                        match ename.as_str() {
                            "name" => author.name = value.trim().to_string(),
                            "email" => author.email = value.trim().to_string(),
                            _ => {}
                        }
                    }
                    None if depth == 1 && ens == NS_LEAP2 && ename == "version" => {
                        version_ok = value.trim().starts_with("http://www.leapspecs.org/2010-07/2A")
                            || value.trim().starts_with("http://www.leapspecs.org/2A");
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !is_feed || !stack.is_empty() {
        return Err(InterchangeError::BadXml("the document ends before the feed is closed".into()));
    }
    if !version_ok {
        return Err(InterchangeError::NotLeap2a("the feed does not declare the Leap2A version (leap2:version)".into()));
    }
    Ok((author, entries))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()
}

impl RawEntry {
    fn is(&self, t: &str) -> bool {
        self.types.iter().any(|x| x == t)
    }
    fn date(&self, points: &[&str]) -> Option<NaiveDate> {
        points.iter().find_map(|p| self.dates.iter().find(|(q, _)| q == p).and_then(|(_, v)| parse_date(v)))
    }
    fn any_date(&self) -> Option<NaiveDate> {
        self.date(&["start", "end", "target"]).or_else(|| self.published.as_deref().and_then(parse_date))
    }
    fn links<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.links.iter().filter(move |(r, _)| r == rel).map(|(_, h)| h.as_str())
    }
    fn label(&self) -> String {
        let t = self.types.first().map(String::as_str).unwrap_or("entry");
        format!("\u{201c}{}\u{201d} ({})", self.title, if self.mahara_type.is_empty() { t } else { &self.mahara_type })
    }
}

/// Splits trailing "Organisation: …", "Location: …", "Mentor: …", "Hours: …"
/// lines (as this crate writes them) off an experience's content.
fn split_facts(content: &str, e: &mut ExperienceData) -> String {
    let mut lines: Vec<&str> = content.lines().collect();
    while let Some(last) = lines.last().copied() {
        let (key, value) = match last.split_once(": ") {
            Some(kv) => kv,
            None if last.trim().is_empty() => {
                lines.pop();
                continue;
            }
            None => break,
        };
        match key {
            "Organisation" => {
                if e.organisation.is_empty() {
                    e.organisation = value.trim().into();
                }
            }
            "Location" => {
                if e.location.is_empty() {
                    e.location = value.trim().into();
                }
            }
            "Hours" => match value.trim().parse() {
                Ok(h) => e.hours = Some(h),
                Err(_) => break,
            },
            "Mentor" => {
                let (name, extra) = match value.trim().strip_suffix(')').and_then(|v| v.split_once(" (")) {
                    Some((n, x)) => (n, x),
                    None => (value.trim(), ""),
                };
                let mut parts = extra.splitn(2, ", ");
                e.mentor = Mentor {
                    name: name.into(),
                    role: parts.next().unwrap_or("").into(),
                    contact: parts.next().unwrap_or("").into(),
                };
            }
            _ => break,
        }
        lines.pop();
    }
    lines.join("\n").trim().to_string()
}

fn convert(author: Author, entries: Vec<RawEntry>) -> Result<Leap2aImport> {
    let mut profile = LearnerProfile::default();
    let mut records: Vec<RecordData> = Vec::new();
    let mut skipped = Vec::new();
    let mut files_skipped = 0;
    let mut exp_index: HashMap<String, usize> = HashMap::new();
    let mut goal_index: HashMap<String, usize> = HashMap::new();
    let mut pending_links: Vec<(usize, Vec<String>)> = Vec::new();
    let mut tasks: Vec<&RawEntry> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut person_found = false;

    let plan_ids: std::collections::HashSet<&str> =
        entries.iter().filter(|e| e.is("plan") && e.mahara_type != "task").map(|e| e.id.as_str()).collect();

    for en in &entries {
        let mt = en.mahara_type.trim_start_matches("resume");
        if en.is("person") {
            person_found = true;
            let field =
                |f: &str| en.persondata.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone()).unwrap_or_default();
            let full = format!("{} {}", field("legal_given_name"), field("legal_family_name")).trim().to_string();
            profile.name = if !full.is_empty() {
                full
            } else if !en.title.is_empty() {
                en.title.clone()
            } else {
                author.name.clone()
            };
            profile.preferred_name = field("preferred_given_name");
            profile.emails = en.persondata.iter().filter(|(k, _)| k == "email").map(|(_, v)| v.clone()).collect();
            profile.date_of_birth = parse_date(&field("dob"));
            if let Some(list) = en.content.strip_prefix("Interests: ") {
                profile.interests = list.split(", ").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            }
        } else if en.is("plan") && (en.mahara_type == "task" || en.links("is_part_of").any(|h| plan_ids.contains(h))) {
            tasks.push(en);
        } else if en.is("plan") {
            let status = match en.stage.as_str() {
                "completed" => GoalStatus::Achieved,
                "started" => GoalStatus::InProgress,
                "withdrawn" => GoalStatus::Dropped,
                _ => GoalStatus::Planned,
            };
            goal_index.insert(en.id.clone(), records.len());
            records.push(RecordData::Goal(GoalData {
                statement: en.title.clone(),
                why: en.content.clone(),
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
                target_date: en.date(&["target", "end"]),
                status,
                steps: Vec::new(),
                progress_notes: Vec::new(),
                evidence: Vec::new(),
            }));
        } else if en.is("resource")
            || matches!(en.mahara_type.as_str(), "file" | "image" | "folder" | "archive" | "video" | "audio")
        {
            files_skipped += 1;
        } else if en.is("achievement")
            && !matches!(mt, "educationhistory" | "employmenthistory")
            && !en.orgname.is_empty()
        {
            let Some(issued_on) = en.any_date() else {
                problems.push(format!("The achievement {} has no date.", en.label()));
                continue;
            };
            let (description, criteria) = match en.content.rsplit_once("\n\nCriteria: ") {
                Some((d, c)) => (d.trim().to_string(), c.trim().to_string()),
                None => match en.content.strip_prefix("Criteria: ") {
                    Some(c) => (String::new(), c.trim().to_string()),
                    None => (en.content.clone(), String::new()),
                },
            };
            records.push(RecordData::Badge(BadgeData {
                name: en.title.clone(),
                issuer_name: en.orgname.clone(),
                issued_on,
                expires_on: en.date(&["end"]).filter(|d| *d != issued_on),
                description,
                criteria,
                image_ref: None,
                evidence_links: en.links("related").map(str::to_string).collect(),
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
                attached_keys: Vec::new(),
                source: BadgeSource::Manual,
                original_credential: None,
            }));
        } else if en.is("activity")
            || en.is("achievement")
            || matches!(mt, "employmenthistory" | "educationhistory" | "certification")
        {
            let Some(start_date) = en.any_date() else {
                problems.push(format!("The activity {} has no start date.", en.label()));
                continue;
            };
            let kind = en
                .categories
                .iter()
                .find(|(_, s)| s == KIND_SCHEME)
                .and_then(|(t, _)| kind_from_term(t))
                .unwrap_or_else(|| match mt {
                    "employmenthistory" => ExperienceKind::Job,
                    "educationhistory" => ExperienceKind::Course,
                    _ => match en.categories.iter().find(|(_, s)| s.ends_with("life_area#")).map(|(t, _)| t.as_str()) {
                        Some("Work") => ExperienceKind::Job,
                        Some("Education") => ExperienceKind::Course,
                        Some("Community") => ExperienceKind::Volunteering,
                        _ => ExperienceKind::Other,
                    },
                });
            let mut title = en.title.clone();
            let mut organisation = en.orgname.clone();
            if !en.myrole.is_empty() {
                if organisation.is_empty() && title != en.myrole {
                    organisation = title.clone();
                }
                title = en.myrole.clone();
            } else if organisation.is_empty() && matches!(mt, "employmenthistory" | "educationhistory") {
                // Mahara titles résumé items "Job title: Employer".
                if let Some((t, o)) = en.title.split_once(": ") {
                    title = t.trim().into();
                    organisation = o.trim().into();
                }
            }
            let end_date = en.date(&["end"]).filter(|d| *d >= start_date);
            let mut e = ExperienceData {
                kind,
                title,
                organisation,
                location: en.spatial.clone(),
                mentor: Mentor::default(),
                start_date,
                end_date,
                hours: None,
                description: String::new(),
                goal_tags: en.categories.iter().filter(|(_, s)| s.is_empty()).map(|(t, _)| t.clone()).collect(),
                status: match en.stage.as_str() {
                    "planned" => ExperienceStatus::Planned,
                    "withdrawn" => ExperienceStatus::Withdrawn,
                    "started" => ExperienceStatus::Ongoing,
                    "completed" => ExperienceStatus::Completed,
                    _ if end_date.is_some() => ExperienceStatus::Completed,
                    _ => ExperienceStatus::Ongoing,
                },
                evidence: Vec::new(),
            };
            e.description = split_facts(&en.content, &mut e);
            exp_index.insert(en.id.clone(), records.len());
            records.push(RecordData::Experience(e));
        } else if en.is("selection") {
            if !(en.mahara_type == "blog" || en.categories.iter().any(|(t, _)| t == "Blog")) {
                skipped.push(en.label());
            }
        } else if en.mahara_type == "blogpost" || en.is("entry") {
            let Some(date) = en.published.as_deref().and_then(parse_date).or_else(|| en.any_date()) else {
                problems.push(format!("The journal entry {} has no date.", en.label()));
                continue;
            };
            let links: Vec<String> = en.links("reflects_on").map(str::to_string).collect();
            if !links.is_empty() {
                pending_links.push((records.len(), links));
            }
            records.push(RecordData::Reflection(ReflectionData {
                date,
                title: if en.title.trim().is_empty() { format!("Journal entry of {date}") } else { en.title.clone() },
                body: en.content.clone(),
                experience_ids: Vec::new(),
                goal_ids: Vec::new(),
                prompt: String::new(),
                visibility: Visibility::Private,
                evidence: Vec::new(),
            }));
        } else {
            skipped.push(en.label());
        }
    }
    // Tasks become steps of their plan, in feed order (or the plan's has_part order).
    let mut orphan_tasks = 0;
    for t in tasks {
        let parent = t.links("is_part_of").find_map(|h| goal_index.get(h)).or_else(|| {
            entries.iter().find(|p| p.links("has_part").any(|h| h == t.id)).and_then(|p| goal_index.get(&p.id))
        });
        match parent.map(|&i| &mut records[i]) {
            Some(RecordData::Goal(g)) => g.steps.push(ActionStep {
                text: t.title.clone(),
                done: t.stage == "completed" || t.categories.iter().any(|(c, _)| c.eq_ignore_ascii_case("completed")),
            }),
            _ => orphan_tasks += 1,
        }
    }
    if orphan_tasks > 0 {
        skipped.push(format!("{orphan_tasks} task(s) outside any plan"));
    }
    if !person_found {
        profile.name = author.name.clone();
    }
    if profile.emails.is_empty() && !author.email.is_empty() {
        profile.emails.push(author.email);
    }
    if let Err(e) = profile.validate() {
        problems.push(format!("The person: {e}"));
    }
    for d in &records {
        if let Err(e) = d.validate() {
            let what = match d {
                RecordData::Experience(x) => format!("The activity \u{201c}{}\u{201d}", x.title),
                RecordData::Reflection(x) => format!("The journal entry \u{201c}{}\u{201d}", x.title),
                RecordData::Goal(x) => format!("The plan \u{201c}{}\u{201d}", x.statement),
                RecordData::Badge(x) => format!("The achievement \u{201c}{}\u{201d}", x.name),
                _ => "An entry".into(),
            };
            problems.push(format!("{what}: {e}"));
        }
    }
    if !problems.is_empty() {
        let more =
            if problems.len() > 3 { format!(" (and {} more problems)", problems.len() - 3) } else { String::new() };
        return Err(InterchangeError::Invalid(format!("{}{more}", problems[..problems.len().min(3)].join(" "))));
    }
    let reflection_links = pending_links
        .into_iter()
        .map(|(i, hrefs)| (i, hrefs.iter().filter_map(|h| exp_index.get(h).copied()).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    Ok(Leap2aImport { profile, records, reflection_links, files_skipped, skipped })
}

/// Imports a Leap2A zip (or bare `leap2a.xml`) as a new learner, all or
/// nothing: everything is parsed and validated before anything is written;
/// if a write fails, the new learner is removed again.
pub fn import_leap2a(store: &Store, bytes: &[u8], limits: Limits) -> Result<ImportReport> {
    let parsed = read_leap2a(bytes, limits)?;
    let learner = store.create_learner(parsed.profile.clone())?;
    match store_records(store, &learner, &parsed) {
        Ok(()) => {}
        Err(e) => {
            let _ = store.delete_learner(learner.id);
            return Err(e);
        }
    }
    let count = |k: RecordKind| parsed.records.iter().filter(|r| r.kind() == k).count();
    Ok(ImportReport {
        experiences: count(RecordKind::Experience),
        reflections: count(RecordKind::Reflection),
        goals: count(RecordKind::Goal),
        badges: count(RecordKind::Badge),
        files_skipped: parsed.files_skipped,
        skipped: parsed.skipped,
        learner,
    })
}

fn store_records(store: &Store, learner: &Learner, parsed: &Leap2aImport) -> Result<()> {
    let linked: HashMap<usize, &Vec<usize>> = parsed.reflection_links.iter().map(|(i, v)| (*i, v)).collect();
    let (first, second): (Vec<usize>, Vec<usize>) = (0..parsed.records.len()).partition(|i| !linked.contains_key(i));
    let created = store.create_many(
        learner.id,
        AuthorRole::Student,
        first.iter().map(|&i| parsed.records[i].clone()).collect(),
    )?;
    let ids: HashMap<usize, Id> = first.iter().zip(&created).map(|(&i, r)| (i, r.meta().id)).collect();
    if second.is_empty() {
        return Ok(());
    }
    let items = second
        .iter()
        .map(|i| {
            let mut d = parsed.records[*i].clone();
            if let RecordData::Reflection(r) = &mut d {
                r.experience_ids = linked[i].iter().filter_map(|e| ids.get(e).copied()).collect();
            }
            d
        })
        .collect();
    store.create_many(learner.id, AuthorRole::Student, items)?;
    Ok(())
}
