//! Evidence on records: files imported safely into the media folder
//! (`portfolio-media`: sniffed, size-capped, EXIF-oriented, metadata-free
//! derivatives, originals byte-exact by SHA-256) and attached to an
//! experience, a reflection, a goal, a plan goal or an exhibition item as an
//! [`Evidence`] entry (see [`Target`] for how a place is named).
//!
//! The media folder is `<data folder>/media`, beside the store. A file is
//! stored once however often it is attached; removing evidence from a record
//! never deletes the file (another record may use it).
//!
//! A learner's own photo ([`set_learner_photo`]) lives in the same folder and
//! is kept, checked and cleaned up like evidence: `LearnerProfile::photo_sha256`
//! counts as a reference ([`referenced_files`], [`missing_files`]).
#![warn(missing_docs)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use portfolio_domain::{AnyRecord, ApiError, ErrorCode, Evidence, EvidenceSlot, Id, Learner, RecordKind};
use portfolio_media::{ImportOptions, ImportStatus, Imported, MediaError, MediaKind, MediaStore};
pub use portfolio_media::{SweepReport, Unreferenced, DEFAULT_GRACE};
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The media folder for a store: `<data folder>/media`.
pub fn media_dir(store: &Store) -> PathBuf {
    store.path().parent().unwrap_or_else(|| store.path()).join("media")
}

/// Opens the media folder of a store.
pub fn open_media(store: &Store) -> Result<MediaStore, ApiError> {
    MediaStore::open(media_dir(store)).map_err(to_api)
}

/// A media error as the one error contract.
pub fn to_api(e: MediaError) -> ApiError {
    let code = match e.code() {
        "write_failed" | "open_failed" | "read_failed" => ErrorCode::Storage,
        _ => ErrorCode::InvalidInput,
    };
    ApiError::new(code, e.to_string())
}

/// What attaching one file did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachOutcome {
    /// `added` (new file), `duplicate` (file already stored, now attached
    /// here) or `already_attached` (this record already has it).
    pub status: String,
    /// The evidence entry.
    pub evidence: Evidence,
    /// The record after attaching.
    pub record: AnyRecord,
    /// Something worth knowing (e.g. a text file named .jpg is kept as a file).
    pub notice: Option<String>,
}

fn evidence_of(imported: &Imported) -> Evidence {
    let item = &imported.item;
    Evidence {
        sha256: item.sha256.clone(),
        name: item.original_name.clone(),
        kind: if item.kind == MediaKind::Image { "image".into() } else { "file".into() },
        mime: item.mime.clone(),
        size: item.size,
        ..Default::default()
    }
}

/// What evidence is attached to: a record (experience, journal entry, goal)
/// or a part of one (a plan goal, an exhibition item).
///
/// Written `KIND:ID` or `KIND:ID#PART` (the CLI's `--to`; the app sends the
/// same parts in headers): `experience:ID`, `reflection:ID`, `goal:ID`,
/// `plan:ID#GOAL` where GOAL is the plan goal's id or its number (1 = first),
/// and `exhibition:ID#N` for the exhibition's N-th item (1 = first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's id.
    pub id: Id,
    /// The part after `#`, if any.
    pub part: Option<String>,
}

const TARGET_KINDS: &str =
    "Evidence can be attached to experiences, journal entries, goals, plan goals and exhibition items.";

impl Target {
    /// The record itself (experiences, journal entries, goals).
    pub fn record(kind: RecordKind, id: Id) -> Self {
        Target { kind, id, part: None }
    }

