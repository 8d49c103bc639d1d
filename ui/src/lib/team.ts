// What the UI says about the learning team: roles, short device keys, the
// sync indicator's tone, comment targets and unread counts per section.
// Pure functions (tested in team.test.ts); the live state is team.svelte.ts.

import type { AuthorRole } from "./bindings/AuthorRole";
import type { SignatureStatus } from "./bindings/SignatureStatus";
import type { SyncState } from "./bindings/SyncState";
import type { UnreadCount } from "./bindings/UnreadCount";
import type { Option } from "./kinds";

export const ROLE_LABEL: Record<AuthorRole, string> = {
  student: "Student",
  advisor: "Advisor",
  family: "Family",
  mentor: "Mentor",
};

/** Roles a student can invite. */
export const INVITE_ROLES: readonly Option<AuthorRole>[] = [
  { value: "advisor", label: "Advisor" },
  { value: "family", label: "Family" },
  { value: "mentor", label: "Mentor" },
];

/** A device key short enough to read aloud: `did:key:z6MkhaXg…3uVw`. */
export function shortDid(did: string): string {
  const key = did.startsWith("did:key:") ? did.slice(8) : did;
  return key.length <= 16 ? did : `did:key:${key.slice(0, 8)}…${key.slice(-4)}`;
}

/** How the sync indicator looks for a state (never a spinner: every state is words). */
export function syncTone(state: SyncState): "success" | "warning" | "danger" | "muted" {
  switch (state) {
    case "up_to_date":
      return "success";
    case "waiting":
    case "not_synced_yet":
      return "warning";
    case "unreachable":
      return "danger";
    default:
      return "muted";
  }
}

/** What a removal tells the student about what the person keeps. */
export function removalSentence(name: string, keeps: string, note: string | null): string {
  return [`${name} is no longer on the team.`, keeps, note ?? ""].filter((s) => s.trim()).join(" ");
}

/** The comment target of a record (`experience:ID`) or of a part of one (`plan:ID#GOAL`). */
export function commentTarget(kind: string, id: string, part?: string): string {
  return part ? `${kind}:${id}#${part}` : `${kind}:${id}`;
}

/** Unread comments summed per record kind (`experience:…` and `plan:…#goal` count for their kind). */
export function unreadByKind(counts: readonly UnreadCount[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) {
    const kind = c.on.split(":")[0] ?? "";
    out[kind] = (out[kind] ?? 0) + c.count;
  }
  return out;
}

/** Unread comments on one record (its parts included). */
export function unreadOn(counts: readonly UnreadCount[], kind: string, id: string): number {
  const on = commentTarget(kind, id);
  return counts.filter((c) => c.on === on || c.on.startsWith(`${on}#`)).reduce((n, c) => n + c.count, 0);
}

/** Unread comments on exactly one target (a plan goal, an exhibition item). */
export function unreadAt(counts: readonly UnreadCount[], on: string): number {
  return counts.find((c) => c.on === on)?.count ?? 0;
}

/** "1 new comment", "3 new comments". */
export function newComments(n: number): string {
  return `${n} new ${n === 1 ? "comment" : "comments"}`;
}

/** What a team member's device says on a replica's read views. */
export function replicaSentence(learnerName: string): string {
  return `This portfolio belongs to ${learnerName.trim() || "the student"}; you can comment and sign.`;
}

/** A signature's check in words, and its tone. */
export function signatureText(s: SignatureStatus): { label: string; tone: "success" | "muted" | "danger" } {
  switch (s.status) {
    case "valid":
      return { label: "Signature valid", tone: "success" };
    case "earlier_revision":
      return { label: `Valid for revision ${s.revision} (not this one)`, tone: "muted" };
    case "invalid":
      return { label: `Invalid: ${s.reason}`, tone: "danger" };
  }
}

/** True when `url` looks like a relay address the core accepts. */
export function isRelayUrl(url: string): boolean {
  return /^wss?:\/\/[^\s/]+/.test(url.trim());
}
