// Forms, declared once per kind and rendered by generic components.
//
// A form edits `FormValues`: a flat map from *input name* to what the input
// holds (text as typed, ids of linked records, checklist rows). Input names are
// the data's field paths (`title`, `mentor.name`, `steps[1].text`), so the
// core's validation errors land on the right input without a lookup table.
// Each kind's `FormDef` converts data ⇄ values and adds checks of its own;
// required fields are checked generically from the field list.

import type { BadgeData } from "./bindings/BadgeData";
import type { ExperienceData } from "./bindings/ExperienceData";
import type { FieldError } from "./bindings/FieldError";
import type { GoalData } from "./bindings/GoalData";
import type { LearnerProfile } from "./bindings/LearnerProfile";
import type { RecordData } from "./bindings/RecordData";
import type { ReflectionData } from "./bindings/ReflectionData";
import { parseDay, todayIso } from "./dates";
import { EXPERIENCE_KINDS, EXPERIENCE_STATUSES, GOAL_STATUSES, VISIBILITIES, type DataOf, type Option, type PortfolioKind } from "./kinds";

// ---------------------------------------------------------------------------
// Values

/** A checklist row being edited; `key` keeps rows apart while reordering. */
export type StepValue = { key: number; text: string; done: boolean };
/** A progress note being edited. */
export type NoteValue = { key: number; date: string; text: string };
export type FieldValue = string | string[] | StepValue[] | NoteValue[];
export type FormValues = Record<string, FieldValue>;

let nextRowKey = 1;
/** A fresh key for a checklist row or note. */
export function rowKey(): number {
  return nextRowKey++;
}

/** Text of a text-like input ("" when absent). */
export function textOf(v: FormValues, name: string): string {
  const x = v[name];
  return typeof x === "string" ? x : "";
}

/** Ids chosen in a multi-select. */
export function idsOf(v: FormValues, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x.filter((e): e is string => typeof e === "string") : [];
}

/** Rows of a checklist editor. */
export function stepsOf(v: FormValues, name: string): StepValue[] {
  const x = v[name];
  return Array.isArray(x) ? x.filter((e): e is StepValue => typeof e === "object" && "done" in e) : [];
}

/** Rows of a progress-notes editor. */
export function notesOf(v: FormValues, name: string): NoteValue[] {
  const x = v[name];
  return Array.isArray(x) ? x.filter((e): e is NoteValue => typeof e === "object" && "date" in e) : [];
}

// ---------------------------------------------------------------------------
// Conversions of single values

export type ListSeparator = "comma" | "line";

/**
 * Splits list text into items: on commas and line breaks ("comma"), or on
 * line breaks only ("line", for links that may contain commas). Items are
 * trimmed; empty ones dropped.
 */
export function splitList(text: string, separator: ListSeparator = "comma"): string[] {
  const parts = separator === "comma" ? text.split(/[,\n]/) : text.split("\n");
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

export function joinList(items: readonly string[], separator: ListSeparator = "comma"): string {
  return items.join(separator === "comma" ? ", " : "\n");
}

/** "" → null; otherwise the day as typed (input type=date gives YYYY-MM-DD). */
export function optionalDate(text: string): string | null {
  const t = text.trim();
  return t === "" ? null : t;
}

/**
 * Parses a number as typed: "" → null, "12.5" → 12.5, "12,5" → 12.5.
 * Returns NaN for anything that is not a plain decimal number.
 */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/^(\d*),(\d+)$/, "$1.$2");
  if (t === "") return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return Number.NaN;
  return Number(t);
}

export function numberText(n: number | null): string {
  return n === null ? "" : String(n);
}

// ---------------------------------------------------------------------------
// Field declarations

type Base = {
  /** Input name = field path in the data. */
  name: string;
  label: string;
  /** Checked before sending; the message is "<requiredLabel ?? label> is required." */
  required?: boolean;
  requiredLabel?: string;
  hint?: string;
  /** Share of the form's width (default full). */
  width?: "full" | "half" | "third";
};

export type FieldSpec =
  | (Base & { type: "text"; placeholder?: string; autocomplete?: string; inputType?: "text" | "email" | "url" })
  | (Base & { type: "textarea"; rows?: number; markdown?: boolean; placeholder?: string })
  | (Base & { type: "select"; options: readonly Option[] })
  | (Base & { type: "date" })
  | (Base & { type: "number"; unit?: string })
  | (Base & { type: "list"; separator: ListSeparator; placeholder?: string })
  | (Base & { type: "links"; source: "experience" | "goal"; empty: string })
  | (Base & { type: "steps" })
  | (Base & { type: "notes" })
  | { type: "group"; legend: string; fields: FieldSpec[] };