    /// Parses `KIND:ID` or `KIND:ID#PART` (see [`Target`]).
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let bad = || {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("\u{201c}{text}\u{201d} is not KIND:ID or KIND:ID#PART (e.g. experience:ID, plan:ID#2, exhibition:ID#1)."),
            )
        };
        let (kind, rest) = text.trim().split_once(':').ok_or_else(bad)?;
        let kind = RecordKind::parse(kind).ok_or_else(bad)?;
        let (id, part) = match rest.split_once('#') {
            Some((id, part)) => (id, Some(part.trim().to_string()).filter(|p| !p.is_empty())),
            None => (rest, None),
        };
        let id = id.trim().parse().map_err(|_| bad())?;
        Ok(Target { kind, id, part })
    }

    /// Where in `record` (this target's record) the evidence goes.
    pub fn slot(&self, record: &AnyRecord) -> Result<EvidenceSlot, ApiError> {
        let refuse = |m: String| ApiError::new(ErrorCode::InvalidInput, m);
        let number = |part: &str, n: usize| part.parse::<usize>().ok().filter(|i| (1..=n).contains(i));
        match (record, self.part.as_deref()) {
            (AnyRecord::Experience(_) | AnyRecord::Reflection(_) | AnyRecord::Goal(_), None) => {
                Ok(EvidenceSlot::Record)
            }
            (AnyRecord::Experience(_) | AnyRecord::Reflection(_) | AnyRecord::Goal(_), Some(_)) => {
                Err(refuse(format!(
                    "A {} takes evidence itself: leave out the part after \u{201c}#\u{201d}.",
                    record.kind().as_str()
                )))
            }
            (AnyRecord::Plan(_), None) => {
                Err(refuse("Say which plan goal: plan:ID#GOAL, with the goal's id or number (1 = first).".into()))
            }
            (AnyRecord::Plan(p), Some(part)) => {
                let goals = &p.data.content.goals;
                goals
                    .iter()
                    .find(|g| g.id == part)
                    .or_else(|| number(part, goals.len()).and_then(|i| goals.get(i - 1)))
                    .map(|g| EvidenceSlot::PlanGoal { goal_id: g.id.clone() })
                    .ok_or_else(|| {
                        refuse(format!(
                            "The plan has no goal \u{201c}{part}\u{201d} (it has {}); save a new goal before adding evidence to it.",
                            goals.len()
                        ))
                    })
            }
            (AnyRecord::Exhibition(_), None) => {
                Err(refuse("Say which exhibition item: exhibition:ID#N (1 = the first item).".into()))
            }
            (AnyRecord::Exhibition(x), Some(part)) => number(part, x.data.items.len())
                .map(|i| EvidenceSlot::ExhibitionItem { index: (i - 1) as u32 })
                .ok_or_else(|| refuse(format!("The exhibition has no item {part} (it has {}).", x.data.items.len()))),
            _ => Err(refuse(TARGET_KINDS.into())),
        }
    }
}

fn attach_imported(store: &Store, target: &Target, imported: &Imported) -> Result<AttachOutcome, ApiError> {
    let record = store.get(target.kind, target.id)?;
    let slot = target.slot(&record)?;
    let mut data = record.data();
    let list = data.evidence_mut(&slot).ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, TARGET_KINDS))?;
    let ev = evidence_of(imported);
    if let Some(existing) = list.iter().find(|e| e.sha256 == ev.sha256) {
        return Ok(AttachOutcome {
            status: "already_attached".into(),
            evidence: existing.clone(),
            record,
            notice: imported.notice.clone(),
        });
    }
    list.push(ev.clone());
    let record = store.update(target.id, data)?;
    let status = if imported.status == ImportStatus::Added { "added" } else { "duplicate" };
    Ok(AttachOutcome { status: status.into(), evidence: ev, record, notice: imported.notice.clone() })
}

/// Imports `bytes` (a file called `name`) and attaches it to record `id` of `kind`.
pub fn attach_bytes(
    store: &Store,
    media: &MediaStore,
    kind: RecordKind,
    id: Id,
    name: &str,
    bytes: &[u8],
) -> Result<AttachOutcome, ApiError> {
    attach_bytes_to(store, media, &Target::record(kind, id), name, bytes)
}

/// Imports `bytes` (a file called `name`) and attaches it at `target`.
pub fn attach_bytes_to(
    store: &Store,
    media: &MediaStore,
    target: &Target,
    name: &str,
    bytes: &[u8],
) -> Result<AttachOutcome, ApiError> {
    target.slot(&store.get(target.kind, target.id)?)?;
    let imported = media.import_bytes_with(name, bytes, &ImportOptions::default()).map_err(to_api)?;
    attach_imported(store, target, &imported)
}

