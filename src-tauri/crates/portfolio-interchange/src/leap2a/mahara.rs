//! What a Mahara export holds beyond records of its own kind: the person's
//! profile fields and picture, files (as evidence where the feed links them),
//! pages and collections (kept as journal entries listing what they held),
//! comments (kept as notes on what they comment on), and sentences for what
//! has no place here (SmartEvidence assessments, whose standard and status
//! Mahara does not export; folders, generated pages).
//!
//! Every step walks the entries and their links once, with maps built once.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use portfolio_domain::validate::{MAX_ITEMS, MAX_LONG};
use portfolio_domain::{LearnerProfile, ProgressNote, RecordData};

use super::convert::{Cx, Item, PlannedFile, PlannedRecord};
use super::parse::parse_date;
use super::records;
use crate::html;

/// Links from a record's entry that name its files.
const RECORD_TO_FILE: [&str; 5] = ["related", "enclosure", "has_part", "has_evidence", "has_attachment"];
/// Links from a file's entry that name its record.
const FILE_TO_RECORD: [&str; 5] = ["is_evidence_of", "is_part_of", "supports", "related", "is_attachment_of"];

fn quoted(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

/// The file entry `i` as a file to import, if the zip path is given.
pub(super) fn plan_file(cx: &mut Cx, i: usize) {
    let en = &cx.entries[i];
    let path = en.links("enclosure").find(|h| !h.starts_with("portfolio:") && !h.contains("://"));
    // A web resource (this app writes link evidence so) is a link, never fetched.
    let url = en.links("related").find(|h| h.starts_with("https://") || h.starts_with("http://"));
    let (path, url) = match (path, url) {
        (Some(p), _) => (p.to_string(), String::new()),
        (None, Some(u)) => (String::new(), u.to_string()),
        (None, None) => {
            cx.skipped
                .push(format!("The file {} was not imported: the export does not include it.", quoted(&en.title)));
            return;
        }
    };
    let caption = if en.summary.trim().is_empty() { en.content.clone() } else { en.summary.clone() };
    cx.file_of.insert(i, cx.files.len());
    cx.files.push(PlannedFile { key: en.id.clone(), name: en.title.clone(), path, url, caption });
}

/// The learner's profile from the `person` entry (or the feed's author);
/// persondata this app has no field for is named in the report.
pub(super) fn person(cx: &mut Cx) -> LearnerProfile {
    let mut profile = LearnerProfile::default();
    let Some(i) = cx.items.iter().position(|k| *k == Item::Person) else {
        profile.name = cx.author.name.clone();
        if !cx.author.email.is_empty() {
            profile.emails.push(cx.author.email.clone());
        }
        return profile;
    };
    let en = &cx.entries[i];
    let field = |f: &str| en.persondata.iter().find(|(k, _, _)| k == f).map(|(_, _, v)| v.clone()).unwrap_or_default();
    let full = format!("{} {}", field("legal_given_name"), field("legal_family_name")).trim().to_string();
    profile.name =
        [full, en.title.clone(), cx.author.name.clone()].into_iter().find(|n| !n.is_empty()).unwrap_or_default();
    profile.preferred_name = field("preferred_given_name");
    profile.date_of_birth = parse_date(&field("dob"));
    let mut not_kept = Vec::new();
    for (k, label, v) in &en.persondata {
        let label_l = label.to_lowercase();
        match k.as_str() {
            "email" => {
                if !profile.emails.contains(v) {
                    profile.emails.push(v.clone());
                }
            }
            "legal_given_name" | "legal_family_name" | "preferred_given_name" | "dob" => {}
            "other" if label == "Interest" => profile.interests.push(v.clone()),
            "other" if ["school", "institution", "college"].iter().any(|s| label_l.contains(s)) => {
                profile.school = v.clone()
            }
            "other" if label_l.contains("cohort") || label_l.contains("year group") || label_l.contains("grade") => {
                profile.cohort = v.clone()
            }
            _ if v.trim().is_empty() => {}
            _ => not_kept.push(format!("{} ({v})", if label.is_empty() { k } else { label })),
        }
    }
    if profile.emails.is_empty() && !cx.author.email.is_empty() {
        profile.emails.push(cx.author.email.clone());
    }
    if !not_kept.is_empty() {
        cx.skipped.push(format!("Profile fields with no place here were not imported: {}.", not_kept.join(", ")));
    }
    if let Some(list) = en.content.strip_prefix("Interests: ") {
        profile.interests = list.split(", ").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    } else if !en.content.trim().is_empty() {
        // Mahara's "introduction": kept as a journal entry.
        let date = records::moment(en).unwrap_or_else(|| feed_date(cx));
        let data = records::reflection(date, "About me", en.content.clone());
        cx.push(i, RecordData::Reflection(data));
    }
    profile
}

/// The profile picture: the first profile icon the person entry links to,
/// else any profile icon.
pub(super) fn photo(cx: &Cx) -> Option<usize> {
    let icon = |e: usize| cx.entries[e].mahara_type == "profileicon";
    let person = cx.items.iter().position(|k| *k == Item::Person);
    let linked = person.into_iter().flat_map(|p| cx.entries[p].links("related")).find_map(|h| {
        let e = *cx.by_id.get(h)?;
        icon(e).then_some(e)
    });
    let e = linked.or_else(|| (0..cx.entries.len()).find(|&e| icon(e) && cx.file_of.contains_key(&e)))?;
    cx.file_of.get(&e).copied()
}

/// The feed's date (for records made by the import).
fn feed_date(cx: &Cx) -> NaiveDate {
    parse_date(&cx.author.updated).unwrap_or_else(|| Utc::now().date_naive())
}

/// At most [`MAX_LONG`] characters; says so when it had to shorten.
fn fit(cx: &mut Cx, what: &str, text: String) -> String {
    if text.chars().count() <= MAX_LONG {
        return text;
    }
    cx.skipped.push(format!("{what} was shortened to {MAX_LONG} characters."));
    text.chars().take(MAX_LONG).collect()
}

/// Entry `i` (a page or collection: `what`) as a journal entry made of the
/// non-empty `parts` and its tags; its record index.
fn push_journal(cx: &mut Cx, i: usize, what: &str, mut parts: Vec<String>) -> usize {
    let en = &cx.entries[i];
    parts.retain(|p| !p.trim().is_empty());
    let text = cx.tags.text(&parts.join("\n\n"), en);
    let (title, date) = (en.title.clone(), records::moment(en));
    let text = fit(cx, &format!("The {what} {}", quoted(&title)), text);
    let date = date.unwrap_or_else(|| feed_date(cx));
    cx.push(i, RecordData::Reflection(records::reflection(date, &title, text)))
}

/// Mahara pages and collections as journal entries: a page's description,
/// text blocks and a list of what it held (its files become its evidence);
/// a collection's description and its pages in order.
pub(super) fn pages_and_collections(cx: &mut Cx) -> (usize, usize) {
    // Entries that say they are part of a page (files, posts on it).
    let mut parts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, en) in cx.entries.iter().enumerate() {
        for h in en.links("is_part_of") {
            parts.entry(h).or_default().push(i);
        }
    }
    let mut used_notes = vec![false; cx.entries.len()];
    let (mut pages, mut collections) = (0, 0);
    for i in 0..cx.entries.len() {
        let en = &cx.entries[i];
        match cx.items[i] {
            Item::Page if matches!(en.view_type.as_deref(), Some("profile" | "dashboard" | "grouphomepage")) => {
                let t = en.view_type.clone().unwrap_or_default();
                cx.skipped.push(format!(
                    "The {t} page {} was not imported (Mahara makes it from the profile and settings).",
                    quoted(&en.title)
                ));
            }
            Item::Page => {
                let mut contents: Vec<usize> = en.links("has_part").filter_map(|h| cx.by_id.get(h).copied()).collect();
                for &p in parts.get(en.id.as_str()).into_iter().flatten() {
                    if !contents.contains(&p) {
                        contents.push(p);
                    }
                }
                let mut body = vec![en.summary.trim().to_string()];
                for b in en.blocks.iter().filter(|b| !b.text.trim().is_empty()) {
                    let text = html::to_markdown(&b.text);
                    body.push(if b.title.trim().is_empty() {
                        text
                    } else {
                        format!("## {}\n\n{text}", b.title.trim())
                    });
                }
                let mut listed = Vec::new();
                for &c in &contents {
                    let part = &cx.entries[c];
                    if cx.items[c] == Item::Note {
                        used_notes[c] = true;
                        body.push(format!("## {}\n\n{}", part.title.trim(), part.content.trim()));
                    } else if cx.items[c] != Item::Collection {
                        listed.push(format!("- {}", quoted(&part.title)));
                    }
                }
                if !listed.is_empty() {
                    body.push(format!("On this page:\n{}", listed.join("\n")));
                }
                let r = push_journal(cx, i, "page", body);
                for &c in &contents {
                    if let Some(&f) = cx.file_of.get(&c) {
                        cx.records[r].files.push(f);
                    }
                }
                pages += 1;
            }
            Item::Collection => {
                let names: Vec<String> = en
                    .links("has_part")
                    .filter_map(|h| cx.by_id.get(h))
                    .enumerate()
                    .map(|(n, &p)| format!("{}. {}", n + 1, cx.entries[p].title.trim()))
                    .collect();
                let mut body = vec![if en.summary.trim().is_empty() { en.content.clone() } else { en.summary.clone() }];
                if !names.is_empty() {
                    body.push(format!("Pages in this collection:\n{}", names.join("\n")));
                }
                push_journal(cx, i, "collection", body);
                collections += 1;
            }
            _ => {}
        }
    }
    // Notes (Mahara text boxes) on no page are journal entries of their own.
    for (i, used) in used_notes.into_iter().enumerate() {
        if cx.items[i] == Item::Note && !used {
            let en = &cx.entries[i];
            let date = records::moment(en).unwrap_or_else(|| feed_date(cx));
            let body = cx.tags.text(&en.content, en);
            cx.push(i, RecordData::Reflection(records::reflection(date, &en.title, body)));
        }
    }
    (pages, collections)
}

