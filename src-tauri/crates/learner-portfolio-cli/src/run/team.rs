//! The learner's team: `team relay|invite|join|remove|confirm-hours|status|hours`, `team --learner`, `sync`,
//! `caseload`,
//! `comment`, `comments`, `sign plan`, `verify plan`. Each stops the sync
//! engine before returning so every document change is on disk when the
//! program exits.

use portfolio_app::{ApiError, App, PlanStatus, RelayKind, Result, SignatureStatus};

use super::{parse_author, parse_id};
use crate::args::TeamAction;
use crate::output::{self, out};

/// Runs `f`, then stops the engine (keeping `f`'s error if both fail).
pub(super) fn with_stop<T>(app: &App, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let result = f();
    let stopped = app.stop_sync();
    let value = result?;
    stopped?;
    Ok(value)
}

fn plan_only(what: &str) -> Result<()> {
    if what == "plan" {
        return Ok(());
    }
    Err(ApiError::invalid(format!("Only plans are signed: use `plan`, not \u{201c}{}\u{201d}.", output::escape(what))))
}

pub fn team(app: &App, json: bool, learner: Option<&str>, action: Option<TeamAction>) -> Result<()> {
    with_stop(app, || match action {
        Some(TeamAction::Relay { learner, url, plain }) => {
            let kind = if plain { RelayKind::Plain } else { RelayKind::Project };
            let s = app.set_team_relay(parse_id("learner", &learner)?, &url, kind)?;
            if json {
                return output::json(&app.team(s.learner_id)?);
            }
            out!(
                "Learner {} is shared through {} (this device: {}, {}).",
                s.learner_id,
                s.relay,
                s.role.as_str(),
                app.device_did()?
            );
            Ok(())
        }
        Some(TeamAction::Invite { learner, role, name, out }) => {
            let role = parse_author(&role)?;
            let o = app.invite_to_file(parse_id("learner", &learner)?, role, &name, &out)?;
            if json {
                return output::json(&o);
            }
            out!("Invited {} ({}): {} (a secret until it is used).", o.name, o.role.as_str(), out.display());
            if let Some(note) = &o.note {
                eprintln!("note: {}", output::escape(note));
            }
            Ok(())
        }
        Some(TeamAction::Join { file }) => {
            let learner = app.join_team_file(&file)?;
            if json {
                return output::json(&learner);
            }
            out!("{}", learner.id);
            Ok(())
        }
        Some(TeamAction::Remove { learner, member }) => {
            let o = app.remove_member(parse_id("learner", &learner)?, &member)?;
            if json {
                return output::json(&o);
            }
            out!("Removed {} ({}) from the team. {}", o.name, o.role.as_str(), o.keeps);
            if let Some(note) = &o.note {
                eprintln!("note: {}", output::escape(note));
            }
            Ok(())
        }
        Some(TeamAction::ConfirmHours { learner, experience, hours }) => {
            let c = app.confirm_hours(parse_id("learner", &learner)?, parse_id("experience", &experience)?, hours)?;
            if json {
                return output::json(&c);
            }
            out!(
                "Confirmed {} hours on experience {} as {}; it goes to the team at the next sync.",
                c.hours,
                c.experience_id,
                c.name
            );
            Ok(())
        }
        Some(TeamAction::Status) => {
            let status = app.sync_status()?;
            if json {
                return output::json(&status);
            }
            out!("{}", status.summary);
            for l in &status.learners {
                out!("{}  {} ({})", l.learner_id, l.summary, l.relay);
            }
            Ok(())
        }
        Some(TeamAction::Hours { learner }) => {
            let list = app.hours_confirmations(parse_id("learner", &learner)?)?;
            if json {
                return output::json(&list);
            }
            for h in &list {
                let role = h.role.map(|r| r.as_str()).unwrap_or("not on the team");
                let entered = h.student_hours.map(|x| format!("{x}")).unwrap_or_else(|| "none".into());
                out!(
                    "{}  {}: {} hours confirmed by {} ({}, {}); entered: {}",
                    h.confirmation.experience_id,
                    h.experience_title,
                    h.confirmation.hours,
                    h.confirmation.name,
                    role,
                    h.confirmation.at.format("%Y-%m-%d"),
                    entered
                );
            }
            Ok(())
        }
        None => {
            let learner = learner
                .ok_or_else(|| ApiError::invalid("Say whose team: team --learner ID (or team relay|invite|join)."))?;
            let view = app.team(parse_id("learner", learner)?)?;
            if json {
                return output::json(&view);
            }
            out!(
                "Relay: {} ({:?}); this device: {} ({})",
                view.relay,
                view.relay_kind,
                view.device,
                view.role.as_str()
            );
            for m in &view.members {
                out!("{:<8} {}  {}", m.role.as_str(), m.name, m.did);
            }
            for m in &view.invites {
                out!("{:<8} {}  (invited, not joined yet)", m.role.as_str(), m.name);
            }
            Ok(())
        }
    })
}