/// Imports `bytes` (a picture called `name`) into the media folder and makes
/// it `learner`'s photo (`LearnerProfile::photo_sha256`); returns the learner
/// as saved. Same caps and checks as evidence; a file that is not a picture
/// (JPEG, PNG, GIF or WebP) is refused, and stays in the media folder only
/// until the clean-up removes it as unused. The previous photo's file is not
/// deleted here (the clean-up does that once nothing uses it).
pub fn set_learner_photo(
    store: &Store,
    media: &MediaStore,
    learner: Id,
    name: &str,
    bytes: &[u8],
) -> Result<Learner, ApiError> {
    store.learner(learner)?;
    let imported = media.import_bytes_with(name, bytes, &ImportOptions::default()).map_err(to_api)?;
    if imported.item.kind != MediaKind::Image {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("\u{201c}{name}\u{201d} is not a picture: choose a JPEG, PNG, GIF or WebP photo."),
        ));
    }
    let mut l = store.learner(learner)?;
    l.profile.photo_sha256 = imported.item.sha256;
    Ok(store.update_learner(learner, l.profile)?)
}

/// Clears `learner`'s photo; returns the learner as saved. The file stays in
/// the media folder until the clean-up removes it as unused.
pub fn remove_learner_photo(store: &Store, learner: Id) -> Result<Learner, ApiError> {
    let mut l = store.learner(learner)?;
    if l.profile.photo_sha256.is_empty() {
        return Ok(l);
    }
    l.profile.photo_sha256.clear();
    Ok(store.update_learner(learner, l.profile)?)
}

/// One file's result from [`attach_paths`].
pub type FileResult = (PathBuf, Result<AttachOutcome, ApiError>);

/// Imports files from disk (on `workers` threads) and attaches each at
/// `target`; one result per file, in order. A refused file does not stop the rest.
pub fn attach_paths(
    store: &Store,
    media: &MediaStore,
    target: &Target,
    paths: &[PathBuf],
    workers: usize,
) -> Result<Vec<FileResult>, ApiError> {
    target.slot(&store.get(target.kind, target.id)?)?;
    let outcomes = media.import_many(paths, &ImportOptions::default(), workers.max(1), |_| {});
    let mut out = Vec::new();
    for (path, outcome) in paths.iter().zip(outcomes) {
        let result = match outcome {
            portfolio_media::Outcome::Added { item, notice } => {
                attach_imported(store, target, &Imported { item, status: ImportStatus::Added, notice })
            }
            portfolio_media::Outcome::Duplicate(item) => {
                attach_imported(store, target, &Imported { item, status: ImportStatus::Duplicate, notice: None })
            }
            portfolio_media::Outcome::Refused { reason, .. } => Err(to_api(reason)),
        };
        out.push((path.clone(), result));
    }
    Ok(out)
}

/// One evidence entry and the record it is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvidenceRow {
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's id.
    pub record_id: Id,
    /// The record's title.
    pub record_title: String,
    /// Where in the record (the record itself, a plan goal, an exhibition item).
    pub slot: EvidenceSlot,
    /// The plan goal's title or "item N"; empty for the record itself.
    pub part_title: String,
    /// The evidence.
    pub evidence: Evidence,
}

impl EvidenceRow {
    /// Where it is attached, for people: `experience “Clinic”`,
    /// `plan goal “Field study”`, `item 2 of exhibition “Q1”`.
    pub fn place(&self) -> String {
        match &self.slot {
            EvidenceSlot::Record => format!("{} \u{201c}{}\u{201d}", self.kind.as_str(), self.record_title),
            EvidenceSlot::PlanGoal { .. } => format!("plan goal \u{201c}{}\u{201d}", self.part_title),
            EvidenceSlot::ExhibitionItem { .. } => {
                format!("{} of exhibition \u{201c}{}\u{201d}", self.part_title, self.record_title)
            }
        }
    }