/// Journal entries that reflect on experiences (this app's own exports).
pub(super) fn link_reflections(cx: &mut Cx) {
    for (i, en) in cx.entries.iter().enumerate() {
        let Some(&r) = cx.record_of.get(&i) else { continue };
        if !matches!(cx.records[r].data, RecordData::Reflection(_)) {
            continue;
        }
        for h in en.links("reflects_on") {
            let Some(e) = cx.by_id.get(h) else { continue };
            if let (Item::Activity, Some(&x)) = (cx.items[*e], cx.record_of.get(e)) {
                if !cx.records[r].reflects_on.contains(&x) {
                    cx.records[r].reflects_on.push(x);
                }
            }
        }
    }
}

fn takes_evidence(d: &RecordData) -> bool {
    matches!(d, RecordData::Experience(_) | RecordData::Reflection(_) | RecordData::Goal(_))
}

/// Files become evidence of the records their links name (either way);
/// files linked to nothing are gathered in journal entries of their own, so
/// that nothing in the export is lost.
pub(super) fn attach_files(cx: &mut Cx, photo: Option<usize>) {
    let attach = |cx: &mut Cx, r: usize, f: usize| {
        let files = &mut cx.records[r].files;
        if !files.contains(&f) {
            files.push(f);
        }
    };
    let entries = cx.entries;
    let file_ids: HashMap<&str, usize> = cx.file_of.iter().map(|(&e, &f)| (entries[e].id.as_str(), f)).collect();
    for (i, en) in entries.iter().enumerate() {
        if let (Some(&r), false) = (cx.record_of.get(&i), file_ids.is_empty()) {
            for h in RECORD_TO_FILE.iter().flat_map(|rel| en.links(rel)) {
                if let Some(&f) = file_ids.get(h) {
                    attach(cx, r, f);
                }
            }
        }
        if let Some(&f) = cx.file_of.get(&i) {
            for h in FILE_TO_RECORD.iter().flat_map(|rel| en.links(rel)) {
                if let Some(&r) = cx.by_id.get(h).and_then(|e| cx.record_of.get(e)) {
                    attach(cx, r, f);
                }
            }
        }
    }
    let mut attached = vec![false; cx.files.len()];
    let mut on_badges = Vec::new();
    for r in 0..cx.records.len() {
        if !takes_evidence(&cx.records[r].data) {
            on_badges.extend(std::mem::take(&mut cx.records[r].files));
            continue;
        }
        let files = &mut cx.records[r].files;
        if files.len() > MAX_ITEMS {
            let extra: Vec<String> = files.split_off(MAX_ITEMS).iter().map(|&f| cx.files[f].name.clone()).collect();
            cx.skipped.push(format!(
                "{} files were not attached (a record holds at most {MAX_ITEMS}): {}.",
                extra.len(),
                extra.join(", ")
            ));
        }
        for &f in &cx.records[r].files {
            attached[f] = true;
        }
    }
    for f in on_badges {
        if attached[f] {
            continue;
        }
        attached[f] = true;
        cx.skipped.push(format!(
            "The badge image {} was not imported (import the badge file itself to keep it verifiable).",
            quoted(&cx.files[f].name)
        ));
    }
    if let Some(p) = photo {
        attached[p] = true;
    }
    let loose: Vec<usize> = (0..cx.files.len()).filter(|&f| !attached[f]).collect();
    let from = if cx.author.generator.is_empty() { "the export".to_string() } else { cx.author.generator.clone() };
    for (n, chunk) in loose.chunks(MAX_ITEMS).enumerate() {
        let body = loose_files_body(chunk.iter().map(|&f| cx.files[f].name.as_str()));
        let title = if n == 0 { format!("Files from {from}") } else { format!("Files from {from} ({})", n + 1) };
        let date = feed_date(cx);
        cx.records.push(PlannedRecord {
            key: format!("{LOOSE_FILES}{n}"),
            data: RecordData::Reflection(records::reflection(date, &title, body)),
            reflects_on: Vec::new(),
            files: chunk.to_vec(),
        });
    }
}

