//! Converting raw feed entries into a learner profile, records and files,
//! validating everything and saying, item by item, what cannot be imported.
//!
//! Each record keeps the Leap2A entry id it came from ([`PlannedRecord::key`]):
//! the store id is derived from it, so importing the same export again
//! finds what is already there instead of adding it twice.

use std::collections::{HashMap, HashSet};

use portfolio_domain::{ActionStep, LearnerProfile, RecordData, Validate};

use super::mahara;
use super::parse::{Author, RawEntry};
use super::records::{self, Tags};
use crate::{InterchangeError, Result};

/// A parsed Leap2A file ready to store: the learner's profile, records and files.
#[derive(Debug, Clone, PartialEq)]
pub struct Leap2aImport {
    /// The person the export belongs to.
    pub profile: LearnerProfile,
    /// Who the export belongs to in the system that wrote it (Mahara: the
    /// site and user, without the export time); the learner's id is derived
    /// from it.
    pub source: String,
    /// Records to create, in feed order.
    pub records: Vec<PlannedRecord>,
    /// Files the export names (in `files/` of the zip), in feed order.
    pub files: Vec<PlannedFile>,
    /// The profile picture, as an index into `files`.
    pub photo: Option<usize>,
    /// Mahara pages kept (as journal entries).
    pub pages: usize,
    /// Mahara collections kept (as journal entries listing their pages).
    pub collections: usize,
    /// Comments kept (as notes on what they comment on).
    pub comments: usize,
    /// What was not imported, one sentence an item.
    pub skipped: Vec<String>,
}

/// One record to create.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRecord {
    /// The Leap2A entry id it comes from (or a key derived from the feed for
    /// records made by the import, such as the list of loose files).
    pub key: String,
    /// The record's fields (evidence and experience links are added when stored).
    pub data: RecordData,
    /// For a reflection: the experiences (indexes into the records) it reflects on.
    pub reflects_on: Vec<usize>,
    /// Files (indexes into [`Leap2aImport::files`]) attached as evidence.
    pub files: Vec<usize>,
}

/// A file named in the export (or a web resource, kept as a link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// The Leap2A entry id of the file.
    pub key: String,
    /// Its name (the entry's title).
    pub name: String,
    /// Where it is in the zip (the enclosure link).
    pub path: String,
    /// For a web resource (link evidence): its address; `path` is then empty.
    pub url: String,
    /// Its description, kept as the evidence caption.
    pub caption: String,
}

/// What one entry is, for the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    Person,
    Task,
    Plan,
    File,
    Folder,
    Badge,
    Activity,
    Journal,
    Page,
    Collection,
    Comment,
    Assessment,
    Post,
    Note,
    Exhibition,
    Other,
}

fn item_of(en: &RawEntry, plan_ids: &HashSet<&str>, tags: Tags) -> Item {
    let mt = en.mahara_type.as_str();
    if en.is("person") {
        Item::Person
    } else if mt == "comment" {
        Item::Comment
    } else if matches!(mt, "annotation" | "annotationfeedback" | "peerassessment") {
        Item::Assessment
    } else if en.is("plan") && (mt == "task" || en.links("is_part_of").any(|h| plan_ids.contains(h))) {
        Item::Task
    } else if en.is("plan") {
        Item::Plan
    } else if en.is("resource") || matches!(mt, "file" | "image" | "profileicon" | "archive" | "video" | "audio") {
        Item::File
    } else if mt == "folder" || en.category("selection_type", "Folder") {
        Item::Folder
    } else if records::is_badge(en) {
        Item::Badge
    } else if records::is_experience(en) {
        Item::Activity
    } else if en.is("selection") {
        if mt == "blog" || en.category("selection_type", "Blog") || en.categories.iter().any(|(t, _, _)| t == "Blog") {
            Item::Journal
        } else if tags == Tags::GoalIds {
            Item::Exhibition
        } else if en.view_type.is_some() || en.category("selection_type", "Webpage") {
            Item::Page
        } else if en.category("selection_type", "Website") || en.id.contains(":collection") {
            Item::Collection
        } else {
            Item::Other
        }
    } else if mt == "html" {
        Item::Note
    } else if mt == "blogpost" || en.is("entry") {
        Item::Post
    } else {
        Item::Other
    }
}

/// The learner in the other system: Mahara's feed id is
/// `<site>/export/<user id>/<export time>`; the time is dropped so that a
/// later export of the same person finds the same learner.
fn source_of(author: &Author) -> String {
    let id = author.feed_id.trim();
    if id.is_empty() {
        return format!("author:{}<{}>", author.name.trim(), author.email.trim());
    }
    if let Some((head, time)) = id.rsplit_once('/') {
        let user = head.rsplit('/').next().unwrap_or("");
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if numeric(time) && numeric(user) && head.contains("/export/") {
            return head.to_string();
        }
    }
    id.to_string()
}

/// The state of one conversion, shared with the Mahara-specific steps.
pub(super) struct Cx<'a> {
    pub(super) entries: &'a [RawEntry],
    pub(super) items: Vec<Item>,
    pub(super) by_id: HashMap<&'a str, usize>,
    pub(super) records: Vec<PlannedRecord>,
    /// Entry index → record index.
    pub(super) record_of: HashMap<usize, usize>,
    pub(super) files: Vec<PlannedFile>,
    /// Entry index → file index.
    pub(super) file_of: HashMap<usize, usize>,
    pub(super) skipped: Vec<String>,
    pub(super) problems: Vec<String>,
    pub(super) tags: Tags,
    pub(super) author: Author,
}