    /// The target that names this place (`plan:ID#GOAL-ID`, `exhibition:ID#2`).
    pub fn target(&self) -> String {
        let base = format!("{}:{}", self.kind.as_str(), self.record_id);
        match &self.slot {
            EvidenceSlot::Record => base,
            EvidenceSlot::PlanGoal { goal_id } => format!("{base}#{goal_id}"),
            EvidenceSlot::ExhibitionItem { index } => format!("{base}#{}", index + 1),
        }
    }
}

/// The kinds of record that hold evidence somewhere.
pub const EVIDENCE_KINDS: [RecordKind; 5] =
    [RecordKind::Experience, RecordKind::Reflection, RecordKind::Goal, RecordKind::Plan, RecordKind::Exhibition];

/// Every piece of evidence of a learner, by record (newest records first),
/// plan goals and exhibition items included.
pub fn list(store: &Store, learner: Id) -> Result<Vec<EvidenceRow>, ApiError> {
    let mut out = Vec::new();
    for kind in EVIDENCE_KINDS {
        for r in store.list(learner, kind, "")? {
            for (slot, part_title, list) in r.evidence_lists() {
                for e in list {
                    out.push(EvidenceRow {
                        kind,
                        record_id: r.meta().id,
                        record_title: r.title().to_string(),
                        slot: slot.clone(),
                        part_title: part_title.clone(),
                        evidence: e.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Evidence and learners' photos whose file is missing from the media
/// folder, one sentence each (the start-up integrity check reports them;
/// nothing is deleted).
pub fn missing_files(store: &Store, media: &MediaStore) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for l in store.learners()? {
        if let Some(sha) = l.profile.photo() {
            if !media.original_path(sha).is_file() {
                out.push(format!("The photo of {} is missing from {}.", l.profile.name, media.root().display()));
            }
        }
        for row in list(store, l.id)? {
            let e = &row.evidence;
            if e.kind != "link" && !media.original_path(&e.sha256).is_file() {
                out.push(format!(
                    "The file \u{201c}{}\u{201d} attached to {} is missing from {}.",
                    e.name,
                    row.place(),
                    media.root().display()
                ));
            }
        }
    }
    Ok(out)
}

/// The stored original of evidence `sha256` of `learner`, for opening it in
/// the system viewer: refused unless one of the learner's records (or plan
/// goals, exhibition items) has it, and it is still in the media folder.
pub fn original_of(
    store: &Store,
    media: &MediaStore,
    learner: Id,
    sha256: &str,
) -> Result<(PathBuf, Evidence), ApiError> {
    let row = list(store, learner)?
        .into_iter()
        .find(|r| r.evidence.kind != "link" && r.evidence.sha256 == sha256)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "That evidence is not in this portfolio."))?;
    let path = media.original_path(sha256);
    if !path.is_file() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("The file \u{201c}{}\u{201d} is missing from {}.", row.evidence.name, media.root().display()),
        ));
    }
    Ok((path, row.evidence))
}

/// The SHA-256 of every file any record of any learner refers to, read from
/// the records themselves (not the indexes), plan history included, and of
/// every learner's photo. A record or learner that cannot be read is an
/// error: then nothing can be called unused.
/// (Badges keep their credential bytes in the record, not in the media folder.)
pub fn referenced_files(store: &Store) -> Result<HashSet<String>, ApiError> {
    let mut out: HashSet<String> =
        store.learners()?.iter().filter_map(|l| l.profile.photo()).map(str::to_string).collect();
    for kind in RecordKind::ALL {
        for r in store.all_records(kind)? {
            out.extend(r.referenced_files().into_iter().map(|e| e.sha256.clone()));
        }
    }
    Ok(out)
}

/// Removes originals no record has referred to for longer than `grace` (as
/// of `now`), with their derivatives (see `MediaStore::sweep`), and empties
/// the folder of viewing copies. A dry run only reports.
pub fn collect_garbage(
    store: &Store,
    media: &MediaStore,
    now: std::time::SystemTime,
    grace: std::time::Duration,
    dry_run: bool,
) -> Result<SweepReport, ApiError> {
    let referenced = referenced_files(store)?;
    let report = media.sweep(&referenced, now, grace, dry_run).map_err(to_api)?;
    if !dry_run {
        match std::fs::remove_dir_all(viewing_dir(media)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(ApiError::new(ErrorCode::Storage, format!("Could not empty the viewing copies: {e}")))
            }
            _ => {}
        }
    }
    Ok(report)
}

