//! The Learning Plan (one per learner per period), its revisions and sign-offs,
//! and weekly check-ins on its goals.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::Id;
use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// Self- and advisor-rated current ability for one learning goal (1–4; 0 = not rated).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AbilityRating {
    /// Learning goal id.
    pub goal_id: String,
    /// The learner's rating.
    pub self_rating: u8,
    /// The advisor's rating.
    pub advisor_rating: u8,
}

/// The plan's cover sheet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CoverSheet {
    /// Interests and passions.
    pub interests: String,
    /// Life goals and learning priorities.
    pub life_goals: String,
    /// How I learn best.
    pub learn_best: String,
    /// Needs and supports.
    pub needs_supports: String,
    /// Current abilities per learning goal.
    pub abilities: Vec<AbilityRating>,
    /// Possible internship sites.
    pub internship_sites: String,
}

/// A member of the learning team.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TeamMember {
    /// Name.
    pub name: String,
    /// student, family, advisor, mentor (free text: "grandmother", "LTI mentor").
    pub role: String,
    /// Email or phone.
    pub contact: String,
}

/// Where a plan goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PlanGoalStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// On track.
    OnTrack,
    /// Behind.
    AtRisk,
    /// Done.
    Met,
    /// Changed or dropped.
    Changed,
}

/// A reference to another record (evidence for a plan goal or an exhibition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordRef {
    /// Kind of record.
    pub kind: crate::RecordKind,
    /// Its id.
    pub id: Id,
}

/// One goal of the Learning Plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PlanGoal {
    /// Stable id within the plan (kept across revisions; check-ins point at it).
    pub id: String,
    /// The goal.
    pub title: String,
    /// Learning goal ids it serves.
    pub goal_tags: Vec<String>,
    /// What the work is.
    pub work: String,
    /// Which guiding questions it answers, and how.
    pub questions: String,
    /// Resources and people.
    pub resources: String,
    /// Timeline.
    pub timeline: String,
    /// Target date.
    pub target_date: Option<NaiveDate>,
    /// What I will show my advisor along the way.
    pub show_advisor: String,
    /// What evidence I will show at my exhibition.
    pub exhibition_evidence: String,
    /// Where it stands.
    pub status: PlanGoalStatus,
    /// Linked experiences, reflections, badges.
    pub links: Vec<RecordRef>,
    /// Photos, files and links attached to this goal as evidence. Not covered
    /// by signatures: adding or removing evidence never starts a new revision.
    pub evidence: Vec<crate::Evidence>,
}

/// A signature on a plan revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignOff {
    /// Who signed.
    pub name: String,
    /// As what (student, family, advisor, mentor).
    pub role: String,
    /// When.
    pub signed_at: DateTime<Utc>,
}

/// The content of a plan that a signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PlanContent {
    /// Cover sheet.
    pub cover: CoverSheet,
    /// Learning team.
    pub team: Vec<TeamMember>,
    /// Plan goals.
    pub goals: Vec<PlanGoal>,
    /// Recommendations carried over from the last exhibition.
    pub carried_recommendations: Vec<String>,
}

impl PlanContent {
    /// The content with every goal's evidence left out: what a signature covers.
    pub fn without_evidence(&self) -> PlanContent {
        let mut c = self.clone();
        for g in &mut c.goals {
            g.evidence.clear();
        }
        c
    }
}

/// An earlier, signed revision kept readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanRevision {
    /// Its number (1 = first).
    pub revision: u32,
    /// What it said.
    pub content: PlanContent,
    /// Who signed it.
    pub signoffs: Vec<SignOff>,
    /// When it was replaced.
    pub replaced_at: DateTime<Utc>,
    /// What the next revision changed, one line each.
    pub changes: Vec<String>,
}

/// A Learning Plan: current revision plus signed history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanData {
    /// The marking period.
    pub period_id: Id,
    /// Current revision number (starts at 1).
    #[serde(default = "one")]
    pub revision: u32,
    /// Current content.
    #[serde(default)]
    pub content: PlanContent,
    /// Signatures on the current revision.
    #[serde(default)]
    pub signoffs: Vec<SignOff>,
    /// Earlier signed revisions, oldest first.
    #[serde(default)]
    pub history: Vec<PlanRevision>,
}

