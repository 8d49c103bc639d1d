// Photos, files and links attached as evidence to experiences, journal entries,
// goals, plan goals and exhibition items: pure helpers for the Evidence section of the detail view (media
// URLs, the headers `attach_evidence` takes, list edits, result rows).

import type { AnyRecord } from "./bindings/AnyRecord";
import type { ApiError } from "./bindings/ApiError";
import type { AttachOutcome } from "./bindings/AttachOutcome";
import type { Evidence } from "./bindings/Evidence";
import type { ExhibitionData } from "./bindings/ExhibitionData";
import type { PlanData } from "./bindings/PlanData";
import type { RecordData } from "./bindings/RecordData";
import { formatSize } from "./archive";

/** Sizes in kB/MB, the same as backups show. */
export { formatSize };

/** The record kinds that take evidence themselves. */
export type EvidenceKind = "experience" | "reflection" | "goal";
/** Every kind that holds evidence: the record itself, or a plan goal / exhibition item (with a part). */
export type EvidencePlaceKind = EvidenceKind | "plan" | "exhibition";
/** The derivative sizes `lp-media` serves, as `portfolio_media::Variant` names them (320, 1600 and 2400 px). */
export type MediaVariant = "thumb" | "screen" | "print";

/** Records that carry an evidence list. */
export type EvidenceRecord = Extract<AnyRecord, { kind: EvidenceKind }>;

export function hasEvidence(r: AnyRecord): r is EvidenceRecord {
  return r.kind === "experience" || r.kind === "reflection" || r.kind === "goal";
}

// ---------------------------------------------------------------------------
// Media URLs

function currentUserAgent(): string {
  return typeof navigator === "undefined" ? "" : navigator.userAgent;
}

/**
 * The URL of a stored file on the `lp-media` scheme: `lp-media://localhost/<sha>/<variant>`
 * (Linux, macOS), `http://lp-media.localhost/<sha>/<variant>` on Windows (WebView2).
 */
export function mediaUrl(sha256: string, variant: MediaVariant, userAgent: string = currentUserAgent()): string {
  const path = `${encodeURIComponent(sha256)}/${variant}`;
  return userAgent.includes("Windows") ? `http://lp-media.localhost/${path}` : `lp-media://localhost/${path}`;
}

/** The thumbnail URL of a learner's own photo, or null when they have none (show initials). */
export function learnerPhotoUrl(photoSha256: string, userAgent: string = currentUserAgent()): string | null {
  return photoSha256 ? mediaUrl(photoSha256, "thumb", userAgent) : null;
}

// ---------------------------------------------------------------------------
// Attaching files

/**
 * The headers of an `attach_evidence` call (the name percent-encoded: headers are ASCII).
 * `part` is a plan goal's id or an exhibition item's number (1 = first).
 */
export function attachHeaders(kind: EvidencePlaceKind, recordId: string, fileName: string, part?: string): Record<string, string> {
  const headers: Record<string, string> = { "x-kind": kind, "x-id": recordId, "x-name": encodeURIComponent(fileName) };
  if (part) headers["x-part"] = encodeURIComponent(part);
  return headers;
}

/** The headers of a `set_learner_photo` call (the name percent-encoded: headers are ASCII). */
export function learnerPhotoHeaders(learnerId: string, fileName: string): Record<string, string> {
  return { "x-id": learnerId, "x-name": encodeURIComponent(fileName) };
}

export type AttachState = "waiting" | "uploading" | "added" | "already_attached" | "refused";

/** One file of an attach run. */
export type AttachRow = { file: string; state: AttachState; message: string; notice: string | null };

export function waitingRow(file: string): AttachRow {
  return { file, state: "waiting", message: "Waiting…", notice: null };
}

export function uploadingRow(file: string): AttachRow {
  return { file, state: "uploading", message: "Adding…", notice: null };
}

