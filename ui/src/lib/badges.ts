// Pure logic of badge import and verification: how a check's status is shown,
// which badge image can be shown (data: URLs only, the CSP allows no blob:),
// files as the byte arrays the core takes, and the rows of the import panel.

import type { AnyRecord } from "./bindings/AnyRecord";
import type { ApiError } from "./bindings/ApiError";
import type { BadgeCheck } from "./bindings/BadgeCheck";
import type { BadgeData } from "./bindings/BadgeData";
import type { BadgeImport } from "./bindings/BadgeImport";
import type { WalletItem } from "./bindings/WalletItem";
import type { IconName } from "./icons";

/** Colour of a verification pill: green, amber, red or grey. */
export type CheckTone = "success" | "warning" | "danger" | "muted";

export type StatusInfo = {
  /** The word shown in the pill. */
  label: string;
  /** A longer explanation (the pill's tooltip). */
  hint: string;
  tone: CheckTone;
  icon: IconName;
};

const STATUS_INFO: Record<string, StatusInfo> = {
  verified: { label: "Verified", hint: "The signature was checked on this device.", tone: "success", icon: "check" },
  expired: { label: "Expired", hint: "The badge is past its expiry date.", tone: "warning", icon: "clock" },
  not_yet_valid: {
    label: "Not yet valid",
    hint: "The badge is dated in the future: it only becomes valid from the date it gives.",
    tone: "warning",
    icon: "clock",
  },
  revoked: { label: "Revoked", hint: "The issuer has withdrawn this badge.", tone: "danger", icon: "x" },
  invalid: { label: "Signature invalid", hint: "The signature does not match the badge.", tone: "danger", icon: "x" },
  unverifiable_offline: {
    label: "Cannot verify offline",
    hint: "Checking this badge needs the issuer's website.",
    tone: "warning",
    icon: "alert",
  },
  unsupported: { label: "Unsupported", hint: "This kind of credential cannot be checked here.", tone: "muted", icon: "alert" },
  malformed: { label: "Not a badge / damaged", hint: "The file is not a badge, or it is damaged.", tone: "danger", icon: "alert" },
  manual: { label: "Entered by hand", hint: "Typed in by hand; there is nothing to verify.", tone: "muted", icon: "pencil" },
};

/** How a check status is shown; unknown statuses are shown grey, as they are. */
export function statusInfo(status: string): StatusInfo {
  return STATUS_INFO[status] ?? { label: status || "Unknown", hint: "", tone: "muted", icon: "dot" };
}

/** "Open Badges 2.0", "Open Badges 3.0", "CLR"; `null` and unknown stay readable. */
export function formatLabel(format: string | null): string {
  switch (format) {
    case "ob2":
      return "Open Badges 2.0";
    case "ob3":
      return "Open Badges 3.0";
    case "clr":
      return "Comprehensive Learner Record (CLR)";
    case null:
    case "":
      return "Unknown";
    default:
      return format;
  }
}

/** The recipient line, or null when the check could not tell. */
export function recipientLine(matches: boolean | null): { text: string; tone: CheckTone } | null {
  if (matches === null) return null;
  return matches
    ? { text: "Issued to one of this learner's emails", tone: "success" }
    : { text: "Issued to someone else's email — check before relying on it", tone: "warning" };
}

// ---------------------------------------------------------------------------
// Badge images

const PNG_BASE64_PREFIX = "iVBORw0KGgo";

/** Decodes the start of a base64 string as Latin-1 text ("" when it is not base64). */
function decodePrefix(b64: string, chars = 8192): string {
  const clean = b64.replace(/\s+/g, "");
  const cut = clean.slice(0, chars - (chars % 4));
  try {
    return atob(cut);
  } catch {
    return "";
  }
}

/** Whether base64 data is a PNG file. */
export function isPngBase64(b64: string): boolean {
  return b64.replace(/^\s+/, "").startsWith(PNG_BASE64_PREFIX);
}

/** Whether base64 data is an SVG file (XML text with an `<svg` element). */
export function isSvgBase64(b64: string): boolean {
  const text = decodePrefix(b64).replace(/^\u00ef\u00bb\u00bf/, "").trimStart();
  return text.startsWith("<") && text.includes("<svg");
}

/** The kind of image base64 data holds, if any. */
export function imageKind(b64: string): "png" | "svg" | null {
  if (isPngBase64(b64)) return "png";
  if (isSvgBase64(b64)) return "svg";
  return null;
}

/** Data URIs of images that may be shown as they are. */
const SAFE_DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;

/**
 * The badge's image as a `data:` URL: the original credential when it is a
 * baked PNG or SVG, else `image_ref` when it is a data: URI of an image, else
 * null (show the badge icon).
 */
export function badgeImageSrc(d: Pick<BadgeData, "original_credential" | "image_ref">): string | null {
  const cred = d.original_credential?.replace(/\s+/g, "") ?? "";
  if (cred) {
    const kind = imageKind(cred);
    if (kind === "png") return `data:image/png;base64,${cred}`;
    if (kind === "svg") return `data:image/svg+xml;base64,${cred}`;
  }
  const ref = d.image_ref?.trim() ?? "";
  if (SAFE_DATA_IMAGE.test(ref)) return ref;
  return null;
}