impl<'a> Cx<'a> {
    pub(super) fn push(&mut self, entry: usize, data: RecordData) -> usize {
        let key = self.entries[entry].id.clone();
        self.record_of.insert(entry, self.records.len());
        self.records.push(PlannedRecord { key, data, reflects_on: Vec::new(), files: Vec::new() });
        self.records.len() - 1
    }
}

pub(super) fn convert(author: Author, entries: Vec<RawEntry>) -> Result<Leap2aImport> {
    let tags = if author.generator.starts_with("Learner Portfolio") { Tags::GoalIds } else { Tags::InText };
    let plan_ids: HashSet<&str> =
        entries.iter().filter(|e| e.is("plan") && e.mahara_type != "task").map(|e| e.id.as_str()).collect();
    let items: Vec<Item> = entries.iter().map(|e| item_of(e, &plan_ids, tags)).collect();
    let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let mut cx = Cx {
        entries: &entries,
        items,
        by_id,
        records: Vec::new(),
        record_of: HashMap::new(),
        files: Vec::new(),
        file_of: HashMap::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
        tags,
        author,
    };
    let mut tasks = Vec::new();
    for (i, en) in entries.iter().enumerate() {
        let made = match cx.items[i] {
            Item::Plan => Ok(Some(RecordData::Goal(records::goal(en, tags)))),
            Item::Badge => records::badge(en, tags).map(|b| Some(RecordData::Badge(b))),
            Item::Activity => records::experience(en, tags).map(|e| Some(RecordData::Experience(e))),
            Item::Post => records::post(en, tags).map(|r| Some(RecordData::Reflection(r))),
            Item::Task => {
                tasks.push(i);
                Ok(None)
            }
            Item::File => {
                mahara::plan_file(&mut cx, i);
                Ok(None)
            }
            Item::Other => {
                cx.skipped.push(format!("The entry {} was not imported (this app has no place for it).", en.label()));
                Ok(None)
            }
            Item::Exhibition => {
                cx.skipped.push(format!(
                    "The exhibition {} was not imported (exhibitions belong to a marking period; add it again there).",
                    en.label()
                ));
                Ok(None)
            }
            _ => Ok(None),
        };
        match made {
            Ok(Some(data)) => {
                cx.push(i, data);
            }
            Ok(None) => {}
            Err(problem) => cx.problems.push(problem),
        }
    }
    link_tasks(&mut cx, &tasks);
    let profile = mahara::person(&mut cx);
    let photo = mahara::photo(&cx);
    let (pages, collections) = mahara::pages_and_collections(&mut cx);
    mahara::link_reflections(&mut cx);
    mahara::attach_files(&mut cx, photo);
    let comments = mahara::comments(&mut cx);
    mahara::skip_the_rest(&mut cx);
    check(&cx, &profile)?;
    Ok(Leap2aImport {
        profile,
        source: source_of(&cx.author),
        records: cx.records,
        files: cx.files,
        photo,
        pages,
        collections,
        comments,
        skipped: cx.skipped,
    })
}

/// Tasks become steps of their plan, in feed order: the plan named by the
/// task's is_part_of, else the plan whose has_part names the task.
fn link_tasks(cx: &mut Cx, tasks: &[usize]) {
    let goal_of = |cx: &Cx, href: &str| {
        let e = *cx.by_id.get(href)?;
        if cx.items[e] == Item::Plan {
            cx.record_of.get(&e).copied()
        } else {
            None
        }
    };
    // One map, built once (a search of every entry's links for every task
    // would be quadratic).
    // Only links that name a task are kept (a plan may link far more).
    let task_ids: HashSet<&str> = tasks.iter().map(|&t| cx.entries[t].id.as_str()).collect();
    let mut part_of_plan: HashMap<&str, usize> = HashMap::new();
    for (i, p) in cx.entries.iter().enumerate() {
        if let (Item::Plan, Some(&r)) = (cx.items[i], cx.record_of.get(&i)) {
            for h in p.links("has_part").filter(|h| task_ids.contains(h)) {
                part_of_plan.entry(h).or_insert(r);
            }
        }
    }
    let mut orphans = 0;
    for &t in tasks {
        let task = &cx.entries[t];
        let parent = task
            .links("is_part_of")
            .find_map(|h| goal_of(cx, h))
            .or_else(|| part_of_plan.get(task.id.as_str()).copied());
        match parent.map(|r| &mut cx.records[r].data) {
            Some(RecordData::Goal(g)) => g.steps.push(ActionStep {
                text: task.title.clone(),
                done: task.stage == "completed"
                    || task.categories.iter().any(|(c, _, _)| c.eq_ignore_ascii_case("completed")),
            }),
            _ => orphans += 1,
        }
    }
    if orphans > 0 {
        cx.skipped.push(format!("{orphans} task(s) outside any plan"));
    }
}

fn check(cx: &Cx, profile: &LearnerProfile) -> Result<()> {
    let mut problems = cx.problems.clone();
    if let Err(e) = profile.validate() {
        problems.push(format!("The person: {e}"));
    }
    for r in &cx.records {
        if let Err(e) = r.data.validate() {
            let what = match &r.data {
                RecordData::Experience(x) => format!("The activity \u{201c}{}\u{201d}", x.title),
                RecordData::Reflection(x) => format!("The journal entry \u{201c}{}\u{201d}", x.title),
                RecordData::Goal(x) => format!("The plan \u{201c}{}\u{201d}", x.statement),
                RecordData::Badge(x) => format!("The achievement \u{201c}{}\u{201d}", x.name),
                _ => "An entry".into(),
            };
            problems.push(format!("{what}: {e}"));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let more = if problems.len() > 3 { format!(" (and {} more problems)", problems.len() - 3) } else { String::new() };
    Err(InterchangeError::Invalid(format!("{}{more}", problems[..problems.len().min(3)].join(" "))))
}