/** The row for what attaching one file did. */
export function attachRow(file: string, result: { ok: AttachOutcome } | { error: ApiError }): AttachRow {
  if ("error" in result) return { file, state: "refused", message: `Not added — ${result.error.message}`, notice: null };
  const o = result.ok;
  switch (o.status) {
    case "already_attached":
      return { file, state: "already_attached", message: "Already attached to this record.", notice: o.notice };
    case "duplicate":
      return { file, state: "added", message: "Added (the same file was already stored; it is shared).", notice: o.notice };
    default:
      return { file, state: "added", message: "Added.", notice: o.notice };
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Adding 2 of 5…" while busy, then "3 files added, 1 already attached, 1 not added". */
export function attachSummary(rows: readonly AttachRow[]): string {
  const busy = rows.some((r) => r.state === "waiting" || r.state === "uploading");
  if (busy) {
    const done = rows.filter((r) => r.state !== "waiting" && r.state !== "uploading").length;
    return `Adding ${Math.min(done + 1, rows.length)} of ${rows.length}…`;
  }
  const added = rows.filter((r) => r.state === "added").length;
  const already = rows.filter((r) => r.state === "already_attached").length;
  const refused = rows.filter((r) => r.state === "refused").length;
  const parts = [`${plural(added, "file", "files")} added`];
  if (already) parts.push(`${already} already attached`);
  if (refused) parts.push(`${refused} not added`);
  return parts.join(", ");
}

// ---------------------------------------------------------------------------
// The evidence list

/** A stable key for an entry (file hash, or the link's address). */
export function evidenceKey(e: Evidence): string {
  return e.sha256 ? `file:${e.sha256}` : `link:${e.url}`;
}

export function isImage(e: Evidence): boolean {
  return e.kind === "image" && e.sha256 !== "";
}

/** An image without a description cannot go into an export. */
export function needsAlt(e: Evidence): boolean {
  return e.kind === "image" && e.alt.trim() === "";
}

/** What a user may change on an entry. */
export type EvidenceEdit = Partial<Pick<Evidence, "caption" | "alt" | "shows_others">>;

/** The list with entry `index` changed by `edit`; every other entry (and field) untouched. */
export function updateEvidenceAt(list: readonly Evidence[], index: number, edit: EvidenceEdit): Evidence[] {
  return list.map((e, i) => (i === index ? { ...e, ...edit } : e));
}

/** The list without entry `index`. */
export function removeEvidenceAt(list: readonly Evidence[], index: number): Evidence[] {
  return list.filter((_, i) => i !== index);
}

/** The record's data with `evidence` replaced, nothing else changed. */
export function withEvidence(r: EvidenceRecord, evidence: Evidence[]): RecordData {
  switch (r.kind) {
    case "experience":
      return { kind: "experience", data: { ...r.data, evidence } };
    case "reflection":
      return { kind: "reflection", data: { ...r.data, evidence } };
    case "goal":
      return { kind: "goal", data: { ...r.data, evidence } };
  }
}

/** The plan with goal `goalId`'s evidence replaced (nothing else changed; an unknown goal changes nothing). */
export function withPlanGoalEvidence(plan: PlanData, goalId: string, evidence: Evidence[]): PlanData {
  return {
    ...plan,
    content: { ...plan.content, goals: plan.content.goals.map((g) => (g.id === goalId ? { ...g, evidence } : g)) },
  };
}

/** The exhibition with item `index`'s evidence replaced (nothing else changed). */
export function withItemEvidence(exhibition: ExhibitionData, index: number, evidence: Evidence[]): ExhibitionData {
  return { ...exhibition, items: exhibition.items.map((it, i) => (i === index ? { ...it, evidence } : it)) };
}

/**
 * A link typed by the user as an entry, or an error. "example.org/x" gets
 * `https://`; only http(s) addresses are taken; the title defaults to the address.
 */
export function linkEvidence(
  urlText: string,
  title: string,
  existing: readonly Evidence[] = [],
): { ok: Evidence } | { error: string } {
  let url = urlText.trim();
  if (url === "") return { error: "Enter a web address." };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `https://${url}`;
  if (!/^https?:\/\/[^\s/]+\.[^\s]+$|^https?:\/\/localhost(:\d+)?(\/\S*)?$/i.test(url) || /\s/.test(url))
    return { error: "That does not look like a web address (https://…)." };
  if (existing.some((e) => e.kind === "link" && e.url === url)) return { error: "This link is already attached." };
  return {
    ok: {
      sha256: "",
      url,
      name: title.trim() || url,
      kind: "link",
      mime: "",
      // u64 in the core; sent as a JSON number (a real bigint cannot be serialised).
      size: 0 as unknown as bigint,
      caption: "",
      alt: "",
      shows_others: false,
    },
  };
}

