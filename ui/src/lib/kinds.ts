// Everything the UI says about each kind of record: names, option lists,
// how an item is summarised in a list. Components stay generic and look
// things up here.

import type { AnyRecord } from "./bindings/AnyRecord";
import type { ExperienceKind } from "./bindings/ExperienceKind";
import type { ExperienceStatus } from "./bindings/ExperienceStatus";
import type { GoalStatus } from "./bindings/GoalStatus";
import type { RecordData } from "./bindings/RecordData";
import type { RecordKind } from "./bindings/RecordKind";
import type { Visibility } from "./bindings/Visibility";
import { formatDate } from "./dates";

/** The data type of one kind of record. */
export type DataOf<K extends RecordKind> = Extract<RecordData, { kind: K }>["data"];
/** A stored record of one kind. */
export type RecordOf<K extends RecordKind> = Extract<AnyRecord, { kind: K }>;

export type Option<V extends string = string> = { value: V; label: string };

/** Visual tone of a status pill. */
export type Tone = "neutral" | "accent" | "success" | "warning" | "muted";

/** The four kinds shown as portfolio sections with the generic list/detail/form. */
export type PortfolioKind = "experience" | "reflection" | "goal" | "badge";

export const RECORD_KINDS: readonly PortfolioKind[] = ["experience", "reflection", "goal", "badge"];

/** A stored record of one of the four portfolio kinds. */
export type PortfolioRecord = RecordOf<PortfolioKind>;

/** Whether a record is one of the four portfolio kinds. */
export function isPortfolioRecord(r: AnyRecord): r is PortfolioRecord {
  return isPortfolioKind(r.kind);
}

/** Whether a kind is one of the four portfolio sections. */
export function isPortfolioKind(kind: RecordKind): kind is PortfolioKind {
  return (RECORD_KINDS as readonly RecordKind[]).includes(kind);
}

export type KindText = {
  /** "Experience", used in sentences like "Experience deleted". */
  singular: string;
  /** Section name in the sidebar and list header. */
  section: string;
  /** Label of the "new" button. */
  newLabel: string;
  /** What the empty list says, and its button. */
  empty: string;
  /** What the detail pane says when nothing is selected. */
  nothingSelected: string;
  /** Placeholder of the filter box. */
  filterPlaceholder: string;
};

export const KIND_TEXT: Record<PortfolioKind, KindText> = {
  experience: {
    singular: "Experience",
    section: "Experiences",
    newLabel: "New experience",
    empty: "No experiences yet. Add your first internship, project or course.",
    nothingSelected: "Select an experience to see it here.",
    filterPlaceholder: "Filter experiences",
  },
  reflection: {
    singular: "Journal entry",
    section: "Journal",
    newLabel: "New entry",
    empty: "No journal entries yet. Write about what you did and what you learned.",
    nothingSelected: "Select an entry to read it here.",
    filterPlaceholder: "Filter journal",
  },
  goal: {
    singular: "Goal",
    section: "Goals",
    newLabel: "New goal",
    empty: "No goals yet. Set a goal and plan the steps to reach it.",
    nothingSelected: "Select a goal to see its steps and progress.",
    filterPlaceholder: "Filter goals",
  },
  badge: {
    singular: "Badge",
    section: "Badges",
    newLabel: "New badge",
    empty: "No badges yet. Record a badge or certificate you have earned.",
    nothingSelected: "Select a badge to see it here.",
    filterPlaceholder: "Filter badges",
  },
};

export const EXPERIENCE_KINDS: readonly Option<ExperienceKind>[] = [
  { value: "internship", label: "Internship" },
  { value: "project", label: "Project" },
  { value: "course", label: "Course" },
  { value: "job", label: "Job" },
  { value: "volunteering", label: "Volunteering" },
  { value: "competition", label: "Competition" },
  { value: "club", label: "Club" },
  { value: "museum_visit", label: "Museum/cultural visit" },
  { value: "travel", label: "Travel" },
  { value: "other", label: "Other" },
];

export const EXPERIENCE_STATUSES: readonly Option<ExperienceStatus>[] = [
  { value: "planned", label: "Planned" },
  { value: "ongoing", label: "Ongoing" },
  { value: "completed", label: "Completed" },
  { value: "withdrawn", label: "Withdrawn" },
];

export const GOAL_STATUSES: readonly Option<GoalStatus>[] = [
  { value: "planned", label: "Planned" },
  { value: "in_progress", label: "In progress" },
  { value: "achieved", label: "Achieved" },
  { value: "revised", label: "Revised" },
  { value: "dropped", label: "Dropped" },
];