/// Where [`viewing_copy`] puts its copies: `<media folder>/viewing` (inside
/// the data folder, so as private as the originals; emptied at start-up).
pub fn viewing_dir(media: &MediaStore) -> PathBuf {
    media.root().join("viewing")
}

/// A copy of evidence `sha256` of `learner` named as the learner had it (the
/// media folder names files by their hash, so a viewer could not tell the
/// type), in `dir/<sha256>/`, read-only: what the system viewer opens. The
/// original is never handed out, so a viewer cannot change it.
pub fn viewing_copy(
    store: &Store,
    media: &MediaStore,
    learner: Id,
    sha256: &str,
    dir: &Path,
) -> Result<PathBuf, ApiError> {
    let (original, evidence) = original_of(store, media, learner, sha256)?;
    let safe: String =
        evidence.name.chars().map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c }).collect();
    let safe = safe.trim().trim_start_matches('.').to_string();
    let name = if safe.is_empty() { sha256.to_string() } else { safe };
    let folder = dir.join(sha256);
    let copy = folder.join(name);
    let fail = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Could not prepare \u{201c}{}\u{201d} for viewing: {e}", evidence.name),
        )
    };
    if !copy.is_file() {
        std::fs::create_dir_all(&folder).map_err(fail)?;
        std::fs::copy(&original, &copy).map_err(fail)?;
        let mut perms = std::fs::metadata(&copy).map_err(fail)?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&copy, perms).map_err(fail)?;
    }
    Ok(copy)
}

/// The file to show for evidence `sha256` in `variant` (`thumb`, `screen`,
/// `print`), made again if it is missing.
pub fn derivative_path(media: &MediaStore, sha256: &str, variant: &str) -> Result<PathBuf, ApiError> {
    let v = match variant {
        "thumb" => portfolio_media::Variant::Thumb,
        "screen" => portfolio_media::Variant::Screen,
        "print" => portfolio_media::Variant::Print,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("Unknown image size \u{201c}{variant}\u{201d}."),
            ))
        }
    };
    media.derivative(sha256, v).map_err(to_api)
}

