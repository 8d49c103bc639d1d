//! Showcases: chosen work for an audience, published as a static website
//! (folder or `.zip`) or a PDF. Creating, changing and deleting them are the
//! generic record use cases (`RecordKind::Showcase`); these are the ones
//! that need more than the store.

use std::path::Path;

use chrono::{DateTime, Utc};
use portfolio_documents::Paper;
use portfolio_domain::ShowcaseSection;
use portfolio_domain::{AnyRecord, AuthorRole, Id, Record, RecordData, RecordKind, ShowcaseData, ShowcaseItem};
use portfolio_showcase::{Content, ShowcaseExport};

use crate::{ApiError, App, ErrorCode, Result};

impl App {
    /// Creates a showcase titled `title` with `items` in one section.
    pub fn create_showcase(&self, learner: Id, title: &str, items: Vec<ShowcaseItem>) -> Result<Record<ShowcaseData>> {
        let sections =
            if items.is_empty() { Vec::new() } else { vec![ShowcaseSection { items, ..Default::default() }] };
        let data = ShowcaseData { title: title.into(), audience: String::new(), introduction: String::new(), sections };
        match self.create_record(learner, AuthorRole::Student, RecordData::Showcase(data))? {
            AnyRecord::Showcase(s) => Ok(s),
            _ => Err(ApiError::internal("The store returned another kind of record.")),
        }
    }

    /// A learner's showcases, newest first.
    pub fn showcases(&self, learner: Id) -> Result<Vec<Record<ShowcaseData>>> {
        Ok(self
            .list_records(learner, RecordKind::Showcase, "")?
            .into_iter()
            .filter_map(|r| match r {
                AnyRecord::Showcase(s) => Some(s),
                _ => None,
            })
            .collect())
    }

    /// Showcase `id` of `learner`.
    pub fn showcase(&self, learner: Id, id: Id) -> Result<Record<ShowcaseData>> {
        match self.record(RecordKind::Showcase, id) {
            Ok(AnyRecord::Showcase(s)) if s.meta.learner_id == learner => Ok(s),
            Ok(_) => Err(ApiError::new(ErrorCode::NotFound, "That showcase is not one of this learner's.")),
            Err(e) => Err(e),
        }
    }

    fn showcase_content(&self, learner: Id, id: Id, now: DateTime<Utc>) -> Result<Content> {
        Ok(portfolio_showcase::gather(self.store(), Some(self.media()), learner, id, now)?)
    }

    /// Checks that showcase `id` can be exported (it exists, and every item
    /// may be shown) and returns the suggested file or folder name, so a
    /// front end refuses before it asks where to save.
    pub fn showcase_exportable(&self, learner: Id, id: Id) -> Result<String> {
        let content = self.showcase_content(learner, id, Utc::now())?;
        Ok(portfolio_showcase::folder_name(&content.title))
    }

    /// Exports showcase `id` as a website: into folder `out`, or as a zip
    /// when `out` ends in `.zip`. Refuses a Private journal entry or a photo
    /// of other people not included on purpose, with one sentence.
    pub fn export_showcase_site(&self, learner: Id, id: Id, out: &Path) -> Result<ShowcaseExport> {
        self.export_showcase_site_at(learner, id, out, Utc::now())
    }

    /// [`App::export_showcase_site`] as of `now` (the same `now` gives the same bytes).
    pub fn export_showcase_site_at(
        &self,
        learner: Id,
        id: Id,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<ShowcaseExport> {
        let content = self.showcase_content(learner, id, now)?;
        let site = portfolio_showcase::build(&content, Some(self.media()))?;
        let pages = site.pages().count() as u32;
        let zip = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let (format, files, bytes) = if zip {
            let bytes = portfolio_showcase::zip_bytes(&site, &portfolio_showcase::folder_name(&content.title))?;
            crate::files::write(out, &bytes)?;
            ("zip", 1, bytes.len() as u64)
        } else {
            portfolio_showcase::write_folder(&site, out)?;
            ("folder", site.files.len() as u32, site.bytes())
        };
        Ok(ShowcaseExport {
            title: content.title,
            format: format.into(),
            pages,
            files,
            bytes,
            left_out: content.left_out,
        })
    }

    /// Exports showcase `id` as a PDF into the file `out`.
    pub fn export_showcase_pdf(&self, learner: Id, id: Id, out: &Path, paper: Paper) -> Result<ShowcaseExport> {
        let now = Utc::now();
        let content = self.showcase_content(learner, id, now)?;
        let (bytes, report) = portfolio_showcase::pdf::render(&content, Some(self.media()), paper, now);
        crate::files::write(out, &bytes)?;
        let mut left_out = report.left_out;
        if !report.missing_characters.is_empty() {
            left_out.push(format!(
                "The fonts cannot show these characters (printed as empty boxes): {}",
                report.missing_characters.join(" ")
            ));
        }
        Ok(ShowcaseExport {
            title: content.title,
            format: "pdf".into(),
            pages: report.pages,
            files: 1,
            bytes: bytes.len() as u64,
            left_out,
        })
    }
}