/// The key prefix of the journal entries that hold files linked to nothing.
pub(super) const LOOSE_FILES: &str = "leap2a:loose-files/";

/// The text of such a journal entry, listing its files.
pub(super) fn loose_files_body<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let list: Vec<String> = names.map(|n| format!("- {n}")).collect();
    format!("Files that were in the export without being attached to anything:\n{}", list.join("\n"))
}

/// Appends a comment to a record's text (a goal: as a progress note);
/// `false` when the record has no room left.
fn add_note(data: &mut RecordData, who: &str, date: NaiveDate, text: &str) -> bool {
    let note = format!("**Comment from {who}, {date}:** {text}");
    let append = |t: &mut String| {
        if t.chars().count() + note.chars().count() + 2 > MAX_LONG {
            return false;
        }
        if !t.is_empty() {
            t.push_str("\n\n");
        }
        t.push_str(&note);
        true
    };
    match data {
        RecordData::Reflection(r) => append(&mut r.body),
        RecordData::Experience(e) => append(&mut e.description),
        RecordData::Badge(b) => append(&mut b.description),
        RecordData::Goal(g) if g.progress_notes.len() < MAX_ITEMS => {
            g.progress_notes.push(ProgressNote { date, text: format!("Comment from {who}: {text}") });
            true
        }
        _ => false,
    }
}