fn one() -> u32 {
    1
}

impl PlanData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        None
    }
    pub(crate) fn text(&self) -> String {
        let mut t = search_text(self.content.goals.iter().map(|g| g.title.as_str()));
        t.push_str(&search_text([self.content.cover.interests.as_str(), &self.content.cover.life_goals]));
        t
    }

    /// A new, unsigned plan for `period_id`.
    pub fn new(period_id: Id, content: PlanContent) -> Self {
        PlanData { period_id, revision: 1, content, signoffs: Vec::new(), history: Vec::new() }
    }

    /// The rule for saving `edited` over `self` (the stored plan):
    /// - content unchanged: only signatures may be added (never removed);
    /// - content changed on an unsigned plan: edited in place;
    /// - content changed on a signed plan: the signed revision goes into the
    ///   history with a summary of what changed, and a new unsigned revision starts.
    ///
    /// History and revision numbers always come from the stored plan.
    pub fn apply_edit(&self, edited: PlanData, now: DateTime<Utc>) -> Result<PlanData, ValidationErrors> {
        let mut c = Checker::new();
        if edited.period_id != self.period_id {
            c.fail("period_id", "A plan cannot move to another marking period; start a new plan instead.");
            return c.finish().map(|_| self.clone());
        }
        if edited.content.without_evidence() == self.content.without_evidence() {
            if !edited.signoffs.starts_with(&self.signoffs) {
                c.fail(
                    "signoffs",
                    "Signatures cannot be removed from a signed plan; edit the plan to start a new revision.",
                );
                return c.finish().map(|_| self.clone());
            }
            // Evidence on goals is not what a signature covers: it changes in place.
            return Ok(PlanData { signoffs: edited.signoffs, content: edited.content, ..self.clone() });
        }
        if self.signoffs.is_empty() {
            return Ok(PlanData { content: edited.content, ..self.clone() });
        }
        let mut history = self.history.clone();
        history.push(PlanRevision {
            revision: self.revision,
            changes: describe_changes(&self.content, &edited.content),
            content: self.content.clone(),
            signoffs: self.signoffs.clone(),
            replaced_at: now,
        });
        Ok(PlanData {
            period_id: self.period_id,
            revision: self.revision + 1,
            content: edited.content,
            signoffs: Vec::new(),
            history,
        })
    }
}

/// One line per change between two versions of a plan's content.
pub fn describe_changes(old: &PlanContent, new: &PlanContent) -> Vec<String> {
    let mut out = Vec::new();
    let cover = [
        ("Interests and passions", &old.cover.interests, &new.cover.interests),
        ("Life goals and learning priorities", &old.cover.life_goals, &new.cover.life_goals),
        ("How I learn best", &old.cover.learn_best, &new.cover.learn_best),
        ("Needs and supports", &old.cover.needs_supports, &new.cover.needs_supports),
        ("Possible internship sites", &old.cover.internship_sites, &new.cover.internship_sites),
    ];
    for (label, a, b) in cover {
        if a != b {
            out.push(format!("Changed \u{201c}{label}\u{201d}."));
        }
    }
    if old.cover.abilities != new.cover.abilities {
        out.push("Changed the current-ability ratings.".into());
    }
    if old.team != new.team {
        out.push("Changed the learning team.".into());
    }
    for g in &new.goals {
        match old.goals.iter().find(|o| o.id == g.id) {
            None => out.push(format!("Added goal \u{201c}{}\u{201d}.", g.title)),
            Some(o) if o != g => out.push(format!("Changed goal \u{201c}{}\u{201d}.", g.title)),
            _ => {}
        }
    }
    for o in &old.goals {
        if !new.goals.iter().any(|g| g.id == o.id) {
            out.push(format!("Removed goal \u{201c}{}\u{201d}.", o.title));
        }
    }
    if old.carried_recommendations != new.carried_recommendations {
        out.push("Changed the carried-over recommendations.".into());
    }
    out
}

