// Pure helpers of the framework editor: goal ids (slugs that never change once
// saved), drafts, copies, and how a learning-goal tag is shown.

import type { Framework } from "./bindings/Framework";
import type { FieldError } from "./bindings/FieldError";

/** A learning goal as edited: guiding questions as text, one per line. */
export type GoalDraft = { id: string; name: string; description: string; questions: string };

/** A framework as edited in the dialog. `id` "" = not saved yet. */
export type FrameworkDraft = {
  id: string;
  name: string;
  description: string;
  institution: string;
  goals: GoalDraft[];
};

/** "Empirical Reasoning!" → "empirical_reasoning"; accents dropped; "" when nothing is left. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join("_");
}

/** A slug of `name` not in `taken`: "goal" when the name has none, then "_2", "_3"… */
export function uniqueGoalId(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name) || "goal";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** Ids for every goal: existing ids are kept, new goals (id "") get a unique slug of their name. */
export function assignGoalIds<G extends { id: string; name: string }>(goals: readonly G[]): G[] {
  const taken = new Set(goals.map((g) => g.id).filter(Boolean));
  return goals.map((g) => {
    if (g.id) return g;
    const id = uniqueGoalId(g.name, taken);
    taken.add(id);
    return { ...g, id };
  });
}

export function blankFrameworkDraft(): FrameworkDraft {
  return { id: "", name: "", description: "", institution: "", goals: [blankGoalDraft()] };
}

export function blankGoalDraft(): GoalDraft {
  return { id: "", name: "", description: "", questions: "" };
}

/** The draft of a saved framework. */
export function toDraft(f: Framework): FrameworkDraft {
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    institution: f.institution,
    goals: f.goals.map((g) => ({ id: g.id, name: g.name, description: g.description, questions: g.guiding_questions.join("\n") })),
  };
}

/** An editable copy: a new framework ("Copy of …") that keeps the goal ids, so tags stay readable. */
export function duplicateDraft(f: Framework): FrameworkDraft {
  return { ...toDraft(f), id: "", name: `Copy of ${f.name}` };
}

/** What `save_framework` takes: trimmed, guiding questions split, new goals given ids. */
export function fromDraft(d: FrameworkDraft): Framework {
  const goals = assignGoalIds(
    d.goals.map((g) => ({
      id: g.id,
      name: g.name.trim(),
      description: g.description.trim(),
      guiding_questions: g.questions
        .split("\n")
        .map((q) => q.trim())
        .filter(Boolean),
    })),
  );
  return {
    id: d.id,
    name: d.name.trim(),
    description: d.description.trim(),
    institution: d.institution.trim(),
    goals,
    builtin: false,
    updated: null,
  };
}

/** Moves item `i` by `by` places (a copy; unchanged when it would leave the list). */
export function move<T>(list: readonly T[], i: number, by: number): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const next = [...list];
  [next[i], next[j]] = [next[j] as T, next[i] as T];
  return next;
}

/** Field errors by field path ("name", "goals[1].name"); errors without a known place under "". */
export function errorsByField(fields: readonly FieldError[], known: (field: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const key = f.field.replace(/^framework\./, "");
    const k = known(key) ? key : "";
    out[k] = out[k] ? `${out[k]} ${f.message}` : f.message;
  }
  return out;
}

/** How a learning-goal tag is shown: its name in the current framework, else in any framework, else the id (muted). */
export function goalTagLabel(
  tag: string,
  current: Framework | null,
  all: readonly Framework[],
): { label: string; muted: boolean } {
  const inCurrent = current?.goals.find((g) => g.id === tag);
  if (inCurrent) return { label: inCurrent.name, muted: false };
  for (const f of all) {
    const g = f.goals.find((x) => x.id === tag);
    if (g) return { label: g.name, muted: false };
  }
  return { label: tag, muted: true };
}

/**
 * Learning-goal tags as goal ids: a tag that is a goal's id stays; one typed as a goal's name, in
 * any case, with or without accents ("Empirical Reasoning", "empirical reasoning", "Razonamiento
 * Empirico" for "Razonamiento empírico") becomes that goal's id; anything else is kept as it is
 * (shown as unknown, for the user to fix). No tag is listed twice.
 */
export function migrateGoalTags(tags: readonly string[], goals: readonly { id: string; name: string }[]): string[] {
  // Names compare by their slug; names in scripts a slug drops (Chinese, Arabic…) by their text.
  const key = (text: string) => slugify(text) || text.normalize("NFC").trim().toLowerCase();
  const ids = new Set(goals.map((g) => g.id));
  const byName = new Map<string, string>();
  for (const g of goals) {
    const k = key(g.name);
    if (k && !byName.has(k)) byName.set(k, g.id);
  }
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag) continue;
    const id = ids.has(tag) ? tag : (byName.get(key(tag)) ?? tag);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** The choices of a learning-goal picker: the framework's goals by name (value = id). */
export function goalOptions(goals: readonly { id: string; name: string }[]): { value: string; label: string }[] {
  return goals.map((g) => ({ value: g.id, label: g.name }));
}

/** How a tag that is not a goal of the learner's framework is listed in the picker. */
export function unknownGoalLabel(tag: string, label: { label: string; muted: boolean }): string {
  return label.muted ? `“${tag}” (not a learning goal of this framework)` : `${label.label} (from another framework)`;
}

/** A file name for a framework's export: "Big Picture Learning.matrix" (unsafe characters dropped). */
export function matrixFileName(name: string): string {
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "").trim() || "framework";
  return `${base}.matrix`;
}
