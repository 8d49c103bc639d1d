import { describe, expect, it } from "vitest";
import { testBadge, testCheck } from "./testData";
import {
  badgeImageSrc,
  dragHasFiles,
  fileToBytes,
  formatLabel,
  imageKind,
  importRow,
  importSummary,
  isPngBase64,
  isSvgBase64,
  mergeGoalTags,
  newestImported,
  pendingRow,
  recipientLine,
  statusInfo,
  withGoalTags,
} from "./badges";

const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const b64 = (text: string) => btoa(text);

const badge = testBadge;

const check = testCheck;

describe("status labels and tones", () => {
  it.each([
    ["verified", "Verified", "success"],
    ["expired", "Expired", "warning"],
    ["not_yet_valid", "Not yet valid", "warning"],
    ["revoked", "Revoked", "danger"],
    ["invalid", "Signature invalid", "danger"],
    ["unverifiable_offline", "Cannot verify offline", "warning"],
    ["unsupported", "Unsupported", "muted"],
    ["malformed", "Not a badge / damaged", "danger"],
    ["manual", "Entered by hand", "muted"],
  ])("%s → %s (%s)", (status, label, tone) => {
    const info = statusInfo(status);
    expect(info.label).toBe(label);
    expect(info.tone).toBe(tone);
    expect(info.hint).not.toBe("");
  });

  it("shows an unknown status grey, as it is", () => {
    expect(statusInfo("something_new")).toMatchObject({ label: "something_new", tone: "muted" });
  });

  it("names formats", () => {
    expect(formatLabel("ob2")).toBe("Open Badges 2.0");
    expect(formatLabel("ob3")).toBe("Open Badges 3.0");
    expect(formatLabel("clr")).toContain("CLR");
    expect(formatLabel(null)).toBe("Unknown");
  });

  it("says whom the badge was issued to", () => {
    expect(recipientLine(true)?.text).toBe("Issued to one of this learner's emails");
    expect(recipientLine(false)?.text).toBe("Issued to someone else's email — check before relying on it");
    expect(recipientLine(null)).toBeNull();
  });
});

describe("badge images", () => {
  const svg = b64('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>');

  it("detects PNG and SVG from base64", () => {
    expect(isPngBase64(PNG_B64)).toBe(true);
    expect(isSvgBase64(svg)).toBe(true);
    expect(imageKind(PNG_B64)).toBe("png");
    expect(imageKind(svg)).toBe("svg");
  });

  it("does not take JSON, JWS or garbage for an image", () => {
    expect(imageKind(b64('{"name":"<svg> in a string"}'))).toBeNull();
    expect(imageKind(b64("eyJhbGciOiJFUzI1NiJ9.e30.sig"))).toBeNull();
    expect(imageKind("!!!not base64!!!")).toBeNull();
    expect(imageKind("")).toBeNull();
  });

  it("builds data: URLs from the credential, else a data: image_ref, else nothing", () => {
    expect(badgeImageSrc({ original_credential: PNG_B64, image_ref: null })).toBe(`data:image/png;base64,${PNG_B64}`);
    expect(badgeImageSrc({ original_credential: svg, image_ref: null })).toBe(`data:image/svg+xml;base64,${svg}`);
    const ref = "data:image/png;base64,AAAA";
    expect(badgeImageSrc({ original_credential: b64("{}"), image_ref: ref })).toBe(ref);
    expect(badgeImageSrc({ original_credential: null, image_ref: "https://example.org/b.png" })).toBeNull();
    expect(badgeImageSrc({ original_credential: null, image_ref: "data:text/html,<script>" })).toBeNull();
    expect(badgeImageSrc({ original_credential: null, image_ref: null })).toBeNull();
  });
});

describe("files", () => {
  it("turns a file into a plain array of byte numbers", async () => {
    const bytes = await fileToBytes(new Blob([new Uint8Array([0, 1, 137, 255])]));
    expect(bytes).toEqual([0, 1, 137, 255]);
    expect(Array.isArray(bytes)).toBe(true);
  });

  it("knows drags that carry files", () => {
    expect(dragHasFiles(["text/plain", "Files"])).toBe(true);
    expect(dragHasFiles(["text/plain"])).toBe(false);
    expect(dragHasFiles(null)).toBe(false);
  });
});

