//! The command line's grammar (clap): every subcommand and flag, with the
//! help text users see.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "learner-portfolio-cli",
    version,
    about = "Learner Portfolio from the command line: the same store as the desktop app."
)]
pub struct Cli {
    /// Data folder (default: $LEARNER_PORTFOLIO_DATA_DIR, else the app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a demo learner with a school year of experiences, reflections, goals and badges.
    Demo,
    /// List learners.
    Learners,
    /// List a learner's records of one kind, newest first.
    List {
        /// experiences | journal (journal entries; also "reflections") | goals | badges | periods | plans | check_ins | exhibitions | narratives
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
        /// learner | experiences | journal (journal entries; also "reflections") | goals | badges | periods | plans | check_ins | exhibitions | narratives
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
    /// Showcases: chosen work for an audience, exported as a website (folder or .zip) or a PDF.
    Showcase {
        #[command(subcommand)]
        action: ShowcaseAction,
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
    /// A learner's team: members, roles and device keys (or `team relay|invite|join`).
    #[command(args_conflicts_with_subcommands = true)]
    Team {
        /// Learner id (to show the team).
        #[arg(long)]
        learner: Option<String>,
        #[command(subcommand)]
        action: Option<TeamAction>,
    },
    /// One sync round with every relay (exit 0 when up to date, 1 with one line when a relay is unreachable).
    Sync,
    /// An advisor's caseload: one row per learner, who needs attention first (and why).
    Caseload,
    /// Comment on a record, plan goal or exhibition item (sent at the next sync).
    Comment {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// KIND:ID or KIND:ID#PART, e.g. experience:ID, plan:ID#2.
        #[arg(long, value_name = "KIND:ID")]
        on: String,
        /// The comment.
        #[arg(long)]
        text: String,
    },
    /// The team's comments on a record, oldest first (unread ones marked).
    Comments {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// KIND:ID or KIND:ID#PART.
        #[arg(long, value_name = "KIND:ID")]
        on: String,
        /// Then mark them read on this device.
        #[arg(long)]
        mark_read: bool,
    },
    /// Sign a plan's current revision with this device's key.
    Sign {
        /// What to sign: plan.
        what: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Plan id.
        #[arg(long)]
        plan: String,
        /// The signer's name.
        #[arg(long = "as", value_name = "NAME")]
        as_name: String,
    },
    /// Hand in this device's person's score sheet for an exhibition (sent at the next sync).
    Score {
        /// What to score: exhibition.
        what: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Exhibition id.
        #[arg(long)]
        exhibition: String,
        /// One level per criterion: CRIT=LEVEL,… (criterion ids and level numbers as `scores` lists them).
        #[arg(long, value_name = "CRIT=LEVEL,...")]
        scores: String,
        /// A comment for the learner.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Every score sheet of an exhibition (the record's and the team's, each with who and from which device) and the criterion summary.
    Scores {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Exhibition id.
        #[arg(long)]
        exhibition: String,
    },
    /// Check every signature on a plan (exit 0 whenever the check ran; invalid ones say why).
    Verify {
        /// What to check: plan.
        what: String,
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Plan id.
        #[arg(long)]
        plan: String,
    },
}

#[derive(Subcommand)]
pub enum BadgeAction {
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
    /// Share a badge: write its original credential file, byte-exact, and for
    /// a JSON or token credential a verification note beside it (F.verification.txt);
    /// with --presentation, a Verifiable Presentation signed with the learner's own did:key.
    Share {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Badge id.
        #[arg(long)]
        badge: String,
        /// Where to write the credential file.
        #[arg(long, value_name = "F")]
        out: PathBuf,
        /// Write a Verifiable Presentation (JSON) of the badge, signed by the learner, instead.
        #[arg(long)]
        presentation: bool,
    },
    /// Print the "Add to LinkedIn profile" address of a badge (built offline).
    Linkedin {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Badge id.
        #[arg(long)]
        badge: String,
    },
}

#[derive(Subcommand)]
pub enum MediaAction {
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
pub enum IssuerAction {
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
pub enum FrameworkAction {
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

#[derive(Subcommand)]
pub enum TeamAction {
    /// Share a learner through a relay (the student's device), or change the relay's address.
    Relay {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// ws://HOST:PORT or wss://HOST.
        #[arg(long)]
        url: String,
        /// A plain automerge-repo relay (no device keys, no share policies), e.g. the stock npm one.
        #[arg(long)]
        plain: bool,
    },
    /// Invite an advisor, family member or mentor with an invite file (a secret until used).
    Invite {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// advisor | family | mentor
        #[arg(long)]
        role: String,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// The invite file to write.
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
    /// Join a learner's team with an invite file; prints the learner id.
    Join {
        /// The invite file.
        file: PathBuf,
    },
    /// Remove a person (or an unused invitation) from the team (the student's device); says what they keep.
    Remove {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Their device key (did:key:…), as `team --learner ID` lists it.
        #[arg(long, value_name = "DID")]
        member: String,
    },
    /// Confirm the hours of an experience (a mentor's or advisor's device); sent at the next sync.
    ConfirmHours {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Experience id.
        #[arg(long)]
        experience: String,
        /// The hours confirmed.
        #[arg(long)]
        hours: f64,
    },
    /// Where each shared learner stands with its relay (up to date, changes waiting, unreachable since when).
    Status,
    /// The hours confirmed by mentors and advisors, with their experiences.
    Hours {
        /// Learner id.
        #[arg(long)]
        learner: String,
    },
}

#[derive(Subcommand)]
pub enum ShowcaseAction {
    /// Create a showcase (prints its id).
    Create {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Title, e.g. "Senior portfolio 2026".
        #[arg(long)]
        title: String,
        /// Items in order, comma-separated: experience:ID, journal:ID, goal:ID, badge:ID,
        /// exhibition-item:EXHIBITION_ID#N (N from 1), evidence:KIND:ID#SHA256 (evidence+others:… includes
        /// a photo marked as showing other people on purpose).
        #[arg(long, value_name = "KIND:ID,…", default_value = "")]
        items: String,
    },
    /// List a learner's showcases.
    List {
        /// Learner id.
        #[arg(long)]
        learner: String,
    },
    /// Export a showcase as a website (a folder, or a .zip) or as a PDF.
    Export {
        /// Learner id.
        #[arg(long)]
        learner: String,
        /// Showcase id.
        #[arg(long)]
        showcase: String,
        /// The folder (new, empty, or an earlier export) or a file ending in .zip.
        #[arg(long, value_name = "DIR|F.zip", required_unless_present = "pdf", conflicts_with = "pdf")]
        out: Option<PathBuf>,
        /// A PDF file to write instead.
        #[arg(long, value_name = "F.pdf")]
        pdf: Option<PathBuf>,
        /// Paper for the PDF: a4 or letter (default: the locale's).
        #[arg(long)]
        paper: Option<String>,
    },
}
