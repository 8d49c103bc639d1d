// Each form declared once: the four portfolio kinds and the learner profile
// (fields, data ⇄ values, checks of their own). The generic machinery is in
// forms.ts.

import type { BadgeData } from "./bindings/BadgeData";
import type { ExperienceData } from "./bindings/ExperienceData";
import type { FieldError } from "./bindings/FieldError";
import type { GoalData } from "./bindings/GoalData";
import type { LearnerProfile } from "./bindings/LearnerProfile";
import type { RecordData } from "./bindings/RecordData";
import type { ReflectionData } from "./bindings/ReflectionData";
import { parseDay, todayIso } from "./dates";
import {
  idsOf,
  joinList,
  notesOf,
  numberText,
  optionalDate,
  parseNumber,
  rowKey,
  splitList,
  stepsOf,
  textOf,
  type FieldSpec,
  type FormDef,
  type FormValues,
} from "./forms";
import { EXPERIENCE_KINDS, EXPERIENCE_STATUSES, GOAL_STATUSES, VISIBILITIES, type DataOf, type Option, type PortfolioKind } from "./kinds";

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

const learningGoals: FieldSpec = {
  type: "goals",
  name: "goal_tags",
  label: "Learning goals",
  hint: "The learning goals of your framework this counts towards",
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
    goal_tags: [...d.goal_tags],
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
    goal_tags: idsOf(v, "goal_tags"),
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
    goal_tags: [...d.goal_tags],
    steps: d.steps.map((s) => ({ key: rowKey(), text: s.text, done: s.done })),
    progress_notes: d.progress_notes.map((n) => ({ key: rowKey(), date: n.date, text: n.text })),
  }),
  fromValues: (v, base) => ({
    ...base,
    statement: textOf(v, "statement").trim(),
    status: textOf(v, "status") as GoalData["status"],
    target_date: optionalDate(textOf(v, "target_date")),
    why: textOf(v, "why"),
    goal_tags: idsOf(v, "goal_tags"),
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