export type InputSpec = Exclude<FieldSpec, { type: "group" }>;

/** All input specs, groups flattened. */
export function flatFields(fields: readonly FieldSpec[]): InputSpec[] {
  return fields.flatMap((f) => (f.type === "group" ? flatFields(f.fields) : [f]));
}

/** The names of every input the form shows for these values (rows included). */
export function inputNames(fields: readonly FieldSpec[], values: FormValues): string[] {
  const names: string[] = [];
  for (const f of flatFields(fields)) {
    names.push(f.name);
    if (f.type === "steps") stepsOf(values, f.name).forEach((_, i) => names.push(`${f.name}[${i}].text`));
    if (f.type === "notes")
      notesOf(values, f.name).forEach((_, i) => names.push(`${f.name}[${i}].date`, `${f.name}[${i}].text`));
  }
  return names;
}

// ---------------------------------------------------------------------------
// Checks and error placement

/** Required inputs left empty, as the core would report them. */
export function checkRequired(fields: readonly FieldSpec[], values: FormValues): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of flatFields(fields)) {
    if (f.required && textOf(values, f.name).trim() === "") {
      errors.push({ field: f.name, message: `${f.requiredLabel ?? f.label} is required.` });
    }
  }
  return errors;
}

/** Every client-side problem of a form: required fields, then the kind's own checks. */
export function checkForm(def: FormDef<unknown>, values: FormValues): FieldError[] {
  return [...checkRequired(def.fields, values), ...(def.check?.(values) ?? [])];
}