/// True when `p` is inside `root` (used by the app's media protocol).
pub fn is_inside(root: &Path, p: &Path) -> bool {
    match (root.canonicalize(), p.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

#[cfg(test)]
mod tests {
    use super::*;
    use portfolio_domain::{AuthorRole, LearnerProfile, RecordData};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn photos_attach_once_survive_and_list() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path().join("store")).unwrap();
        let media = open_media(&store).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let exp = store
            .create(
                l.id,
                AuthorRole::Student,
                RecordData::from_json(
                    RecordKind::Experience,
                    serde_json::json!({"title": "Clinic", "start_date": "2026-09-01"}),
                )
                .unwrap(),
            )
            .unwrap();
        let id = exp.meta().id;
        let photo = jpeg(800, 600);
        let first = attach_bytes(&store, &media, RecordKind::Experience, id, "prototype.jpg", &photo).unwrap();
        assert_eq!(first.status, "added");
        assert_eq!(first.evidence.kind, "image");
        let again = attach_bytes(&store, &media, RecordKind::Experience, id, "copy.jpg", &photo).unwrap();
        assert_eq!(again.status, "already_attached");
        let AnyRecord::Experience(e) = store.get(RecordKind::Experience, id).unwrap() else { panic!() };
        assert_eq!(e.data.evidence.len(), 1);
        assert_eq!(std::fs::read(media.original_path(&first.evidence.sha256)).unwrap(), photo, "original byte-exact");
        let thumb = derivative_path(&media, &first.evidence.sha256, "thumb").unwrap();
        assert!(is_inside(media.root(), &thumb));
        let rows = list(&store, l.id).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].record_title, "Clinic");
        assert!(missing_files(&store, &media).unwrap().is_empty());
        std::fs::remove_file(media.original_path(&first.evidence.sha256)).unwrap();
        let missing = missing_files(&store, &media).unwrap();
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].starts_with(
                "The file \u{201c}prototype.jpg\u{201d} attached to experience \u{201c}Clinic\u{201d} is missing"
            ),
            "{missing:?}"
        );
        // A refused file says why and attaches nothing.
        let err = attach_bytes(&store, &media, RecordKind::Experience, id, "empty.jpg", b"").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(list(&store, l.id).unwrap().len(), 1);
    }

    #[test]
    fn a_learners_photo_is_a_picture_kept_checked_and_cleaned_up_when_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path().join("store")).unwrap();
        let media = open_media(&store).unwrap();
        let l = store.create_learner(LearnerProfile { name: "Ana Lima".into(), ..Default::default() }).unwrap();
        let photo = jpeg(300, 400);

        let err = set_learner_photo(&store, &media, l.id, "notes.txt", b"not a picture").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("\u{201c}notes.txt\u{201d} is not a picture"), "{}", err.message);
        let err = set_learner_photo(&store, &media, l.id, "empty.jpg", b"").unwrap_err();
        assert!(err.message.contains("empty"), "{}", err.message);
        assert_eq!(
            set_learner_photo(&store, &media, Id::now_v7(), "me.jpg", &photo).unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(store.learner(l.id).unwrap().profile.photo_sha256, "");

        let saved = set_learner_photo(&store, &media, l.id, "me.jpg", &photo).unwrap();
        let sha = saved.profile.photo_sha256.clone();
        assert_eq!(store.learner(l.id).unwrap().profile.photo_sha256, sha);
        assert_eq!(std::fs::read(media.original_path(&sha)).unwrap(), photo);
        assert!(derivative_path(&media, &sha, "thumb").unwrap().is_file());
        assert!(referenced_files(&store).unwrap().contains(&sha));
        assert!(missing_files(&store, &media).unwrap().is_empty());

        // Missing from the media folder: the start-up check says so.
        let kept = std::fs::read(media.original_path(&sha)).unwrap();
        std::fs::remove_file(media.original_path(&sha)).unwrap();
        let missing = missing_files(&store, &media).unwrap();
        assert_eq!(missing.len(), 1);
        assert!(missing[0].starts_with("The photo of Ana Lima is missing from"), "{missing:?}");
        std::fs::write(media.original_path(&sha), kept).unwrap();

        // Kept by the clean-up while used; removing the photo keeps the file until the grace period ends.
        let day = std::time::Duration::from_secs(24 * 60 * 60);
        let t0 = std::time::UNIX_EPOCH + 20_000 * day;
        let grace = 30 * day;
        collect_garbage(&store, &media, t0, grace, false).unwrap();
        assert!(media.original_path(&sha).is_file());
        let cleared = remove_learner_photo(&store, l.id).unwrap();
        assert_eq!(cleared.profile.photo_sha256, "");
        assert!(media.original_path(&sha).is_file(), "removing never deletes the file");
        collect_garbage(&store, &media, t0 + day, grace, false).unwrap();
        assert!(media.original_path(&sha).is_file(), "within the grace period");
        collect_garbage(&store, &media, t0 + 32 * day, grace, false).unwrap();
        assert!(!media.original_path(&sha).exists(), "unused for longer than the grace period");
        assert_eq!(remove_learner_photo(&store, l.id).unwrap().profile.photo_sha256, "");
    }

    #[test]
    fn targets_parse_and_name_plan_goals_and_exhibition_items() {
        let id = Id::now_v7();
        assert_eq!(Target::parse(&format!("experience:{id}")).unwrap(), Target::record(RecordKind::Experience, id));
        let t = Target::parse(&format!("plan:{id}#g-field")).unwrap();
        assert_eq!((t.kind, t.part.as_deref()), (RecordKind::Plan, Some("g-field")));
        for bad in ["plan", "plan:nope#1", "nothing:1", ""] {
            assert_eq!(Target::parse(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn evidence_on_plan_goals_and_exhibition_items() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, learner, plan, ex) = crate::test_support::loop_store(tmp.path());
        let media = open_media(&store).unwrap();
        let photo = jpeg(400, 300);
        let at = |s: String| Target::parse(&s).unwrap();

        // By goal id and by number; a signed plan stays signed (evidence is not what a signature covers).
        let a = attach_bytes_to(&store, &media, &at(format!("plan:{plan}#g-field")), "site.jpg", &photo).unwrap();
        assert_eq!(a.status, "added");
        let b = attach_bytes_to(&store, &media, &at(format!("plan:{plan}#2")), "notes.txt", b"council notes").unwrap();
        assert_eq!(b.evidence.kind, "file");
        let AnyRecord::Plan(p) = store.get(RecordKind::Plan, plan).unwrap() else { panic!("a plan") };
        assert_eq!((p.data.revision, p.data.signoffs.len()), (1, 1));
        assert_eq!(p.data.content.goals[0].evidence[0].name, "site.jpg");
        assert_eq!(p.data.content.goals[1].evidence[0].name, "notes.txt");

        // The same photo on the second exhibition item: stored once, shared.
        let c = attach_bytes_to(&store, &media, &at(format!("exhibition:{ex}#2")), "again.jpg", &photo).unwrap();
        assert_eq!(c.status, "duplicate");
        let AnyRecord::Exhibition(x) = store.get(RecordKind::Exhibition, ex).unwrap() else { panic!("an exhibition") };
        assert!(x.data.items[0].evidence.is_empty());
        assert_eq!(x.data.items[1].evidence[0].sha256, a.evidence.sha256);

        // Wrong places say why and change nothing.
        for (target, says) in [
            (format!("plan:{plan}"), "Say which plan goal"),
            (format!("plan:{plan}#9"), "no goal \u{201c}9\u{201d}"),
            (format!("exhibition:{ex}#0"), "no item 0"),
            (format!("exhibition:{ex}"), "Say which exhibition item"),
        ] {
            let err = attach_bytes_to(&store, &media, &at(target.clone()), "x.jpg", &photo).unwrap_err();
            assert!(err.message.contains(says), "{target}: {}", err.message);
        }

        let rows = list(&store, learner).unwrap();
        let places: Vec<String> = rows.iter().map(EvidenceRow::place).collect();
        assert_eq!(
            places,
            [
                "plan goal \u{201c}Run a field study\u{201d}",
                "plan goal \u{201c}Talk to the council\u{201d}",
                "item 2 of exhibition \u{201c}Q1 exhibition\u{201d}"
            ]
        );
        assert_eq!(rows[0].target(), format!("plan:{plan}#g-field"));
        assert_eq!(rows[2].target(), format!("exhibition:{ex}#2"));

        std::fs::remove_file(media.original_path(&b.evidence.sha256)).unwrap();
        let missing = missing_files(&store, &media).unwrap();
        assert_eq!(missing.len(), 1);
        assert!(missing[0].contains("attached to plan goal \u{201c}Talk to the council\u{201d}"), "{missing:?}");
    }

    #[test]
    fn only_the_learners_own_stored_evidence_is_handed_to_a_viewer() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, learner, plan, _) = crate::test_support::loop_store(tmp.path());
        let media = open_media(&store).unwrap();
        let t = Target::parse(&format!("plan:{plan}#1")).unwrap();
        let pdf = b"%PDF-1.4 letter".to_vec();
        let out = attach_bytes_to(&store, &media, &t, "../Mentor: letter.pdf", &pdf).unwrap();
        let sha = out.evidence.sha256;
        let other = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        assert_eq!(original_of(&store, &media, other.id, &sha).unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(original_of(&store, &media, learner, "nope").unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(original_of(&store, &media, Id::now_v7(), &sha).unwrap_err().code, ErrorCode::NotFound);
        let (path, ev) = original_of(&store, &media, learner, &sha).unwrap();
        assert_eq!((path, ev.name.as_str()), (media.original_path(&sha), "../Mentor: letter.pdf"));

        let views = tmp.path().join("views");
        let copy = viewing_copy(&store, &media, learner, &sha, &views).unwrap();
        assert_eq!(copy, views.join(&sha).join(".._Mentor_ letter.pdf".trim_start_matches('.')));
        assert_eq!(std::fs::read(&copy).unwrap(), pdf);
        assert!(std::fs::metadata(&copy).unwrap().permissions().readonly());
        assert_eq!(viewing_copy(&store, &media, learner, &sha, &views).unwrap(), copy, "made once");
        std::fs::remove_file(media.original_path(&sha)).unwrap();
        assert!(original_of(&store, &media, learner, &sha).unwrap_err().message.contains("missing"));
    }

    #[test]
    fn garbage_collection_keeps_every_learners_files_and_plan_history() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, _, plan, ex) = crate::test_support::loop_store(tmp.path());
        let media = open_media(&store).unwrap();
        let at = |s: String| Target::parse(&s).unwrap();
        let day = std::time::Duration::from_secs(24 * 60 * 60);
        let t0 = std::time::UNIX_EPOCH + 20_000 * day;
        let grace = 30 * day;
        let on_goal =
            attach_bytes_to(&store, &media, &at(format!("plan:{plan}#1")), "goal.jpg", &jpeg(40, 30)).unwrap();
        let on_item = attach_bytes_to(&store, &media, &at(format!("exhibition:{ex}#1")), "a.txt", b"item").unwrap();
        // Another learner's experience.
        let other = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
        let exp = store
            .create(
                other.id,
                AuthorRole::Student,
                RecordData::from_json(
                    RecordKind::Experience,
                    serde_json::json!({"title": "Pond", "start_date": "2026-09-01"}),
                )
                .unwrap(),
            )
            .unwrap();
        let theirs = attach_bytes(&store, &media, RecordKind::Experience, exp.meta().id, "pond.txt", b"pond").unwrap();
        // Removed from the exhibition item: unreferenced from now on.
        let AnyRecord::Exhibition(mut x) = store.get(RecordKind::Exhibition, ex).unwrap() else { panic!("exhibition") };
        x.data.items[0].evidence.clear();
        store.update(ex, RecordData::Exhibition(x.data)).unwrap();
        // The plan goal's photo survives in the signed history after an edit removes it.
        let AnyRecord::Plan(mut p) = store.get(RecordKind::Plan, plan).unwrap() else { panic!("plan") };
        p.data.content.goals[0].evidence.clear();
        p.data.content.goals[0].title = "Run two field studies".into();
        let saved = store.update(plan, RecordData::Plan(p.data)).unwrap();
        let AnyRecord::Plan(saved) = saved else { panic!("plan") };
        assert_eq!(saved.data.history.len(), 1, "a signed plan keeps the old revision");

        let first = collect_garbage(&store, &media, t0, grace, false).unwrap();
        assert_eq!((first.removed.len(), first.waiting.len(), first.in_use), (0, 1, 2));
        let later = collect_garbage(&store, &media, t0 + 31 * day, grace, false).unwrap();
        assert_eq!(later.removed.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["a.txt"]);
        assert!(!media.original_path(&on_item.evidence.sha256).exists());
        for kept in [&on_goal.evidence.sha256, &theirs.evidence.sha256] {
            assert!(media.original_path(kept).is_file());
        }
        assert!(missing_files(&store, &media).unwrap().is_empty());
    }
}

/// Files dragged from another program (a file manager) over the app's
/// window, as the shell reports them to the UI. The UI never sees paths: it
/// asks for a dropped file's bytes by `token` and position in `names`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileDropEvent {
    /// `over` (files hover at `x`,`y`), `leave` (the drag left or was
    /// cancelled) or `drop` (files dropped at `x`,`y`).
    pub phase: String,
    /// Position in CSS pixels from the webview's left edge.
    pub x: f64,
    /// Position in CSS pixels from the webview's top edge.
    pub y: f64,
    /// Names the dropped files for `dropped_file` (0 unless `drop`).
    pub token: u32,
    /// The files' names (no folders), in order.
    pub names: Vec<String>,
}
