//! `learner-portfolio-cli`: Learner Portfolio from the command line.
//!
//! Drives the same core crates as the desktop app (domain, store, demo), so
//! every capability can be scripted, tested and benchmarked headless. Any
//! refusal exits non-zero with one line saying why (with `--json`, the line is
//! the `{code, message}` error object).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portfolio_domain::{AnyRecord, ApiError, AuthorRole, ErrorCode, Id, LearnerProfile, RecordData, RecordKind};
use portfolio_store::{paths, Store};
use serde_json::Value;

/// Prints a line to standard output; a closed pipe (`| head`) ends the program quietly.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

#[derive(Parser)]
#[command(
    name = "learner-portfolio-cli",
    version,
    about = "Learner Portfolio from the command line: the same store as the desktop app."
)]
struct Cli {
    /// Data folder (default: $LEARNER_PORTFOLIO_DATA_DIR, else the app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a demo learner with a school year of experiences, reflections, goals and badges.
    Demo,
    /// List learners.
    Learners,
    /// List a learner's records of one kind, newest first.
    List {
        /// experiences | reflections | goals | badges
        kind: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Only records containing every word of this text.
        #[arg(long, default_value = "")]
        filter: String,
    },
    /// Add records (or a learner) from a JSON file holding one object or an array.
    Add {
        /// learner | experiences | reflections | goals | badges
        kind: String,
        /// Learner id (not for `add learner`).
        #[arg(long)]
        learner: Option<String>,
        /// JSON file ("-" reads standard input).
        #[arg(long, value_name = "F")]
        json_file: PathBuf,
        /// Who is writing: student, advisor, family or mentor.
        #[arg(long, default_value = "student")]
        author: String,
    },
    /// Print a learner's whole portfolio as JSON.
    ExportJson {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "F")]
        out: Option<PathBuf>,
    },
    /// Check the store's indexes and records.
    Check,
    /// Export a learner's (or every learner's) whole portfolio to one .lportfolio archive.
    Export {
        /// Learner id (or --all).
        #[arg(long, required_unless_present = "all")]
        learner: Option<String>,
        /// Every learner.
        #[arg(long)]
        all: bool,
        /// The archive to write.
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
    /// Export a learner's portfolio as Leap2A (the dialect Mahara imports): a zip with leap2a.xml.
    ExportLeap2a {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// The zip to write.
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
    /// Export a learner's résumé as JSON Resume (jsonresume.org, v1.0.0).
    ExportResume {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// The JSON file to write.
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
    /// Render a print document as PDF: the Learning Plan, the exhibition packet or the progress summary.
    Render {
        /// plan, exhibition or summary.
        #[arg(value_parser = ["plan", "exhibition", "summary"])]
        document: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Marking period id (plan and exhibition: default the current period; summary: default everything).
        #[arg(long)]
        period: Option<String>,
        /// Exhibition id (default: the period's exhibition).
        #[arg(long)]
        exhibition: Option<String>,
        /// a4 or letter (default: from the locale in LC_ALL / LC_PAPER / LANG).
        #[arg(long, value_parser = ["a4", "letter"])]
        paper: Option<String>,
        /// Include photos marked as showing other people.
        #[arg(long)]
        include_others: bool,
        /// The PDF to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Import a Leap2A export (e.g. from Mahara) as a new learner.
    ImportLeap2a {
        /// A Leap2A zip or a bare leap2a.xml.
        file: PathBuf,
    },
    /// Back up every learner now (an archive in the data folder's backups/).
    Backup,
    /// List backups, newest first.
    Backups,
    /// Replace everything with a backup (the current state is backed up first).
    RestoreBackup {
        /// The backup's file name (see `backups`).
        name: String,
    },
    /// Import a .lportfolio archive (all or nothing).
    Import {
        /// The archive.
        file: PathBuf,
        /// Merge into the existing learner by record id (newer wins; conflicts listed).
        #[arg(long, conflicts_with = "copy")]
        merge: bool,
        /// Import as a copy with new ids.
        #[arg(long)]
        copy: bool,
        /// Say what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List learning-goal frameworks (with --json: id, name and goals).
    Frameworks,
    /// Import or export a framework as a Mahara SmartEvidence .matrix file.
    Framework {
        #[command(subcommand)]
        action: FrameworkAction,
    },
    /// A marking period at a glance: evidence and hours per learning goal, what is missing.
    Overview {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Marking period id.
        #[arg(long)]
        period: String,
    },
    /// Open Badges: verify a file offline, or import it into a learner's portfolio.
    Badge {
        #[command(subcommand)]
        action: BadgeAction,
    },
    /// Evidence: import photos and files and attach them to a record, or list them.
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// Badge issuers whose keys are on this computer.
    Issuers,
    /// Create a badge issuer (an Ed25519 key, did:key) or back up its key.
    Issuer {
        #[command(subcommand)]
        action: IssuerAction,
    },
    /// Start the next marking period's Learning Plan from an exhibition's recommendations.
    NextPlan {
        /// Exhibition id.
        #[arg(long)]
        exhibition: String,
        /// The next marking period's id.
        #[arg(long)]
        period: String,
    },
}

#[derive(Subcommand)]
enum BadgeAction {
    /// Verify a badge file offline (no store needed). Exit status 0 whenever the
    /// file could be examined, whatever the verdict.
    Verify {
        /// Baked PNG or SVG, JSON, or JWS/JWT file.
        file: PathBuf,
        /// Check the recipient against this email too.
        #[arg(long)]
        email: Vec<String>,
        /// An issuer public key (PEM, JWK or did:key file) to verify a signed OB 2.0 badge offline.
        #[arg(long, value_name = "FILE")]
        key: Vec<PathBuf>,
        /// An OB 2.0 revocation list (JSON file) to check against.
        #[arg(long, value_name = "FILE")]
        revocation_list: Vec<PathBuf>,
    },
    /// Issue an Open Badges 3.0 credential to a learner, signed by an issuer on
    /// this computer; it is baked into an SVG badge and added to their portfolio.
    Issue {
        /// Issuer id (did:key; see `issuers`).
        #[arg(long)]
        issuer: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Badge name.
        #[arg(long)]
        name: String,
        /// What the badge is.
        #[arg(long)]
        description: String,
        /// How it was earned.
        #[arg(long)]
        criteria: String,
        /// Also write the baked SVG here.
        #[arg(long, value_name = "F")]
        out: Option<PathBuf>,
    },
    /// Import a badge file into a learner's portfolio.
    Import {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Baked PNG or SVG, JSON, or JWS/JWT file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum MediaAction {
    /// Import files (in parallel) and attach them to a record, a plan goal or an exhibition item.
    Import {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Where: experience:ID, reflection:ID, goal:ID, plan:ID#GOAL (goal id or number, 1 = first)
        /// or exhibition:ID#N (the N-th item, 1 = first).
        #[arg(long, value_name = "KIND:ID[#PART]")]
        to: String,
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List a learner's evidence (with --json: id, kind, original file name, SHA-256, what it is attached to).
    List {
        /// Learner id.
        #[arg(long)]
        learner: String,
    },
    /// Remove originals no record of any learner has used for longer than the grace period (with their derivatives).
    Gc {
        /// Only say what would be removed.
        #[arg(long)]
        dry_run: bool,
        /// Days a file must have been unused before it goes.
        #[arg(long, value_name = "N", default_value_t = 30)]
        grace_days: u64,
    },
}

#[derive(Subcommand)]
enum IssuerAction {
    /// Create an issuer with a new key (stored owner-only in the data folder's keys/).
    Create {
        /// Display name ("Ms. Delgado, Harbor City Met").
        #[arg(long)]
        name: String,
        /// A learner asserting their own achievements (credentials say so).
        #[arg(long)]
        self_asserted: bool,
    },
    /// Write the issuer's private key, encrypted with a passphrase, for backup.
    Export {
        /// Issuer id (did:key).
        id: String,
        /// Where to write it.
        #[arg(long, value_name = "F")]
        out: PathBuf,
        /// File whose first line is the passphrase (at least 8 characters).
        #[arg(long, value_name = "F")]
        passphrase_file: PathBuf,
    },
}

#[derive(Subcommand)]
enum FrameworkAction {
    /// Import a .matrix file as a new framework.
    Import {
        /// The .matrix file.
        file: PathBuf,
    },
    /// Export a framework as a .matrix file.
    Export {
        /// Framework id (see `frameworks`).
        id: String,
        /// Where to write it.
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone()));
            } else {
                eprintln!("error: {}", e.message.replace('\n', " "));
            }
            ExitCode::FAILURE
        }
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

fn parse_id(what: &str, s: &str) -> Result<Id, ApiError> {
    s.trim().parse().map_err(|_| invalid(format!("\u{201c}{s}\u{201d} is not a valid {what} id (expected a UUID such as 01890a5d-ac96-774b-bcce-b302099a8057).")))
}

fn parse_kind(s: &str) -> Result<RecordKind, ApiError> {
    RecordKind::parse(s).ok_or_else(|| {
        invalid(format!("Unknown kind \u{201c}{s}\u{201d}: use experiences, reflections, goals, badges, periods, plans, check_ins, exhibitions or narratives."))
    })
}

fn open(cli: &Cli) -> Result<Store, ApiError> {
    let data = paths::data_dir(cli.data_dir.as_deref()).ok_or_else(|| {
        ApiError::new(ErrorCode::StoreUnavailable, "No data folder could be determined: pass --data-dir DIR.")
    })?;
    Ok(Store::open(paths::store_dir(&data))?)
}

fn print_json(v: &impl serde::Serialize) -> Result<(), ApiError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    out!("{s}");
    Ok(())
}

fn read_json(path: &PathBuf) -> Result<Value, ApiError> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| invalid(format!("Could not read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| invalid(format!("Could not read {}: {e}", path.display())))?;
    }
    serde_json::from_str(&text).map_err(|e| invalid(format!("{} is not valid JSON: {e}", path.display())))
}

fn one_or_many(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

fn print_record_line(r: &AnyRecord) {
    out!("{}  {}  {}", r.list_date(), r.meta().id, r.title());
}

fn read_file(path: &PathBuf) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| invalid(format!("Could not read {}: {e}", path.display())))
}

fn print_check(c: &portfolio_backpack::BadgeCheck) {
    out!("{}: {}", c.status, c.detail);
    if let Some(f) = &c.format {
        out!("format: {f}");
    }
    if let Some(m) = c.recipient_matches {
        out!(
            "recipient: {}",
            if m { "matches the learner's email" } else { "does not match any of the learner's emails" }
        );
    }
    for w in &c.warnings {
        out!("note: {w}");
    }
}

fn run(cli: Cli) -> Result<(), ApiError> {
    // Verifying a file needs no store.
    if let Command::Badge { action: BadgeAction::Verify { file, email, key, revocation_list } } = &cli.command {
        let text = |p: &PathBuf| read_file(p).map(|b| String::from_utf8_lossy(&b).into_owned());
        let trust = portfolio_backpack::Trust {
            keys: key.iter().map(text).collect::<Result<_, _>>()?,
            revocation_lists: revocation_list.iter().map(text).collect::<Result<_, _>>()?,
        };
        let check = portfolio_backpack::check_bytes(&read_file(file)?, email, &trust, chrono::Utc::now());
        if cli.json {
            print_json(&check)?;
        } else {
            print_check(&check);
        }
        return Ok(());
    }
    let store = open(&cli)?;
    match &cli.command {
        Command::Demo => {
            let today = chrono::Local::now().date_naive();
            let learner = portfolio_demo::create_demo(&store, today)?;
            if cli.json {
                print_json(&learner)?;
            } else {
                let c = store.counts(learner.id)?;
                out!(
                    "Created demo learner {} ({}): {} experiences, {} reflections, {} goals, {} badges.",
                    learner.profile.name,
                    learner.id,
                    c.experience,
                    c.reflection,
                    c.goal,
                    c.badge
                );
            }
        }
        Command::Learners => {
            let learners = store.learners()?;
            if cli.json {
                print_json(&learners)?;
            } else if learners.is_empty() {
                out!("No learners yet. Create one in the app, or run `learner-portfolio-cli demo`.");
            } else {
                for l in learners {
                    out!("{}  {}", l.id, l.profile.name);
                }
            }
        }
        Command::List { kind, learner, filter } => {
            let kind = parse_kind(kind)?;
            let records = store.list(parse_id("learner", learner)?, kind, filter)?;
            if cli.json {
                print_json(&records)?;
            } else {
                for r in &records {
                    print_record_line(r);
                }
            }
        }
        Command::Add { kind, learner, json_file, author } => {
            let author = AuthorRole::ALL.into_iter().find(|r| r.as_str() == author).ok_or_else(|| {
                invalid(format!("Unknown author \u{201c}{author}\u{201d}: use student, advisor, family or mentor."))
            })?;
            let items = one_or_many(read_json(json_file)?);
            if kind == "learner" || kind == "learners" {
                let mut created = Vec::new();
                for (i, v) in items.into_iter().enumerate() {
                    let p: LearnerProfile =
                        serde_json::from_value(v).map_err(|e| invalid(format!("Item {}: {e}", i + 1)))?;
                    created.push(store.create_learner(p)?);
                }
                if cli.json {
                    print_json(&created)?;
                } else {
                    for l in &created {
                        out!("Added learner {}  {}", l.id, l.profile.name);
                    }
                }
                return Ok(());
            }
            let kind = parse_kind(kind)?;
            let learner = parse_id(
                "learner",
                learner.as_deref().ok_or_else(|| invalid("--learner ID is required to add records."))?,
            )?;
            let data = items
                .into_iter()
                .enumerate()
                .map(|(i, v)| RecordData::from_json(kind, v).map_err(|e| invalid(format!("Item {}: {e}", i + 1))))
                .collect::<Result<Vec<_>, _>>()?;
            let created = store.create_many(learner, author, data)?;
            if cli.json {
                print_json(&created)?;
            } else {
                out!("Added {} {}.", created.len(), if created.len() == 1 { kind.as_str() } else { kind.plural() });
            }
        }
        Command::ExportJson { learner, out } => {
            let export = store.export_learner(parse_id("learner", learner)?)?;
            let text =
                serde_json::to_string_pretty(&export).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            match out {
                Some(path) => std::fs::write(path, text + "\n").map_err(|e| {
                    ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", path.display()))
                })?,
                None => out!("{text}"),
            }
        }
        Command::Frameworks => {
            let frameworks = store.frameworks()?;
            if cli.json {
                let v: Vec<Value> = frameworks
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "id": f.id, "name": f.name, "builtin": f.builtin,
                            "goals": f.goals.iter().map(|g| serde_json::json!({"id": g.id, "name": g.name, "guiding_questions": g.guiding_questions})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                print_json(&v)?;
            } else {
                for f in frameworks {
                    let names: Vec<&str> = f.goals.iter().map(|g| g.name.as_str()).collect();
                    out!("{}  {} ({})", f.id, f.name, names.join(", "));
                }
            }
        }
        Command::Framework { action: FrameworkAction::Import { file } } => {
            let bytes = std::fs::read(file).map_err(|e| invalid(format!("Could not read {}: {e}", file.display())))?;
            let f = store.import_matrix(&bytes)?;
            if cli.json {
                print_json(&f)?;
            } else {
                out!("Imported framework {} \u{201c}{}\u{201d} with {} learning goals.", f.id, f.name, f.goals.len());
            }
        }
        Command::Framework { action: FrameworkAction::Export { id, out } } => {
            let text = store.export_matrix(id)?;
            std::fs::write(out, text + "\n")
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", out.display())))?;
            if !cli.json {
                out!("Wrote {}.", out.display());
            }
        }
        Command::Overview { learner, period } => {
            let o = store.period_overview(parse_id("learner", learner)?, parse_id("period", period)?)?;
            if cli.json {
                print_json(&o)?;
            } else {
                for g in &o.goals {
                    out!(
                        "{:<28} evidence {:>3}  hours {:>6.1}  plan goals on track {}/{}",
                        g.name,
                        g.evidence,
                        g.hours,
                        g.plan_goals_on_track,
                        g.plan_goals
                    );
                }
                for m in &o.missing {
                    out!("missing: {m}");
                }
            }
        }
        Command::Badge { action: BadgeAction::Import { learner, file } } => {
            let out = portfolio_backpack::import(
                &store,
                parse_id("learner", learner)?,
                &read_file(file)?,
                chrono::Utc::now(),
            )?;
            if cli.json {
                print_json(&out)?;
            } else {
                for r in &out.records {
                    out!("Imported \u{201c}{}\u{201d} ({}).", r.title(), r.meta().id);
                }
                print_check(&out.check);
            }
        }
        Command::Badge { action: BadgeAction::Verify { .. } } => {}
        Command::Badge { action: BadgeAction::Issue { issuer, learner, name, description, criteria, out } } => {
            let req = portfolio_backpack::issuing::IssueRequest {
                issuer_id: issuer.clone(),
                learner_id: parse_id("learner", learner)?,
                name: name.clone(),
                description: description.clone(),
                criteria: criteria.clone(),
            };
            let (imported, svg) = portfolio_backpack::issuing::issue(&store, &req, chrono::Utc::now())?;
            if let Some(path) = out {
                std::fs::write(path, &svg).map_err(|e| {
                    ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", path.display()))
                })?;
            }
            if cli.json {
                print_json(&imported)?;
            } else {
                out!("Issued \u{201c}{}\u{201d} and added it to the portfolio.", name);
                print_check(&imported.check);
            }
        }
        Command::Media { action: MediaAction::Import { learner, to, files } } => {
            let learner = parse_id("learner", learner)?;
            let target = portfolio_evidence::Target::parse(to)?;
            if store.get(target.kind, target.id)?.meta().learner_id != learner {
                return Err(invalid(format!("That {} belongs to another learner.", target.kind.as_str())));
            }
            let media = portfolio_evidence::open_media(&store)?;
            let results = portfolio_evidence::attach_paths(&store, &media, &target, files, 2)?;
            let refused = results.iter().filter(|(_, r)| r.is_err()).count();
            if cli.json {
                let v: Vec<Value> = results
                    .iter()
                    .map(|(p, r)| match r {
                        Ok(o) => serde_json::json!({"file": p, "status": o.status, "sha256": o.evidence.sha256, "kind": o.evidence.kind, "notice": o.notice}),
                        Err(e) => serde_json::json!({"file": p, "status": "refused", "code": e.code, "message": e.message}),
                    })
                    .collect();
                print_json(&v)?;
            } else {
                for (p, r) in &results {
                    match r {
                        Ok(o) => out!(
                            "{}: {}{}",
                            p.display(),
                            o.status.replace('_', " "),
                            o.notice.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
                        ),
                        Err(e) => out!("{}: refused: {}", p.display(), e.message),
                    }
                }
            }
            if refused > 0 {
                return Err(invalid(format!("{refused} of {} files were refused.", results.len())));
            }
        }
        Command::Media { action: MediaAction::List { learner } } => {
            let rows = portfolio_evidence::list(&store, parse_id("learner", learner)?)?;
            if cli.json {
                let v: Vec<Value> = rows
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.evidence.sha256, "kind": r.evidence.kind, "original_file_name": r.evidence.name,
                            "sha256": r.evidence.sha256, "mime": r.evidence.mime, "size": r.evidence.size,
                            "attached_to": {"kind": r.kind, "id": r.record_id, "title": r.record_title, "part": r.part_title, "target": r.target()},
                        })
                    })
                    .collect();
                print_json(&v)?;
            } else {
                for r in rows {
                    out!(
                        "{}  {}  {}  \u{2192} {}",
                        &r.evidence.sha256[..12.min(r.evidence.sha256.len())],
                        r.evidence.kind,
                        r.evidence.name,
                        r.place()
                    );
                }
            }
        }
        Command::Media { action: MediaAction::Gc { dry_run, grace_days } } => {
            let media = portfolio_evidence::open_media(&store)?;
            let grace = std::time::Duration::from_secs(grace_days.saturating_mul(24 * 60 * 60));
            let now = std::time::SystemTime::now();
            let r = portfolio_evidence::collect_garbage(&store, &media, now, grace, *dry_run)?;
            let since =
                |u: &portfolio_evidence::Unreferenced| chrono::DateTime::<chrono::Utc>::from(u.since).date_naive();
            if cli.json {
                let removed: Vec<Value> = r.removed.iter().map(|u| serde_json::json!({"sha256": u.sha256, "name": u.name, "size": u.size, "unused_since": since(u)})).collect();
                print_json(
                    &serde_json::json!({"dry_run": dry_run, "removed": removed, "waiting": r.waiting.len(), "in_use": r.in_use}),
                )?;
            } else {
                let verb = if *dry_run { "would remove" } else { "removed" };
                for u in &r.removed {
                    out!(
                        "{verb} {}  {} ({} bytes), unused since {}",
                        &u.sha256[..12.min(u.sha256.len())],
                        u.name,
                        u.size,
                        since(u)
                    );
                }
                out!(
                    "{} {verb}, {} unused within the {grace_days}-day grace period, {} in use.",
                    r.removed.len(),
                    r.waiting.len(),
                    r.in_use
                );
            }
        }
        Command::Issuers => {
            let list = portfolio_backpack::issuing::issuers(&store)?;
            if cli.json {
                print_json(&list)?;
            } else {
                for i in list {
                    out!("{}  {}{}", i.id, i.name, if i.self_asserted { " (self-asserted)" } else { "" });
                }
            }
        }
        Command::Issuer { action: IssuerAction::Create { name, self_asserted } } => {
            let i = portfolio_backpack::issuing::create_issuer(&store, name, *self_asserted)?;
            if cli.json {
                print_json(&i)?;
            } else {
                out!("Created issuer {} ({}).", i.name, i.id);
            }
        }
        Command::Issuer { action: IssuerAction::Export { id, out, passphrase_file } } => {
            let pass = String::from_utf8_lossy(&read_file(passphrase_file)?).lines().next().unwrap_or("").to_string();
            let text = portfolio_backpack::issuing::export_issuer_key(&store, id, &pass)?;
            std::fs::write(out, text)
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", out.display())))?;
            if !cli.json {
                out!("Wrote the encrypted key to {}.", out.display());
            }
        }
        Command::NextPlan { exhibition, period } => {
            let plan = store.start_next_plan(parse_id("exhibition", exhibition)?, parse_id("period", period)?)?;
            if cli.json {
                print_json(&plan)?;
            } else {
                out!("Started Learning Plan {}.", plan.meta().id);
            }
        }
        Command::Export { learner, all, out } => {
            let scope = match (learner, all) {
                (_, true) => portfolio_archive::Scope::All,
                (Some(l), false) => portfolio_archive::Scope::Learner(parse_id("learner", l)?),
                (None, false) => return Err(invalid("--learner ID or --all is required.")),
            };
            let size = portfolio_archive::export_to_file(&store, scope, env!("CARGO_PKG_VERSION"), out)
                .map_err(ApiError::from)?;
            if !cli.json {
                out!("Wrote {} ({} bytes).", out.display(), size);
            }
        }
        Command::Import { file, merge, copy, dry_run } => {
            let mode = if *merge {
                portfolio_archive::ImportMode::Merge
            } else if *copy {
                portfolio_archive::ImportMode::Copy
            } else {
                portfolio_archive::ImportMode::Auto
            };
            let bytes = read_file(file)?;
            // Check and plan first: a refused archive costs nothing.
            let planned = portfolio_archive::preview(&store, &bytes, mode).map_err(ApiError::from)?;
            let report = if *dry_run {
                planned
            } else {
                // Every import is preceded by a backup (when there is anything to lose).
                if !store.learners()?.is_empty() {
                    let dir = portfolio_archive::backup::backups_dir(store.path());
                    portfolio_archive::backup::create(&store, &dir, "before-import", chrono::Utc::now())
                        .map_err(ApiError::from)?;
                }
                portfolio_archive::import(&store, &bytes, mode).map_err(ApiError::from)?
            };
            if cli.json {
                print_json(&report)?;
            } else {
                for l in &report.learners {
                    out!("{}: {:?}", l.name, l.outcome);
                }
                out!(
                    "added {}, updated {}, kept {}, conflicts {}",
                    report.added,
                    report.updated,
                    report.kept,
                    report.conflicts.len()
                );
                for c in &report.conflicts {
                    out!(
                        "conflict: {} {} (kept this computer's \u{201c}{}\u{201d}; the archive has \u{201c}{}\u{201d})",
                        c.kind.as_str(),
                        c.id,
                        c.local_title,
                        c.archive_title
                    );
                }
            }
        }
        Command::ExportLeap2a { learner, out } => {
            let (bytes, summary) =
                portfolio_interchange::export_leap2a(&store, parse_id("learner", learner)?, chrono::Utc::now())
                    .map_err(ApiError::from)?;
            std::fs::write(out, bytes)
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", out.display())))?;
            if cli.json {
                print_json(&summary)?;
            } else {
                out!("Wrote {}.", out.display());
            }
        }
        Command::ExportResume { learner, out } => {
            let resume = portfolio_interchange::resume::export_resume(&store, parse_id("learner", learner)?)
                .map_err(ApiError::from)?;
            let text =
                serde_json::to_string_pretty(&resume).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            std::fs::write(out, text + "\n")
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", out.display())))?;
            if !cli.json {
                out!("Wrote {}.", out.display());
            }
        }
        Command::Render { document, learner, period, exhibition, paper, include_others, out } => {
            let locale =
                ["LC_ALL", "LC_PAPER", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
            let paper = match paper.as_deref().and_then(portfolio_documents::Paper::parse) {
                Some(p) => p,
                None => portfolio_documents::Paper::for_locale(locale.as_deref().unwrap_or("")),
            };
            let req = portfolio_documents::RenderRequest {
                kind: portfolio_documents::DocumentKind::parse(document)
                    .ok_or_else(|| invalid(format!("Unknown document {document}: use plan, exhibition or summary.")))?,
                learner_id: parse_id("learner", learner)?,
                period_id: period.as_deref().map(|p| parse_id("period", p)).transpose()?,
                exhibition_id: exhibition.as_deref().map(|p| parse_id("exhibition", p)).transpose()?,
                paper,
                include_photos_of_others: *include_others,
            };
            let media = portfolio_evidence::open_media(&store).ok();
            let (bytes, report) = portfolio_documents::render(&store, media.as_ref(), &req, chrono::Utc::now())
                .map_err(ApiError::from)?;
            std::fs::write(out, bytes)
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("Could not write {}: {e}", out.display())))?;
            if cli.json {
                print_json(&report)?;
            } else {
                out!(
                    "Wrote {} ({} pages, {} photos, {} bytes).",
                    out.display(),
                    report.pages,
                    report.photos,
                    report.bytes
                );
                for l in &report.left_out {
                    out!("Note: {l}");
                }
                if !report.missing_characters.is_empty() {
                    out!(
                        "Note: the fonts cannot show these characters (printed as empty boxes): {}",
                        report.missing_characters.join(" ")
                    );
                }
            }
        }
        Command::ImportLeap2a { file } => {
            let report = portfolio_interchange::import_leap2a(
                &store,
                &read_file(file)?,
                portfolio_interchange::Limits::default(),
            )
            .map_err(ApiError::from)?;
            if cli.json {
                print_json(&report)?;
            } else {
                out!("{report:?}");
            }
        }
        Command::Backup => {
            let dir = portfolio_archive::backup::backups_dir(store.path());
            let b = portfolio_archive::backup::create(&store, &dir, "manual", chrono::Utc::now())
                .map_err(ApiError::from)?;
            if cli.json {
                print_json(&b)?;
            } else {
                out!("Backed up to {} ({} bytes).", dir.join(&b.name).display(), b.size);
            }
        }
        Command::Backups => {
            let list = portfolio_archive::backup::list(&portfolio_archive::backup::backups_dir(store.path()))
                .map_err(ApiError::from)?;
            if cli.json {
                print_json(&list)?;
            } else {
                for b in list {
                    out!("{}  {}  {} bytes", b.name, b.reason, b.size);
                }
            }
        }
        Command::RestoreBackup { name } => {
            let dir = portfolio_archive::backup::backups_dir(store.path());
            let report =
                portfolio_archive::backup::restore(&store, &dir, name, chrono::Utc::now()).map_err(ApiError::from)?;
            if cli.json {
                print_json(&report)?;
            } else {
                out!("Restored {name}: {} records.", report.added);
            }
        }
        Command::Check => {
            let mut report = store.check_integrity()?;
            if !report.problems.is_empty() && report.problems.iter().all(|p| p.contains("index")) {
                let n = store.repair_indexes()?;
                if !cli.json {
                    out!("Rebuilt the indexes from the records ({n} entries).");
                }
                report = store.check_integrity()?;
            }
            let media = portfolio_evidence::open_media(&store)?;
            report.problems.extend(portfolio_evidence::missing_files(&store, &media)?);
            if cli.json {
                print_json(&report)?;
            } else if report.problems.is_empty() {
                out!("All {} records and their indexes are consistent.", report.records);
            } else {
                for p in &report.problems {
                    out!("{p}");
                }
            }
            if !report.problems.is_empty() {
                return Err(ApiError::new(ErrorCode::Storage, format!("{} problem(s) found.", report.problems.len())));
            }
        }
    }
    Ok(())
}