describe("import result rows", () => {
  it("summarises an added file with the badge names and status", () => {
    const row = importRow("clr.json", { ok: { records: [badge("A"), badge("B")], check: check("verified"), wallet: [] } });
    expect(row).toMatchObject({ file: "clr.json", state: "added", names: ["A", "B"], status: "verified" });
    expect(row.message).toBe("Added 2 badges: A, B");
    expect(row.group).toBeNull();
  });

  it("names the learner record (CLR) a file's badges came from", () => {
    const parts = [
      { name: "Álgebra", issuer_name: "Liceo", status: "verified", detail: "", endorsements: [] },
      { name: "Física", issuer_name: "Liceo", status: "expired", detail: "", endorsements: [] },
    ];
    const clrCheck = { ...check("verified"), format: "clr", clr: { name: "Certificado 2025", issuer_name: "Liceo", parts } };
    const row = importRow("clr.json", { ok: { records: [badge("Álgebra"), badge("Física")], check: clrCheck, wallet: [] } });
    expect(row.group).toBe("“Certificado 2025” (Liceo)");
    expect(row.message).toBe("Added 2 badges from the learner record “Certificado 2025” (Liceo): Álgebra, Física");
  });

  it("reports each credential of a wallet backup", () => {
    const item = (name: string, outcome: "imported" | "duplicate" | "refused", status: string | null) => ({
      name,
      profile: "Escola",
      outcome,
      message: "m",
      status,
      record_ids: [],
    });
    const row = importRow("Wallet Backup.json", {
      ok: {
        records: [badge("A")],
        check: check("verified"),
        wallet: [item("A", "imported", "verified"), item("B", "duplicate", null), item("C", "refused", null)],
      },
    });
    expect(row.state).toBe("added");
    expect(row.wallet?.length).toBe(3);
    expect(row.message).toBe("Wallet backup of 3 credentials: 1 added, 1 already here, 1 not imported");
  });

  it("tells duplicates from refusals", () => {
    const dup = importRow("a.png", { error: { code: "invalid_input", message: "“A” is already in this portfolio.", fields: [] } });
    expect(dup.state).toBe("duplicate");
    expect(dup.message).toContain("already in this portfolio");
    const bad = importRow("x.txt", {
      error: { code: "invalid_input", message: "This file is not a badge, or it is damaged: no JSON.", fields: [] },
    });
    expect(bad.state).toBe("refused");
    expect(bad.message).toContain("not a badge");
  });

  it("counts progress and outcomes, and picks the newest badge", () => {
    const a = importRow("a.png", { ok: { records: [badge("A")], check: check("verified"), wallet: [] } });
    const b = importRow("b.json", { ok: { records: [badge("B1"), badge("B2")], check: check("expired"), wallet: [] } });
    const d = importRow("c.png", { error: { code: "invalid_input", message: "“A” is already in this portfolio.", fields: [] } });
    expect(importSummary([a, pendingRow("x"), pendingRow("y")])).toBe("Importing 2 of 3…");
    expect(importSummary([a, b, d])).toBe("3 badges added, 1 already here");
    expect(importSummary([d])).toBe("0 badges added, 1 already here");
    expect(newestImported([a, b, d])?.meta.id).toBe("id-B2");
    expect(newestImported([d])).toBeNull();
  });
});

describe("badge learning goals", () => {
  it("keeps unknown tags and orders ticked goals as the framework does", () => {
    expect(mergeGoalTags(["legacy", "b"], ["a", "b", "c"], new Set(["c", "a"]))).toEqual(["legacy", "a", "c"]);
    expect(mergeGoalTags([], ["a"], new Set())).toEqual([]);
  });

  it("changes only the goal tags", () => {
    const r = badge("A", { original_credential: PNG_B64, evidence_links: ["x"] });
    if (r.kind !== "badge") throw new Error("not a badge");
    const next = withGoalTags(r.data, ["a"]);
    expect(next).toEqual({ ...r.data, goal_tags: ["a"] });
    expect(r.data.goal_tags).toEqual([]);
  });
});