export const VISIBILITIES: readonly Option<Visibility>[] = [
  { value: "private", label: "Private" },
  { value: "learning_team", label: "Learning team" },
  { value: "family", label: "Family" },
];

/** The label of `value` in `options`, or the value itself. */
export function optionLabel(options: readonly Option[], value: string): string {
  return options.find((o) => o.value === value)?.label ?? value;
}

const STATUS_TONE: Record<string, Tone> = {
  planned: "neutral",
  ongoing: "accent",
  in_progress: "accent",
  completed: "success",
  achieved: "success",
  revised: "warning",
  withdrawn: "muted",
  dropped: "muted",
};

export function statusTone(status: string): Tone {
  return STATUS_TONE[status] ?? "neutral";
}

/** A status pill for a record, if its kind has a status. */
export function recordStatus(r: AnyRecord): { label: string; tone: Tone } | null {
  switch (r.kind) {
    case "experience":
      return { label: optionLabel(EXPERIENCE_STATUSES, r.data.status), tone: statusTone(r.data.status) };
    case "goal":
      return { label: optionLabel(GOAL_STATUSES, r.data.status), tone: statusTone(r.data.status) };
    default:
      return null;
  }
}

/** The record's title: title, goal statement or badge name. */
export function recordTitle(r: AnyRecord): string {
  switch (r.kind) {
    case "experience":
    case "reflection":
      return r.data.title;
    case "goal":
      return r.data.statement;
    case "badge":
      return r.data.name;
    case "period":
      return r.data.name;
    case "plan":
      return `Learning Plan, revision ${r.data.revision}`;
    case "check_in":
      return r.data.progress || "Check-in";
    case "exhibition":
      return r.data.title;
    case "narrative":
      return r.data.voice === "advisor" ? "Advisor narrative" : "Student narrative";
    case "showcase":
      return r.data.title;
  }
}

/** One line under the title in the list. */
export function recordSubtitle(r: AnyRecord): string {
  switch (r.kind) {
    case "experience": {
      const parts = [optionLabel(EXPERIENCE_KINDS, r.data.kind), r.data.organisation].filter(Boolean);
      return parts.join(" · ");
    }
    case "reflection":
      return r.data.prompt || optionLabel(VISIBILITIES, r.data.visibility);
    case "goal": {
      const done = r.data.steps.filter((s) => s.done).length;
      return r.data.steps.length ? `${done} of ${r.data.steps.length} steps done` : "No steps yet";
    }
    case "badge":
      return r.data.issuer_name;
    case "period":
    case "plan":
    case "exhibition":
      return "";
    case "check_in":
      return r.data.who;
    case "narrative":
      return r.data.author_name;
    case "showcase":
      return r.data.audience;
  }
}

/** The date shown beside a list item, formatted. */
export function recordDate(r: AnyRecord, locale?: string): string {
  switch (r.kind) {
    case "experience":
      return formatDate(r.data.start_date, locale);
    case "reflection":
      return formatDate(r.data.date, locale);
    case "goal":
      return r.data.target_date ? `by ${formatDate(r.data.target_date, locale)}` : "";
    case "badge":
      return formatDate(r.data.issued_on, locale);
    case "period":
      return formatDate(r.data.start, locale);
    case "check_in":
    case "exhibition":
      return formatDate(r.data.date, locale);
    case "plan":
    case "narrative":
    case "showcase":
      return "";
  }
}

/** The `RecordData` of a stored record (what update/create take). */
export function recordData(r: AnyRecord): RecordData {
  // The casts restate what the discriminant already guarantees.
  return { kind: r.kind, data: r.data } as RecordData;
}

/** Initials for an avatar: "Maya Johnson" → "MJ", "Sam" → "S". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0] as string;
  const last = words.length > 1 ? (words[words.length - 1] as string) : "";
  return (Array.from(first)[0] ?? "").toUpperCase() + (Array.from(last)[0] ?? "").toUpperCase();
}

/** "5 experiences", "1 journal entry". */
export function countNoun(n: number, kind: PortfolioKind): string {
  const words: Record<PortfolioKind, [string, string]> = {
    experience: ["experience", "experiences"],
    reflection: ["journal entry", "journal entries"],
    goal: ["goal", "goals"],
    badge: ["badge", "badges"],
  };
  const [one, many] = words[kind];
  return `${n} ${n === 1 ? one : many}`;
}
