//! From parsed arguments to a use case of the application layer, one
//! module per area; each handler decodes, calls `App`, prints.

mod archives;
mod badges;
mod documents;
mod learning_loop;
mod media;
mod records;
mod scores;
mod showcases;
mod team;

use std::time::Duration;

use portfolio_app::{ApiError, App, DataDir, ErrorCode, Result};
use portfolio_domain::{AuthorRole, Id, RecordKind};

use crate::args::{BadgeAction, Cli, Command};

/// `text` as an id of `what`, or a sentence saying what an id looks like.
pub fn parse_id(what: &str, text: &str) -> Result<Id> {
    text.trim().parse().map_err(|_| {
        ApiError::invalid(format!(
            "\u{201c}{}\u{201d} is not a valid {what} id (expected a UUID such as 01890a5d-ac96-774b-bcce-b302099a8057).",
            crate::output::escape(text)
        ))
    })
}

/// A record kind by name (singular or plural).
pub fn parse_kind(text: &str) -> Result<RecordKind> {
    RecordKind::parse(text).ok_or_else(|| {
        ApiError::invalid(format!(
            "Unknown kind \u{201c}{}\u{201d}: use experiences, journal (journal entries, also called reflections), goals, badges, periods, plans, check_ins, exhibitions, narratives or showcases.",
            crate::output::escape(text)
        ))
    })
}

/// Who is writing: student, advisor, family or mentor.
pub fn parse_author(text: &str) -> Result<AuthorRole> {
    AuthorRole::ALL.into_iter().find(|r| r.as_str() == text).ok_or_else(|| {
        ApiError::invalid(format!(
            "Unknown author \u{201c}{}\u{201d}: use student, advisor, family or mentor.",
            crate::output::escape(text)
        ))
    })
}

fn open(cli: &Cli) -> Result<App> {
    let resolved = DataDir::resolve(cli.data_dir.as_deref());
    if let Some(note) = &resolved.note {
        eprintln!("note: {note}");
    }
    let dir = resolved.dir.ok_or_else(|| {
        ApiError::new(ErrorCode::StoreUnavailable, "No data folder could be determined: pass --data-dir DIR.")
    })?;
    // The CLI does not wait for a store in use: it says so at once.
    App::open(&dir, Duration::ZERO)
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    // Verifying a file needs no store.
    if let Command::Badge { action: BadgeAction::Verify { file, email, key, revocation_list } } = &cli.command {
        return badges::verify(cli.json, file, email, key, revocation_list);
    }
    let app = open(&cli)?;
    let json = cli.json;
    match cli.command {
        Command::Demo => records::demo(&app, json),
        Command::Learners => records::learners(&app, json),
        Command::List { kind, learner, filter } => records::list(&app, json, &kind, &learner, &filter),
        Command::Add { kind, learner, json_file, author } => {
            records::add(&app, json, &kind, learner.as_deref(), &json_file, &author)
        }
        Command::ExportJson { learner, out } => records::export_json(&app, &learner, out.as_deref()),
        Command::Check => records::check(&app, json),
        Command::Export { learner, all, out } => archives::export(&app, json, learner.as_deref(), all, &out),
        Command::ExportLeap2a { learner, out } => documents::export_leap2a(&app, json, &learner, &out),
        Command::ExportResume { learner, out } => documents::export_resume(&app, json, &learner, &out),
        Command::Render { document, learner, period, exhibition, paper, include_others, out } => {
            let args = documents::RenderArgs { document, learner, period, exhibition, paper, include_others };
            documents::render(&app, json, &args, &out)
        }
        Command::ImportLeap2a { file } => documents::import_leap2a(&app, json, &file),
        Command::Backup => archives::backup(&app, json),
        Command::Backups => archives::backups(&app, json),
        Command::RestoreBackup { name } => archives::restore(&app, json, &name),
        Command::Import { file, merge, copy, dry_run } => archives::import(&app, json, &file, merge, copy, dry_run),
        Command::Frameworks => learning_loop::frameworks(&app, json),
        Command::Framework { action } => learning_loop::framework(&app, json, action),
        Command::Overview { learner, period } => learning_loop::overview(&app, json, &learner, &period),
        Command::NextPlan { exhibition, period } => learning_loop::next_plan(&app, json, &exhibition, &period),
        Command::Badge { action } => badges::badge(&app, json, action),
        Command::Media { action } => media::media(&app, json, action),
        Command::Showcase { action } => showcases::showcase(&app, json, action),
        Command::Issuers => badges::issuers(&app, json),
        Command::Issuer { action } => badges::issuer(&app, json, action),
        Command::Team { learner, action } => team::team(&app, json, learner.as_deref(), action),
        Command::Sync => team::sync(&app, json),
        Command::Comment { learner, on, text } => team::comment(&app, json, &learner, &on, &text),
        Command::Comments { learner, on, mark_read } => team::comments(&app, json, &learner, &on, mark_read),
        Command::Caseload => team::caseload(&app, json),
        Command::Sign { what, learner, plan, as_name } => team::sign(&app, json, &what, &learner, &plan, &as_name),
        Command::Verify { what, learner, plan } => team::verify(&app, json, &what, &learner, &plan),
        Command::Score { what, learner, exhibition, scores, comment } => {
            scores::score(&app, json, &what, &learner, &exhibition, &scores, &comment)
        }
        Command::Scores { learner, exhibition } => scores::scores(&app, json, &learner, &exhibition),
    }
}