/// Comments become notes on what they comment on (records, or a file's
/// caption); the rest are named in the report.
pub(super) fn comments(cx: &mut Cx) -> usize {
    let mut kept = 0;
    for i in 0..cx.entries.len() {
        if cx.items[i] != Item::Comment {
            continue;
        }
        let en = &cx.entries[i];
        let who = [en.author.as_str(), cx.author.name.as_str()].into_iter().find(|w| !w.trim().is_empty());
        let who = who.unwrap_or("someone").trim().to_string();
        let date = records::moment(en).unwrap_or_else(|| feed_date(cx));
        let text = en.content.trim().to_string();
        let target = en.links("reflects_on").find_map(|h| cx.by_id.get(h).copied());
        let done = match target {
            Some(t) if cx.record_of.contains_key(&t) => {
                let r = cx.record_of[&t];
                add_note(&mut cx.records[r].data, &who, date, &text)
            }
            Some(t) if cx.file_of.contains_key(&t) => {
                let f = &mut cx.files[cx.file_of[&t]];
                let note = format!("Comment from {who}, {date}: {text}");
                f.caption = if f.caption.trim().is_empty() { note } else { format!("{}\n\n{note}", f.caption) };
                true
            }
            _ => false,
        };
        if done {
            kept += 1;
        } else {
            let on = target.map_or_else(|| "an item not in the export".to_string(), |t| quoted(&cx.entries[t].title));
            cx.skipped.push(format!("The comment by {who} on {on} was not imported."));
        }
    }
    kept
}

/// Sentences for the entries that have no place here.
pub(super) fn skip_the_rest(cx: &mut Cx) {
    // Mahara keeps which standard element an annotation addresses and its
    // status in its database (`framework_evidence`); its Leap2A export writes
    // only the annotation, its page and the block's title, so there is
    // nothing to link to a framework's goal, known or not.
    let assessments: Vec<usize> = (0..cx.entries.len()).filter(|&i| cx.items[i] == Item::Assessment).collect();
    for i in assessments {
        let en = &cx.entries[i];
        let page = en
            .links("reflects_on")
            .find_map(|h| cx.by_id.get(h).copied())
            .map(|p| format!(" on {}", quoted(&cx.entries[p].title)))
            .unwrap_or_default();
        cx.skipped.push(format!(
            "The SmartEvidence assessment {}{page} was not imported: Mahara's export does not say which framework standard it assesses or its status.",
            quoted(&en.title)
        ));
    }
}
