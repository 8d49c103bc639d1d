//! Learning-goal frameworks: named lists of learning goals (data, not code).
//!
//! Two ship with the app (Big Picture Learning's five and the Australian six);
//! users create their own or import a Mahara SmartEvidence `.matrix` file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{Checker, Validate, ValidationErrors};

/// One learning goal of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LearningGoal {
    /// Stable id used in tags (`empirical_reasoning`).
    pub id: String,
    /// Short name ("Empirical Reasoning").
    pub name: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
    /// Guiding questions ("How do I prove it?"); journal prompts come from these.
    #[serde(default)]
    pub guiding_questions: Vec<String>,
}

/// A framework of learning goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Framework {
    /// Stable id (`bpl`, `bpl-au`, or a UUID for user frameworks).
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Who maintains it.
    #[serde(default)]
    pub institution: String,
    /// The learning goals, in order.
    pub goals: Vec<LearningGoal>,
    /// True for the frameworks that ship with the app (read-only).
    #[serde(default)]
    pub builtin: bool,
    /// Last change (UTC); `None` for built-ins.
    #[serde(default)]
    pub updated: Option<DateTime<Utc>>,
}

impl Framework {
    /// The goal with `id`, if the framework has it.
    pub fn goal(&self, id: &str) -> Option<&LearningGoal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

impl Validate for Framework {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("name", "Framework name", &self.name);
        c.long("description", "Description", &self.description);
        c.short("institution", "Institution", &self.institution);
        if self.goals.is_empty() {
            c.fail("goals", "A framework needs at least one learning goal.");
        }
        c.count("goals", "Learning goals", self.goals.len());
        let mut seen = std::collections::HashSet::new();
        for (i, g) in self.goals.iter().enumerate() {
            c.required(&format!("goals[{i}].name"), &format!("Learning goal {}", i + 1), &g.name);
            c.required(&format!("goals[{i}].id"), &format!("Learning goal {} id", i + 1), &g.id);
            if !seen.insert(g.id.as_str()) {
                c.fail(format!("goals[{i}].id"), format!("Two learning goals share the id \u{201c}{}\u{201d}.", g.id));
            }
            c.long(&format!("goals[{i}].description"), "Description", &g.description);
            c.short_list(&format!("goals[{i}].guiding_questions"), "Guiding questions", &g.guiding_questions);
        }
        c.finish()
    }
}

/// Makes an id from a name: lower-case ASCII letters and digits joined by `_`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        "goal".into()
    } else {
        out
    }
}

fn goal(name: &str, description: &str, questions: &[&str]) -> LearningGoal {
    LearningGoal {
        id: slug(name),
        name: name.into(),
        description: description.into(),
        guiding_questions: questions.iter().map(|q| q.to_string()).collect(),
    }
}

/// Id of Big Picture Learning's five learning goals.
pub const BPL: &str = "bpl";
/// Id of the Australian six.
pub const BPL_AU: &str = "bpl-au";

fn bpl_five() -> Vec<LearningGoal> {
    vec![
        goal(
            "Empirical Reasoning",
            "Thinking like a scientist: asking questions, testing ideas with evidence, drawing conclusions.",
            &["How do I prove it?", "What evidence do I have?", "What did I find out, and how sure am I?"],
        ),
        goal(
            "Quantitative Reasoning",
            "Thinking like a mathematician: measuring, comparing and representing information with numbers.",
            &["How do I measure, compare or represent it?", "What do the numbers tell me?"],
        ),
        goal(
            "Communication",
            "Thinking like a journalist: understanding others and expressing ideas clearly in many forms.",
            &["How do I take in and express ideas?", "Who is my audience, and what do they need?"],
        ),
        goal(
            "Social Reasoning",
            "Thinking like a social scientist: seeing issues from many perspectives and communities.",
            &["What do other people have to say about this?", "Whose voices are missing?"],
        ),
        goal(
            "Personal Qualities",
            "Being the best you can be: responsibility, perseverance, self-awareness, care for others.",
            &["What do I bring to this process?", "How have I grown, and what will I work on next?"],
        ),
    ]
}

/// The frameworks that ship with the app.
pub fn builtin_frameworks() -> Vec<Framework> {
    let mut au = bpl_five();
    au.push(goal(
        "Knowing How to Learn",
        "Understanding how I learn best and taking charge of my own learning.",
        &["How do I learn best?", "What will I do when I get stuck?"],
    ));
    vec![
        Framework {
            id: BPL.into(),
            name: "Big Picture Learning goals".into(),
            description: "The five learning goals Big Picture Learning schools use to plan and assess learning.".into(),
            institution: "Big Picture Learning".into(),
            goals: bpl_five(),
            builtin: true,
            updated: None,
        },
        Framework {
            id: BPL_AU.into(),
            name: "Big Picture Education Australia learning goals".into(),
            description: "The five Big Picture learning goals plus Knowing How to Learn, as used in Australia.".into(),
            institution: "Big Picture Education Australia".into(),
            goals: au,
            builtin: true,
            updated: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_valid_and_named_as_bpl_uses_them() {
        let fws = builtin_frameworks();
        for f in &fws {
            assert_eq!(f.validate(), Ok(()), "{}", f.name);
        }
        let ids: Vec<_> = fws[0].goals.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "empirical_reasoning",
                "quantitative_reasoning",
                "communication",
                "social_reasoning",
                "personal_qualities"
            ]
        );
        assert_eq!(fws[0].goals[0].guiding_questions[0], "How do I prove it?");
        assert_eq!(fws[1].goals.len(), 6);
        assert_eq!(fws[1].goals[5].name, "Knowing How to Learn");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("  Knowing How to Learn! "), "knowing_how_to_learn");
        assert_eq!(slug("1.2 Māori"), "1_2_m_ori");
        assert_eq!(slug("***"), "goal");
    }

    #[test]
    fn duplicate_goal_ids_refused() {
        let mut f = builtin_frameworks().remove(0);
        f.goals[1].id = f.goals[0].id.clone();
        assert_eq!(f.validate().unwrap_err().0[0].field, "goals[1].id");
    }
}