// ---------------------------------------------------------------------------
// Files

/** The bytes of a file as the plain number array `import_badge` takes. */
export async function fileToBytes(file: Blob): Promise<number[]> {
  return Array.from(new Uint8Array(await file.arrayBuffer()));
}

export { dragHasFiles } from "./filedrop";

/** File extensions the file picker offers (the content decides in the end). */
export const BADGE_FILE_ACCEPT = ".png,.svg,.json,.jwt,.jws,.txt";

// ---------------------------------------------------------------------------
// Import results

export type ImportState = "waiting" | "importing" | "added" | "duplicate" | "refused";

/** One row of the import panel: one file. */
export type ImportRow = {
  file: string;
  state: ImportState;
  /** Names of the badges added (a CLR gives several). */
  names: string[];
  /** The learner record (CLR) they came from, as “name” (issuer); absent otherwise. */
  group?: string | null;
  /** The check status of the file, when added. */
  status: string | null;
  /** What to say after the file name. */
  message: string;
  /** The badge records added. */
  records: AnyRecord[];
  /** For a Learner Credential Wallet backup: each credential in it and what its import did. */
  wallet?: WalletItem[];
};

export function pendingRow(file: string): ImportRow {
  return { file, state: "waiting", names: [], status: null, message: "Waiting…", records: [] };
}

/** Whether a refusal says the badge is already in the portfolio. */
export function isDuplicateError(e: ApiError): boolean {
  return /already in this portfolio/i.test(e.message);
}

/** The row of a file once the core answered. */
export function importRow(file: string, outcome: { ok: BadgeImport } | { error: ApiError }): ImportRow {
  if ("ok" in outcome) {
    const records = outcome.ok.records;
    const names = records.map((r) => (r.kind === "badge" ? r.data.name : "")).filter(Boolean);
    const what = names.length === 0 ? "nothing" : names.length === 1 ? "1 badge" : `${names.length} badges`;
    const clr = outcome.ok.check.clr;
    const wallet = outcome.ok.wallet ?? [];
    if (wallet.length) {
      const n = (o: WalletItem["outcome"]) => wallet.filter((w) => w.outcome === o).length;
      const parts = [`${n("imported")} added`];
      if (n("duplicate")) parts.push(`${n("duplicate")} already here`);
      if (n("refused")) parts.push(`${n("refused")} not imported`);
      return {
        file,
        state: "added",
        names,
        group: null,
        status: outcome.ok.check.status,
        message: `Wallet backup of ${wallet.length} credentials: ${parts.join(", ")}`,
        records,
        wallet,
      };
    }
    const from = clr ? ` from the learner record “${clr.name}” (${clr.issuer_name})` : "";
    return {
      file,
      state: "added",
      names,
      group: clr ? `“${clr.name}” (${clr.issuer_name})` : null,
      status: outcome.ok.check.status,
      message: `Added ${what}${from}: ${names.join(", ")}`,
      records,
    };
  }
  const e = outcome.error;
  if (isDuplicateError(e)) {
    return { file, state: "duplicate", names: [], status: null, message: `Skipped — ${e.message}`, records: [] };
  }
  return { file, state: "refused", names: [], status: null, message: `Not imported — ${e.message}`, records: [] };
}

/** "2 added, 1 skipped, 1 refused" for the panel's heading. */
export function importSummary(rows: readonly ImportRow[]): string {
  const count = (s: ImportState) => rows.filter((r) => r.state === s).length;
  const pending = count("waiting") + count("importing");
  if (pending) return `Importing ${rows.length - pending + 1} of ${rows.length}…`;
  const badges = rows.reduce((n, r) => n + (r.state === "added" ? r.records.length : 0), 0);
  const parts = [`${badges} ${badges === 1 ? "badge" : "badges"} added`];
  if (count("duplicate")) parts.push(`${count("duplicate")} already here`);
  if (count("refused")) parts.push(`${count("refused")} not imported`);
  return parts.join(", ");
}

/** The badge to select after an import: the last one added. */
export function newestImported(rows: readonly ImportRow[]): AnyRecord | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const recs = rows[i]?.records ?? [];
    const last = recs[recs.length - 1];
    if (last) return last;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Learning goals of a badge

/**
 * The badge's goal tags after the checkboxes changed: tags the framework does
 * not know are kept first, then the ticked goals in framework order.
 */
export function mergeGoalTags(current: readonly string[], frameworkGoalIds: readonly string[], ticked: ReadonlySet<string>): string[] {
  const known = new Set(frameworkGoalIds);
  const kept = current.filter((t) => !known.has(t));
  return [...new Set([...kept, ...frameworkGoalIds.filter((id) => ticked.has(id))])];
}

/** The badge data with only its goal tags changed. */
export function withGoalTags(d: BadgeData, goalTags: string[]): BadgeData {
  return { ...d, goal_tags: goalTags };
}

export type { BadgeCheck, BadgeImport };
