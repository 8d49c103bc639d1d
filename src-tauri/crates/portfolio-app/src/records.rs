//! Learners and their records: the everyday reads and writes.

use portfolio_domain::{AnyRecord, AuthorRole, Id, Learner, LearnerProfile, RecordCounts, RecordData, RecordKind};
use portfolio_store::LearnerExport;

use crate::{App, Result};

impl App {
    /// All learners, sorted by name.
    pub fn learners(&self) -> Result<Vec<Learner>> {
        Ok(self.store().learners()?)
    }

    /// Adds a learner. The photo starts empty: it is set with
    /// [`App::set_learner_photo`] (a form cannot name a file).
    pub fn create_learner(&self, mut profile: LearnerProfile) -> Result<Learner> {
        profile.photo_sha256.clear();
        Ok(self.store().create_learner(profile)?)
    }

    /// Adds learners as given (CLI `add learner`; photos as imported elsewhere).
    pub fn add_learners(&self, profiles: Vec<LearnerProfile>) -> Result<Vec<Learner>> {
        profiles.into_iter().map(|p| Ok(self.store().create_learner(p)?)).collect()
    }

    /// Changes a learner's profile, keeping the stored photo: it changes only
    /// through the photo use cases, so a form opened before the photo changed
    /// cannot undo that.
    pub fn update_learner(&self, id: Id, mut profile: LearnerProfile) -> Result<Learner> {
        profile.photo_sha256 = self.store().learner(id)?.profile.photo_sha256;
        Ok(self.store().update_learner(id, profile)?)
    }

    /// Deletes a learner and all their records.
    pub fn delete_learner(&self, id: Id) -> Result<Learner> {
        Ok(self.store().delete_learner(id)?)
    }

    /// Creates the demo learner with a school year of records ending `today`,
    /// and their mentor's and advisor's feedback as comments kept on this device.
    pub fn create_demo(&self, today: chrono::NaiveDate) -> Result<Learner> {
        let learner = portfolio_demo::create_demo(self.store(), today)?;
        for c in portfolio_demo::demo_comments(self.store(), learner.id, today)? {
            let created = c.date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
            let comment = portfolio_sync::Comment {
                id: portfolio_domain::new_id(),
                on: c.on,
                text: c.text,
                author: "demo".into(),
                author_name: c.author_name,
                role: c.role,
                created,
            };
            self.put_local_comment(learner.id, &comment)?;
        }
        Ok(learner)
    }

    /// A learner's records of one kind, newest first, filtered by `query`.
    pub fn list_records(&self, learner: Id, kind: RecordKind, query: &str) -> Result<Vec<AnyRecord>> {
        Ok(self.store().list(learner, kind, query)?)
    }

    /// How many records of each kind a learner has.
    pub fn record_counts(&self, learner: Id) -> Result<RecordCounts> {
        Ok(self.store().counts(learner)?)
    }

    /// One record.
    pub fn record(&self, kind: RecordKind, id: Id) -> Result<AnyRecord> {
        Ok(self.store().get(kind, id)?)
    }

    /// Creates a record written by `author`.
    pub fn create_record(&self, learner: Id, author: AuthorRole, data: RecordData) -> Result<AnyRecord> {
        self.guard_record_write(learner)?;
        self.saved(self.store().create(learner, author, data)?)
    }

    /// Creates many records at once (all validated first; nothing written if one fails).
    pub fn add_records(&self, learner: Id, author: AuthorRole, items: Vec<RecordData>) -> Result<Vec<AnyRecord>> {
        self.guard_record_write(learner)?;
        self.saved(self.store().create_many(learner, author, items)?)
    }

    /// Replaces a record's data (the plan revision rule applies).
    pub fn update_record(&self, id: Id, data: RecordData) -> Result<AnyRecord> {
        self.guard_record_write_of(data.kind(), id)?;
        self.saved(self.store().update(id, data)?)
    }

    /// Deletes a record and returns it, so a front end can offer Undo.
    pub fn delete_record(&self, kind: RecordKind, id: Id) -> Result<AnyRecord> {
        self.guard_record_write_of(kind, id)?;
        self.saved(self.store().delete(kind, id)?)
    }

    /// Puts a deleted record back exactly as it was (Undo).
    pub fn restore_record(&self, record: &AnyRecord) -> Result<AnyRecord> {
        self.guard_record_write(record.meta().learner_id)?;
        self.saved(self.store().restore(record)?)
    }

    /// A learner's whole portfolio as plain data (`export-json`).
    pub fn export_learner(&self, learner: Id) -> Result<LearnerExport> {
        Ok(self.store().export_learner(learner)?)
    }
}