/** Cuts the last segment off a field path: `a.b[2].c` → `a.b[2]` → `a.b` → `a`. */
function parentPath(path: string): string | null {
  const m = /^(.+?)(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m ? (m[1] as string) : null;
}

/**
 * The input that shows the error for `path`: the input of that name, else of
 * the nearest parent path (`emails[1]` → `emails`, `steps[7].text` → `steps`).
 * Null when no input matches.
 */
export function inputForPath(path: string, inputs: Iterable<string>): string | null {
  const known = new Set(inputs);
  for (let p: string | null = path; p !== null; p = parentPath(p)) {
    if (known.has(p)) return p;
  }
  return null;
}

export type PlacedErrors = {
  /** Messages per input name. */
  byInput: Record<string, string[]>;
  /** Messages that match no input (shown at the top of the form). */
  unplaced: string[];
};

/** Sorts field errors onto the inputs that show them. */
export function placeErrors(errors: readonly FieldError[], inputs: Iterable<string>): PlacedErrors {
  const names = [...inputs];
  const out: PlacedErrors = { byInput: {}, unplaced: [] };
  for (const e of errors) {
    const input = inputForPath(e.field, names);
    if (input === null) {
      out.unplaced.push(e.message);
    } else {
      const list = (out.byInput[input] ??= []);
      if (!list.includes(e.message)) list.push(e.message);
    }
  }
  return out;
}

// Small checks shared by kinds.

function checkNumber(v: FormValues, name: string, label: string): FieldError[] {
  const n = parseNumber(textOf(v, name));
  if (n !== null && Number.isNaN(n)) return [{ field: name, message: `${label} must be a number.` }];
  if (n !== null && n < 0) return [{ field: name, message: `${label} must be zero or more.` }];
  return [];
}

function checkOrder(v: FormValues, start: string, end: string, message: string): FieldError[] {
  const a = textOf(v, start);
  const b = textOf(v, end);
  return a && b && b < a ? [{ field: end, message }] : [];
}

function checkDay(v: FormValues, name: string, label: string): FieldError[] {
  const t = textOf(v, name).trim();
  return t && !parseDay(t) ? [{ field: name, message: `${label} is not a valid date.` }] : [];
}

// ---------------------------------------------------------------------------
// Per-kind definitions

export type FormDef<T> = {
  fields: FieldSpec[];
  /** New data with defaults (today's date where a date is required). */
  blank(): T;
  toValues(data: T): FormValues;
  /** Data from the form; fields the form does not show are kept from `base`. */
  fromValues(values: FormValues, base: T): T;
  /** Checks beyond required fields. */
  check?(values: FormValues): FieldError[];
};

const learningGoals: FieldSpec = {
  type: "list",
  name: "goal_tags",
  label: "Learning goals",
  separator: "comma",
  hint: "Separate with commas, e.g. communication, empirical reasoning",
};

export const experienceForm: FormDef<ExperienceData> = {
  fields: [
    { type: "select", name: "kind", label: "Kind", options: EXPERIENCE_KINDS, width: "half" },
    { type: "select", name: "status", label: "Status", options: EXPERIENCE_STATUSES, width: "half" },
    { type: "text", name: "title", label: "Title", required: true, placeholder: "e.g. Internship at the vet clinic" },
    { type: "text", name: "organisation", label: "Organisation", width: "half" },
    { type: "text", name: "location", label: "Location", width: "half" },
    {
      type: "group",
      legend: "Mentor",
      fields: [
        { type: "text", name: "mentor.name", label: "Name", width: "third" },
        { type: "text", name: "mentor.role", label: "Role", width: "third" },
        { type: "text", name: "mentor.contact", label: "Email or phone", width: "third" },
      ],
    },
    { type: "date", name: "start_date", label: "Start date", required: true, width: "third" },
    { type: "date", name: "end_date", label: "End date", hint: "Empty while ongoing", width: "third" },
    { type: "number", name: "hours", label: "Hours", unit: "hours", width: "third" },
    { type: "textarea", name: "description", label: "Description", rows: 6, markdown: true },
    learningGoals,
  ],
  blank: () => ({
    kind: "internship",
    title: "",
    organisation: "",
    location: "",
    mentor: { name: "", role: "", contact: "" },
    start_date: todayIso(),
    end_date: null,
    hours: null,
    description: "",
    goal_tags: [],
    status: "ongoing",
    evidence: [],
  }),
  toValues: (d) => ({
    kind: d.kind,
    title: d.title,
    organisation: d.organisation,
    location: d.location,
    "mentor.name": d.mentor.name,
    "mentor.role": d.mentor.role,
    "mentor.contact": d.mentor.contact,
    start_date: d.start_date,
    end_date: d.end_date ?? "",
    hours: numberText(d.hours),
    description: d.description,
    goal_tags: joinList(d.goal_tags),
    status: d.status,
  }),
  fromValues: (v, base) => ({
    ...base,
    kind: textOf(v, "kind") as ExperienceData["kind"],
    title: textOf(v, "title").trim(),
    organisation: textOf(v, "organisation").trim(),
    location: textOf(v, "location").trim(),
    mentor: {
      ...base.mentor,
      name: textOf(v, "mentor.name").trim(),
      role: textOf(v, "mentor.role").trim(),
      contact: textOf(v, "mentor.contact").trim(),
    },
    start_date: textOf(v, "start_date").trim(),
    end_date: optionalDate(textOf(v, "end_date")),
    hours: parseNumber(textOf(v, "hours")),
    description: textOf(v, "description"),
    goal_tags: splitList(textOf(v, "goal_tags")),
    status: textOf(v, "status") as ExperienceData["status"],
  }),
  check: (v) => [
    ...checkDay(v, "start_date", "Start date"),
    ...checkDay(v, "end_date", "End date"),
    ...checkOrder(v, "start_date", "end_date", "End date cannot be before the start date."),
    ...checkNumber(v, "hours", "Hours"),
  ],
};

export const reflectionForm: FormDef<ReflectionData> = {
  fields: [
    { type: "date", name: "date", label: "Date", required: true, width: "half" },
    { type: "select", name: "visibility", label: "Who can read it", options: VISIBILITIES, width: "half" },
    { type: "text", name: "title", label: "Title", required: true },
    { type: "text", name: "prompt", label: "Prompt", hint: "The question this entry answers, if any" },
    {
      type: "textarea",
      name: "body",
      label: "Entry",
      rows: 10,
      markdown: true,
      placeholder: "What did you do? What did you learn? What will you try next?",
    },
    {
      type: "links",
      name: "experience_ids",
      label: "Linked experiences",
      source: "experience",
      empty: "No experiences to link yet.",
      width: "half",
    },
    { type: "links", name: "goal_ids", label: "Linked goals", source: "goal", empty: "No goals to link yet.", width: "half" },
  ],
  blank: () => ({
    date: todayIso(),
    title: "",
    body: "",
    experience_ids: [],
    goal_ids: [],
    prompt: "",
    visibility: "private",
    evidence: [],
  }),
  toValues: (d) => ({
    date: d.date,
    visibility: d.visibility,
    title: d.title,
    prompt: d.prompt,
    body: d.body,
    experience_ids: [...d.experience_ids],
    goal_ids: [...d.goal_ids],
  }),
  fromValues: (v, base) => ({
    ...base,
    date: textOf(v, "date").trim(),
    visibility: textOf(v, "visibility") as ReflectionData["visibility"],
    title: textOf(v, "title").trim(),
    prompt: textOf(v, "prompt").trim(),
    body: textOf(v, "body"),
    experience_ids: idsOf(v, "experience_ids"),
    goal_ids: idsOf(v, "goal_ids"),
  }),
  check: (v) => checkDay(v, "date", "Date"),
};

export const goalForm: FormDef<GoalData> = {
  fields: [
    { type: "text", name: "statement", label: "Goal", required: true, placeholder: "e.g. Present my research to a real audience" },
    { type: "select", name: "status", label: "Status", options: GOAL_STATUSES, width: "half" },
    { type: "date", name: "target_date", label: "Target date", width: "half" },
    { type: "textarea", name: "why", label: "Why it matters", rows: 3 },
    learningGoals,
    { type: "steps", name: "steps", label: "Action steps" },
    { type: "notes", name: "progress_notes", label: "Progress notes" },
  ],
  blank: () => ({
    statement: "",
    why: "",
    goal_tags: [],
    target_date: null,
    status: "planned",
    steps: [],
    progress_notes: [],
    evidence: [],
  }),
  toValues: (d) => ({
    statement: d.statement,
    status: d.status,
    target_date: d.target_date ?? "",
    why: d.why,
    goal_tags: joinList(d.goal_tags),
    steps: d.steps.map((s) => ({ key: rowKey(), text: s.text, done: s.done })),
    progress_notes: d.progress_notes.map((n) => ({ key: rowKey(), date: n.date, text: n.text })),
  }),
  fromValues: (v, base) => ({
    ...base,
    statement: textOf(v, "statement").trim(),
    status: textOf(v, "status") as GoalData["status"],
    target_date: optionalDate(textOf(v, "target_date")),
    why: textOf(v, "why"),
    goal_tags: splitList(textOf(v, "goal_tags")),
    steps: stepsOf(v, "steps").map((s) => ({ text: s.text.trim(), done: s.done })),
    progress_notes: notesOf(v, "progress_notes").map((n) => ({ date: n.date.trim(), text: n.text })),
  }),
  check: (v) => [
    ...checkDay(v, "target_date", "Target date"),
    ...stepsOf(v, "steps").flatMap((s, i) =>
      s.text.trim() ? [] : [{ field: `steps[${i}].text`, message: `Step ${i + 1} is required.` }],
    ),
    ...notesOf(v, "progress_notes").flatMap((n, i) => [
      ...(n.date.trim() ? [] : [{ field: `progress_notes[${i}].date`, message: "Note date is required." }]),
      ...(n.text.trim() ? [] : [{ field: `progress_notes[${i}].text`, message: `Progress note ${i + 1} is empty.` }]),
    ]),
  ],
};

export const badgeForm: FormDef<BadgeData> = {
  fields: [
    { type: "text", name: "name", label: "Badge name", required: true },
    { type: "text", name: "issuer_name", label: "Issuer", required: true, placeholder: "Who gave you the badge" },
    { type: "date", name: "issued_on", label: "Issued on", required: true, requiredLabel: "Issue date", width: "half" },
    { type: "date", name: "expires_on", label: "Expires on", hint: "Empty if it never expires", width: "half" },
    { type: "textarea", name: "description", label: "Description", rows: 3 },
    { type: "textarea", name: "criteria", label: "What it took to earn it", rows: 3 },
    {
      type: "list",
      name: "evidence_links",
      label: "Evidence links",
      separator: "line",
      hint: "One link per line",
      placeholder: "https://…",
    },
  ],
  blank: () => ({
    name: "",
    issuer_name: "",
    issued_on: todayIso(),
    expires_on: null,
    description: "",
    criteria: "",
    image_ref: null,
    evidence_links: [],
    goal_tags: [],
    attached_keys: [],
    source: "manual",
    original_credential: null,
  }),
  toValues: (d) => ({
    name: d.name,
    issuer_name: d.issuer_name,
    issued_on: d.issued_on,
    expires_on: d.expires_on ?? "",
    description: d.description,
    criteria: d.criteria,
    evidence_links: joinList(d.evidence_links, "line"),
  }),
  // image_ref, source and original_credential come from `base` untouched.
  fromValues: (v, base) => ({
    ...base,
    name: textOf(v, "name").trim(),
    issuer_name: textOf(v, "issuer_name").trim(),
    issued_on: textOf(v, "issued_on").trim(),
    expires_on: optionalDate(textOf(v, "expires_on")),
    description: textOf(v, "description"),
    criteria: textOf(v, "criteria"),
    evidence_links: splitList(textOf(v, "evidence_links"), "line"),
  }),
  check: (v) => [
    ...checkDay(v, "issued_on", "Issue date"),
    ...checkDay(v, "expires_on", "Expiry date"),
    ...checkOrder(v, "issued_on", "expires_on", "Expiry date cannot be before the issue date."),
  ],
};

export const learnerForm: FormDef<LearnerProfile> = {
  fields: [
    { type: "text", name: "name", label: "Full name", requiredLabel: "Name", required: true, autocomplete: "off" },
    { type: "text", name: "preferred_name", label: "Preferred name", hint: "What they like to be called", width: "half" },
    { type: "date", name: "date_of_birth", label: "Date of birth", width: "half" },
    { type: "text", name: "school", label: "School or program", width: "half" },
    { type: "text", name: "cohort", label: "Cohort or grade", width: "half" },
    {
      type: "list",
      name: "interests",
      label: "Interests",
      separator: "comma",
      hint: "Separate with commas, e.g. animals, robotics, music",
    },
    { type: "list", name: "emails", label: "Emails", separator: "comma", hint: "Separate with commas" },
    {
      type: "select",
      name: "framework_id",
      label: "Learning goals framework",
      options: [{ value: "", label: "Big Picture Learning" }],
      hint: "The learning goals used for tags, plans and exhibitions",
    },
  ],
  blank: () => ({
    name: "",
    preferred_name: "",
    date_of_birth: null,
    school: "",
    cohort: "",
    interests: [],
    emails: [],
    framework_id: "",
    photo_sha256: "",
  }),
  toValues: (p) => ({
    name: p.name,
    preferred_name: p.preferred_name,
    date_of_birth: p.date_of_birth ?? "",
    school: p.school,
    cohort: p.cohort,
    interests: joinList(p.interests),
    emails: joinList(p.emails),
    framework_id: p.framework_id === "bpl" ? "" : p.framework_id,
  }),
  fromValues: (v, base) => ({
    ...base,
    name: textOf(v, "name").trim(),
    preferred_name: textOf(v, "preferred_name").trim(),
    date_of_birth: optionalDate(textOf(v, "date_of_birth")),
    school: textOf(v, "school").trim(),
    cohort: textOf(v, "cohort").trim(),
    interests: splitList(textOf(v, "interests")),
    emails: splitList(textOf(v, "emails")),
    framework_id: textOf(v, "framework_id"),
  }),
  check: (v) => checkDay(v, "date_of_birth", "Date of birth"),
};

/**
 * The learner form's fields with the framework select offering `frameworks`
 * (Big Picture Learning's five, id "bpl", as "" = the default).
 */
export function learnerFieldsWith(frameworks: readonly { id: string; name: string }[]): FieldSpec[] {
  const options: Option[] = frameworks.length
    ? frameworks.map((f) => ({ value: f.id === "bpl" ? "" : f.id, label: f.name }))
    : [{ value: "", label: "Big Picture Learning" }];
  if (!options.some((o) => o.value === "")) options.unshift({ value: "", label: "Big Picture Learning" });
  return learnerForm.fields.map((f) => (f.type === "select" && f.name === "framework_id" ? { ...f, options } : f));
}

/** The form of each record kind. */
export const RECORD_FORMS: { [K in PortfolioKind]: FormDef<DataOf<K>> } = {
  experience: experienceForm,
  reflection: reflectionForm,
  goal: goalForm,
  badge: badgeForm,
};

/** Form values for a record (or for a new one when `data` is null). */
export function recordToValues(kind: PortfolioKind, data: RecordData | null): FormValues {
  const def = RECORD_FORMS[kind] as FormDef<unknown>;
  return def.toValues(data && data.kind === kind ? data.data : def.blank());
}

/** The `RecordData` a form describes, keeping fields it does not show from `original`. */
export function valuesToRecord(kind: PortfolioKind, values: FormValues, original: RecordData | null): RecordData {
  const def = RECORD_FORMS[kind] as FormDef<unknown>;
  const base = original && original.kind === kind ? original.data : def.blank();
  // `def` and `kind` belong together (RECORD_FORMS is indexed by kind).
  return { kind, data: def.fromValues(values, base) } as RecordData;
}

/** Whether two sets of values differ (for "discard unsaved changes?"). */
export function valuesDiffer(a: FormValues, b: FormValues): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** A DOM id for an input: `rec-mentor-name`, `rec-steps-1--text`. */
export function fieldId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
