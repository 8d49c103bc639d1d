//! Export: a learner's records as a Leap2A feed (see the [module docs](super))
//! and as a zip with `leap2a.xml` at its root and attached files under `files/`.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use chrono::{DateTime, Utc};
use portfolio_domain::{
    AnyRecord, EvidenceSlot, ExperienceData, ExperienceStatus, GoalStatus, Id, Learner, RecordKind,
};
use portfolio_media::MediaStore;
use portfolio_store::Store;
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;

use super::writer::{entry_id, io_err, noon, rfc3339, Feed};
use super::{
    kind_term, life_area, FEED_FILE, KIND_SCHEME, LEAP2A_VERSION, NS_ATOM, NS_CATEGORIES, NS_LEAP2, NS_MAHARA, NS_RDF,
};
use crate::Result;

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

pub(super) fn experience_content(e: &ExperienceData) -> String {
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

pub(super) fn sniff_image(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
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
    let mut written = std::collections::HashSet::new();
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
    f.text_el("uri", &[], "portfolio:self")?;
    f.end("author")?;

    // The learner.
    f.head("portfolio:self", &p.name, learner.updated, Some(learner.created))?;
    let about = if p.interests.is_empty() { String::new() } else { format!("Interests: {}", p.interests.join(", ")) };
    f.text_el("content", &[], &about)?;
    f.rdf_type("leap2:person")?;
    // Mahara's importer finds the person by the author's uri or this category.
    f.empty("category", &[("term", "Self"), ("scheme", "categories:person_type#")])?;
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
                f.rdf_type("leap2:entry")?;
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
                    f.rdf_type("leap2:resource")?;
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
                f.rdf_type("leap2:resource")?;
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
                        if written.insert(path.clone()) {
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

/// Exports a learner's portfolio as a Leap2A zip (see the module docs), with
/// the evidence files read from `media` (the store's media folder; files it
/// does not hold are left out).
pub fn export_leap2a(
    store: &Store,
    media: &MediaStore,
    learner: Id,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, ExportSummary)> {
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
    let read = |sha: &str| std::fs::read(media.original_path(sha)).ok();
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
