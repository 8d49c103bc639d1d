// Forms, declared once per kind and rendered by generic components.
//
// A form edits `FormValues`: a flat map from *input name* to what the input
// holds (text as typed, ids of linked records, checklist rows). Input names are
// the data's field paths (`title`, `mentor.name`, `steps[1].text`), so the
// core's validation errors land on the right input without a lookup table.
// Each kind's `FormDef` converts data ⇄ values and adds checks of its own;
// required fields are checked generically from the field list.

import type { FieldError } from "./bindings/FieldError";
import type { Option } from "./kinds";

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
  /** Learning goals of the learner's framework (checkboxes; names shown, ids stored). */
  | (Base & { type: "goals" })
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

// ---------------------------------------------------------------------------
// A form (the per-kind ones are in recordForms.ts)

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

/** Whether two sets of values differ (for "discard unsaved changes?"). */
export function valuesDiffer(a: FormValues, b: FormValues): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** A DOM id for an input: `rec-mentor-name`, `rec-steps-1--text`. */
export function fieldId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