pub fn sync(app: &App, json: bool) -> Result<()> {
    let report = with_stop(app, || app.sync())?;
    if json {
        output::json(&report)?;
    } else if report.learners.is_empty() && report.failed.is_empty() {
        out!("No learner is shared with a team on this device.");
    }
    for l in &report.learners {
        if !json {
            let state = if l.up_to_date { "up to date" } else { "not up to date" };
            out!("{}  {}: sent {}, applied {} ({} ms)", l.learner_id, state, l.sent, l.applied, report.millis);
            for name in &l.joined {
                out!("{}  {} joined the team.", l.learner_id, name);
            }
            for r in &l.refused {
                eprintln!("refused: {}", output::escape(r));
            }
        }
    }
    if let Some(f) = report.failed.first() {
        return Err(f.error.clone());
    }
    if !report.up_to_date() {
        let waiting: Vec<&str> = report.learners.iter().flat_map(|l| l.waiting.iter().map(String::as_str)).collect();
        return Err(ApiError::storage(format!(
            "The relay did not confirm every change in time ({}); run sync again.",
            waiting.join(", ")
        )));
    }
    Ok(())
}

pub fn comment(app: &App, json: bool, learner: &str, on: &str, text: &str) -> Result<()> {
    let c = with_stop(app, || app.comment(parse_id("learner", learner)?, on, text))?;
    if json {
        return output::json(&c);
    }
    out!("Comment {} saved; it goes to the team at the next sync.", c.id);
    Ok(())
}

pub fn comments(app: &App, json: bool, learner: &str, on: &str, mark_read: bool) -> Result<()> {
    let learner = parse_id("learner", learner)?;
    let thread = with_stop(app, || {
        let thread = app.comment_thread(learner, on)?;
        if mark_read {
            app.mark_comments_read(learner, on)?;
        }
        Ok(thread)
    })?;
    if json {
        return output::json(&thread.iter().map(|v| &v.comment).collect::<Vec<_>>());
    }
    for v in &thread {
        let c = &v.comment;
        let mark = if v.feedback { " · feedback" } else { "" };
        let new = if v.unread { "* " } else { "" };
        out!(
            "{new}{}  {} ({}{}): {}",
            c.created.format("%Y-%m-%d %H:%M"),
            c.author_name,
            c.role.as_str(),
            mark,
            c.text
        );
    }
    Ok(())
}

pub fn caseload(app: &App, json: bool) -> Result<()> {
    let rows = with_stop(app, || app.caseload())?;
    if json {
        return output::json(&rows);
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "never".into());
    for r in &rows {
        out!(
            "{}  {}: plan {}, last journal entry {}, last check-in {}, next exhibition {}, {} h this period, {} unread",
            r.learner_id,
            r.name,
            match r.plan_status {
                PlanStatus::None => "none",
                PlanStatus::Draft => "draft",
                PlanStatus::WaitingForSignatures => "waiting for signatures",
                PlanStatus::Signed => "signed",
            },
            date(r.last_journal_entry),
            date(r.last_check_in),
            date(r.next_exhibition),
            r.hours_this_period,
            r.unread_comments
        );
        for a in &r.attention {
            out!("    {a}");
        }
    }
    Ok(())
}

pub fn sign(app: &App, json: bool, what: &str, learner: &str, plan: &str, name: &str) -> Result<()> {
    plan_only(what)?;
    let sig = with_stop(app, || app.sign_plan(parse_id("learner", learner)?, parse_id("plan", plan)?, name))?;
    if json {
        return output::json(&sig);
    }
    out!("Signed revision {} of plan {} as {} ({}).", sig.revision, sig.plan_id, sig.name, sig.role.as_str());
    Ok(())
}

pub fn verify(app: &App, json: bool, what: &str, learner: &str, plan: &str) -> Result<()> {
    plan_only(what)?;
    let v = with_stop(app, || app.verify_plan(parse_id("learner", learner)?, parse_id("plan", plan)?))?;
    if json {
        return output::json(&v);
    }
    out!("Plan {} revision {}: {} valid, {} invalid.", v.plan_id, v.revision, v.valid(), v.invalid());
    for s in &v.signatures {
        let status = match &s.status {
            SignatureStatus::Valid => "valid".to_string(),
            SignatureStatus::EarlierRevision { revision } => format!("valid for earlier revision {revision}"),
            SignatureStatus::Invalid { reason } => format!("INVALID: {reason}"),
        };
        out!("{} ({}, revision {}): {}", s.name, s.role.as_str(), s.revision, status);
    }
    Ok(())
}
