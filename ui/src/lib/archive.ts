// Portfolio archives and backups: pure helpers for the "Portfolio & backups"
// dialog and the store error page (labels, sizes, import summaries).

import type { ApiError } from "./bindings/ApiError";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { Conflict, ImportReport } from "./api";

/** A backup's reason (`daily`, `before-import`, `before-restore`, `manual`) in words. */
export function backupReasonLabel(reason: string): string {
  switch (reason.trim().toLowerCase().replace(/_/g, "-")) {
    case "daily":
      return "Daily";
    case "before-import":
      return "Before import";
    case "before-restore":
      return "Before restore";
    case "manual":
      return "Made by you";
    default:
      return reason ? reason.charAt(0).toUpperCase() + reason.slice(1).replace(/[-_]/g, " ") : "Backup";
  }
}

/** Bytes as "512 bytes", "12.3 kB" or "4.5 MB" (decimal units, as file managers show them). */
export function formatSize(bytes: number | bigint, locale?: string): string {
  const n = Math.max(0, Number(bytes));
  if (!Number.isFinite(n)) return "";
  const fmt = (v: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
  if (n < 1000) return `${fmt(n, 0)} ${n === 1 ? "byte" : "bytes"}`;
  if (n < 1_000_000) return `${fmt(n / 1000, n < 10_000 ? 1 : 0)} kB`;
  if (n < 1_000_000_000) return `${fmt(n / 1_000_000, 1)} MB`;
  return `${fmt(n / 1_000_000_000, 1)} GB`;
}

/** A backup as one line's parts: when (local date and time), why, how big. */
export function backupParts(b: BackupInfo, locale?: string): { when: string; reason: string; size: string } {
  const date = new Date(b.created);
  const when = Number.isNaN(date.getTime())
    ? b.created
    : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
  return { when, reason: backupReasonLabel(b.reason), size: formatSize(b.size, locale) };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 records added, 1 updated, 2 kept as they were" (+ learners and frameworks). */
export function importSummary(r: ImportReport): string {
  const parts = [
    `${plural(r.added, "record", "records")} added`,
    `${r.updated} updated`,
    `${r.kept} kept as ${r.kept === 1 ? "it was" : "they were"}`,
  ];
  let text = parts.join(", ");
  if (r.frameworks_added > 0) text += `; ${plural(r.frameworks_added, "framework", "frameworks")} added`;
  if (r.conflicts.length > 0)
    text += `; ${plural(r.conflicts.length, "conflict", "conflicts")} (your version was kept)`;
  return `${text}.`;
}

const OUTCOME: Record<string, string> = {
  added: "added",
  copied: "added as a copy",
  updated: "updated",
  kept: "already here, kept",
};

/** One line per learner of the archive: "Maya Okafor — added as a copy". */
export function learnerOutcomes(r: ImportReport): string[] {
  return r.learners.map((l) => `${l.name} — ${OUTCOME[l.outcome] ?? l.outcome}`);
}

export type ConflictRow = {
  key: string;
  /** "Experience", "Learner", … */
  kind: string;
  /** The version kept (this computer's). */
  local: string;
  /** The archive's version (not imported). */
  archive: string;
  /** "changed here Sep 1, 2026, 10:00 · in the archive Sep 1, 2026, 10:00" */
  when: string;
};

function kindLabel(kind: string): string {
  const k = kind.replace(/_/g, " ");
  return k ? k.charAt(0).toUpperCase() + k.slice(1) : "Record";
}

function stamp(ts: string, locale?: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** The conflicts of an import as rows showing both titles. */
export function conflictRows(conflicts: Conflict[], locale?: string): ConflictRow[] {
  return conflicts.map((c, i) => ({
    key: `${c.kind}:${c.id}:${i}`,
    kind: kindLabel(c.kind),
    local: c.local_title || "(untitled)",
    archive: c.archive_title || "(untitled)",
    when: `changed here ${stamp(c.local_updated, locale)} · in the archive ${stamp(c.archive_updated, locale)}`,
  }));
}

/** True when the core refused an "auto" import because a learner already exists (copy or merge?). */
export function needsImportChoice(e: ApiError): boolean {
  return e.code === "invalid_input" && /already has .*as a copy or merge/i.test(e.message);
}

/** A success message after an export of `bytes`. */
export function exportMessage(bytes: number, who: string | null): string {
  const what = who ? `${who}'s portfolio` : "Every learner's portfolio";
  return `${what} was saved (${formatSize(bytes)}).`;
}