impl Validate for PlanData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        let cv = &self.content.cover;
        for (f, label, v) in [
            ("content.cover.interests", "Interests and passions", &cv.interests),
            ("content.cover.life_goals", "Life goals", &cv.life_goals),
            ("content.cover.learn_best", "How I learn best", &cv.learn_best),
            ("content.cover.needs_supports", "Needs and supports", &cv.needs_supports),
            ("content.cover.internship_sites", "Internship sites", &cv.internship_sites),
        ] {
            c.long(f, label, v);
        }
        for (i, a) in cv.abilities.iter().enumerate() {
            if a.self_rating > 4 || a.advisor_rating > 4 {
                c.fail(format!("content.cover.abilities[{i}]"), "Ability ratings go from 1 to 4.");
            }
        }
        c.count("content.team", "Learning team", self.content.team.len());
        for (i, m) in self.content.team.iter().enumerate() {
            c.required(&format!("content.team[{i}].name"), &format!("Team member {}'s name", i + 1), &m.name);
            c.short(&format!("content.team[{i}].role"), "Role", &m.role);
            c.short(&format!("content.team[{i}].contact"), "Contact", &m.contact);
        }
        c.count("content.goals", "Plan goals", self.content.goals.len());
        let mut ids = std::collections::HashSet::new();
        for (i, g) in self.content.goals.iter().enumerate() {
            let f = |x: &str| format!("content.goals[{i}].{x}");
            c.required(&f("title"), &format!("Plan goal {}", i + 1), &g.title);
            if g.id.trim().is_empty() || !ids.insert(g.id.as_str()) {
                c.fail(f("id"), format!("Plan goal {} needs its own id.", i + 1));
            }
            for (x, label, v) in [
                ("work", "What the work is", &g.work),
                ("questions", "Guiding questions", &g.questions),
                ("resources", "Resources and people", &g.resources),
                ("timeline", "Timeline", &g.timeline),
                ("show_advisor", "What I will show my advisor", &g.show_advisor),
                ("exhibition_evidence", "Exhibition evidence", &g.exhibition_evidence),
            ] {
                c.long(&f(x), label, v);
            }
            c.short_list(&f("goal_tags"), "Learning goals", &g.goal_tags);
            if let Some(d) = g.target_date {
                c.date(&f("target_date"), "Target date", d);
            }
            c.count(&f("links"), "Linked evidence", g.links.len());
            crate::evidence::check_at(&mut c, &f("evidence"), &g.evidence);
        }
        c.short_list("content.carried_recommendations", "Recommendations", &self.content.carried_recommendations);
        for (i, s) in self.signoffs.iter().enumerate() {
            c.required(&format!("signoffs[{i}].name"), "Signer's name", &s.name);
            c.required(&format!("signoffs[{i}].role"), "Signer's role", &s.role);
        }
        if self.revision == 0 {
            c.fail("revision", "Revisions start at 1.");
        }
        c.finish()
    }
}

/// A weekly check-in on one plan goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckInData {
    /// The plan.
    pub plan_id: Id,
    /// The plan goal's id within the plan.
    pub plan_goal_id: String,
    /// When.
    pub date: NaiveDate,
    /// Who met (names).
    #[serde(default)]
    pub who: String,
    /// What progressed.
    #[serde(default)]
    pub progress: String,
    /// The next step.
    #[serde(default)]
    pub next_step: String,
}

impl CheckInData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    pub(crate) fn text(&self) -> String {
        search_text([self.who.as_str(), &self.progress, &self.next_step])
    }
}

