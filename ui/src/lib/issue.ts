// Pure logic of issuing badges and of issuer keys: the issue form's checks and
// the request it sends, how issuers and the recipient are shown, the key
// backup's passphrase checks, and the public keys attached to a badge.

import type { ApiError } from "./bindings/ApiError";
import type { BadgeData } from "./bindings/BadgeData";
import type { IssueRequest } from "./bindings/IssueRequest";
import type { Issuer } from "./bindings/Issuer";
import type { LearnerProfile } from "./bindings/LearnerProfile";

// ---------------------------------------------------------------------------
// The issue form

export type IssueDraft = {
  issuerId: string;
  name: string;
  description: string;
  criteria: string;
};

/** Where an error of the issue form shows: a field, or "" (above the form). */
export type IssueField = "issuer" | "name" | "description" | "criteria" | "";

export function blankIssueDraft(issuerId = ""): IssueDraft {
  return { issuerId, name: "", description: "", criteria: "" };
}

/** The client-side checks: every field is required. Empty result = fine. */
export function validateIssueDraft(d: IssueDraft): Partial<Record<IssueField, string>> {
  const errors: Partial<Record<IssueField, string>> = {};
  if (!d.issuerId.trim()) errors.issuer = "Choose who issues the badge, or create a new issuer.";
  if (!d.name.trim()) errors.name = "Give the badge a name.";
  if (!d.description.trim()) errors.description = "Say what the badge is for.";
  if (!d.criteria.trim()) errors.criteria = "Say what the learner did to earn it.";
  return errors;
}

/** The request `issue_badge` takes (texts trimmed). */
export function buildIssueRequest(d: IssueDraft, learnerId: string): IssueRequest {
  return {
    issuer_id: d.issuerId.trim(),
    learner_id: learnerId,
    name: d.name.trim(),
    description: d.description.trim(),
    criteria: d.criteria.trim(),
  };
}

/** Which form field an error field of the core belongs to. */
function issueFieldOf(field: string): IssueField {
  const f = field.replace(/^request\./, "");
  if (f === "issuer_id" || f === "issuer") return "issuer";
  if (f === "name" || f === "description" || f === "criteria") return f;
  return "";
}

/** A failed `issue_badge` as messages per form field (unplaced ones under ""). */
export function issueErrors(e: ApiError): Partial<Record<IssueField, string>> {
  const out: Partial<Record<IssueField, string>> = {};
  if (e.fields.length === 0) {
    out[""] = e.message;
    return out;
  }
  for (const f of e.fields) {
    const k = issueFieldOf(f.field);
    out[k] = out[k] ? `${out[k]} ${f.message}` : f.message;
  }
  return out;
}

/** "Ms Rivera" or "Maya Johnson (self-asserted)" for the issuer select. */
export function issuerLabel(i: Pick<Issuer, "name" | "self_asserted">): string {
  return i.self_asserted ? `${i.name} (self-asserted)` : i.name;
}

/** Who receives the badge: the learner's name, their first email (if any) and a note when there is none. */
export function recipientSummary(p: Pick<LearnerProfile, "name" | "emails">): { name: string; email: string | null; note: string } {
  const email = p.emails.map((e) => e.trim()).find(Boolean) ?? null;
  return {
    name: p.name,
    email,
    note: email
      ? "The badge names them by this email address, so anyone can check it was issued to them."
      : "This learner has no email address, so the badge names them only by name. Add an email in their profile to make it easier to prove it is theirs.",
  };
}

// ---------------------------------------------------------------------------
// Key backup

export const MIN_PASSPHRASE = 8;
export const KEY_BACKUP_FILE = "issuer-key.json";

/** Checks of the backup passphrase and its confirmation. Empty result = fine. */
export function passphraseErrors(passphrase: string, confirm: string): { passphrase?: string; confirm?: string } {
  const out: { passphrase?: string; confirm?: string } = {};
  if ([...passphrase].length < MIN_PASSPHRASE) out.passphrase = `Use at least ${MIN_PASSPHRASE} characters.`;
  else if (confirm !== passphrase) out.confirm = "The two passphrases do not match.";
  return out;
}

// ---------------------------------------------------------------------------
// Issuer public keys attached to a badge

/** Roughly what kind of key a text is, for the list ("PEM", "JWK", "did:key"); null = not recognised. */
export function keyKind(text: string): "PEM" | "JWK" | "did:key" | null {
  const t = text.trim();
  if (/^-----BEGIN [A-Z0-9 ]*KEY-----[\s\S]+-----END [A-Z0-9 ]*KEY-----$/.test(t)) return "PEM";
  if (/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/.test(t)) return "did:key";
  if (t.startsWith("{")) {
    try {
      const j = JSON.parse(t) as unknown;
      if (typeof j === "object" && j !== null && typeof (j as Record<string, unknown>).kty === "string") return "JWK";
    } catch {
      return null;
    }
  }
  return null;
}

/** A short label of an attached key for the list. */
export function keySummary(text: string): string {
  const t = text.trim();
  const kind = keyKind(t);
  if (kind === "did:key") return t.length > 40 ? `${t.slice(8, 20)}…${t.slice(-8)}` : t.slice(8);
  if (kind === "JWK") {
    try {
      const j = JSON.parse(t) as Record<string, unknown>;
      const parts = [j.kty, j.crv, j.kid].filter((x): x is string => typeof x === "string");
      return `JWK (${parts.join(", ")})`;
    } catch {
      return "JWK";
    }
  }
  if (kind === "PEM") {
    const label = /^-----BEGIN ([A-Z0-9 ]*KEY)-----/.exec(t)?.[1] ?? "KEY";
    const body = t.replace(/-----[A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
    return `PEM ${label.toLowerCase()} …${body.slice(-12, -2) || body}`;
  }
  return t.length > 40 ? `${t.slice(0, 36)}…` : t;
}

/** Normalises a key for comparison (whitespace of PEM/JWK does not matter). */
function keyIdentity(text: string): string {
  const t = text.trim();
  if (keyKind(t) === "JWK") {
    try {
      return JSON.stringify(JSON.parse(t));
    } catch {
      return t;
    }
  }
  return t.replace(/\s+/g, "");
}

/**
 * The attached keys after adding `text`: trimmed, not empty, a recognised
 * PEM/JWK/did:key, not already attached. Returns the new list or the reason.
 */
export function addAttachedKey(keys: readonly string[], text: string): { keys: string[] } | { error: string } {
  const t = text.trim();
  if (!t) return { error: "Paste the issuer's public key, or load it from a file." };
  if (!keyKind(t)) return { error: "This does not look like a public key: paste a PEM block, a JWK (JSON) or a did:key." };
  if (/PRIVATE KEY-----/.test(t) || /"d"\s*:/.test(t))
    return { error: "This is a private key. Attach only the issuer's public key; keep private keys secret." };
  const id = keyIdentity(t);
  if (keys.some((k) => keyIdentity(k) === id)) return { error: "This key is already attached to the badge." };
  return { keys: [...keys, t] };
}

/** The attached keys without the one at `index`. */
export function removeAttachedKey(keys: readonly string[], index: number): string[] {
  return keys.filter((_, i) => i !== index);
}

/** The badge data with only its attached keys changed (original credential, goal tags… kept). */
export function withAttachedKeys(d: BadgeData, keys: string[]): BadgeData {
  return { ...d, attached_keys: keys };
}