impl Validate for CheckInData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.date("date", "Date", self.date);
        c.required("plan_goal_id", "Plan goal", &self.plan_goal_id);
        c.short("who", "Who", &self.who);
        if self.progress.trim().is_empty() && self.next_step.trim().is_empty() {
            c.fail("progress", "Write what progressed or the next step.");
        }
        c.long("progress", "What progressed", &self.progress);
        c.long("next_step", "Next step", &self.next_step);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> PlanData {
        let mut p = PlanData::new(Id::now_v7(), PlanContent::default());
        p.content.goals.push(PlanGoal { id: "g1".into(), title: "Run a field study".into(), ..Default::default() });
        p
    }

    fn sign(name: &str, role: &str) -> SignOff {
        SignOff { name: name.into(), role: role.into(), signed_at: Utc::now() }
    }

    #[test]
    fn unsigned_edits_in_place_signed_edits_start_a_revision() {
        let now = Utc::now();
        let p = plan();
        let mut edited = p.clone();
        edited.content.goals[0].work = "Count cats".into();
        let p2 = p.apply_edit(edited, now).unwrap();
        assert_eq!((p2.revision, p2.history.len()), (1, 0));

        // Student and advisor sign: still revision 1, no history.
        let mut signing = p2.clone();
        signing.signoffs = vec![sign("Maya", "student"), sign("Ms. Delgado", "advisor")];
        let signed = p2.apply_edit(signing, now).unwrap();
        assert_eq!((signed.revision, signed.signoffs.len(), signed.history.len()), (1, 2, 0));

        // Editing the signed plan starts revision 2, keeps revision 1 readable.
        let mut edited = signed.clone();
        edited.content.goals.push(PlanGoal {
            id: "g2".into(),
            title: "Present to the council".into(),
            ..Default::default()
        });
        edited.content.goals[0].timeline = "By March".into();
        let r2 = signed.apply_edit(edited, now).unwrap();
        assert_eq!(r2.revision, 2);
        assert!(r2.signoffs.is_empty());
        assert_eq!(r2.history.len(), 1);
        assert_eq!(r2.history[0].revision, 1);
        assert_eq!(r2.history[0].signoffs.len(), 2);
        assert_eq!(r2.history[0].content, signed.content);
        assert_eq!(
            r2.history[0].changes,
            ["Changed goal \u{201c}Run a field study\u{201d}.", "Added goal \u{201c}Present to the council\u{201d}."]
        );
    }

    #[test]
    fn signatures_cannot_be_removed_or_history_rewritten() {
        let now = Utc::now();
        let mut p = plan();
        p.signoffs = vec![sign("Maya", "student")];
        let mut edited = p.clone();
        edited.signoffs.clear();
        assert_eq!(p.apply_edit(edited, now).unwrap_err().0[0].field, "signoffs");
        let mut forged = p.clone();
        forged.history.clear();
        forged.revision = 9;
        forged.signoffs.push(sign("Ms. Delgado", "advisor"));
        let saved = p.apply_edit(forged, now).unwrap();
        assert_eq!(saved.revision, 1, "revision numbers come from the stored plan");
    }

    #[test]
    fn evidence_on_a_signed_plan_goal_keeps_the_signatures() {
        let now = Utc::now();
        let mut p = plan();
        p.signoffs = vec![sign("Maya", "student")];
        let photo = crate::Evidence {
            sha256: "ab".repeat(32),
            name: "poster.jpg".into(),
            kind: "image".into(),
            ..Default::default()
        };
        let mut edited = p.clone();
        edited.content.goals[0].evidence.push(photo.clone());
        let saved = p.apply_edit(edited, now).unwrap();
        assert_eq!((saved.revision, saved.signoffs.len(), saved.history.len()), (1, 1, 0));
        assert_eq!(saved.content.goals[0].evidence, [photo.clone()]);
        // A real change still starts a revision, evidence and all.
        let mut edited = saved.clone();
        edited.content.goals[0].title = "Run two field studies".into();
        let r2 = saved.apply_edit(edited, now).unwrap();
        assert_eq!((r2.revision, r2.history.len()), (2, 1));
        assert_eq!(r2.content.goals[0].evidence, [photo]);
        // Bad evidence is reported at the goal's field.
        let mut bad = plan();
        bad.content.goals[0].evidence.push(crate::Evidence { kind: "image".into(), ..Default::default() });
        assert_eq!(bad.validate().unwrap_err().0[0].field, "content.goals[0].evidence[0].sha256");
    }

    #[test]
    fn plan_goal_ids_must_be_unique() {
        let mut p = plan();
        p.content.goals.push(PlanGoal { id: "g1".into(), title: "Again".into(), ..Default::default() });
        assert_eq!(p.validate().unwrap_err().0[0].field, "content.goals[1].id");
    }
}
