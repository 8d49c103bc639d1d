import { describe, expect, it } from "vitest";
import type { AnyRecord } from "./bindings/AnyRecord";
import type { Evidence } from "./bindings/Evidence";
import {
  attachHeaders,
  attachRow,
  attachSummary,
  formatSize,
  learnerPhotoHeaders,
  learnerPhotoUrl,
  linkEvidence,
  mediaUrl,
  needsAlt,
  removeEvidenceAt,
  updateEvidenceAt,
  uploadingRow,
  waitingRow,
  withEvidence,
  withItemEvidence,
  withPlanGoalEvidence,
  type EvidenceRecord,
} from "./media";
import { blankExhibition, blankPlan, blankPlanContent, blankPlanGoal } from "./plan";

function ev(over: Partial<Evidence>): Evidence {
  return {
    sha256: "abc",
    url: "",
    name: "photo.jpg",
    kind: "image",
    mime: "image/jpeg",
    size: 2048 as unknown as bigint,
    caption: "",
    alt: "",
    shows_others: false,
    ...over,
  };
}

const meta = { id: "r1", learner_id: "L1", created: "", updated: "", author_role: "student" as const };

describe("mediaUrl", () => {
  it("uses the custom scheme on Linux and macOS", () => {
    expect(mediaUrl("ab12", "thumb", "Mozilla/5.0 (X11; Linux x86_64)")).toBe("lp-media://localhost/ab12/thumb");
    expect(mediaUrl("ab12", "screen", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)")).toBe("lp-media://localhost/ab12/screen");
  });
  it("uses http://lp-media.localhost on Windows", () => {
    expect(mediaUrl("ab12", "thumb", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120")).toBe("http://lp-media.localhost/ab12/thumb");
  });
});

describe("sizes", () => {
  it("reuses the kB/MB formatting of backups", () => {
    expect(formatSize(2048, "en")).toBe("2 kB");
    expect(formatSize(3_400_000, "en")).toBe("3.4 MB");
  });
});

describe("attach headers", () => {
  it("percent-encodes the file name (headers are ASCII)", () => {
    expect(attachHeaders("experience", "r1", "Zoë’s photo #1.jpg")).toEqual({
      "x-kind": "experience",
      "x-id": "r1",
      "x-name": "Zo%C3%AB%E2%80%99s%20photo%20%231.jpg",
    });
    expect(decodeURIComponent(attachHeaders("goal", "g", "a b/ç.png")["x-name"] ?? "")).toBe("a b/ç.png");
  });

  it("names a plan goal or an exhibition item in x-part", () => {
    expect(attachHeaders("plan", "p", "a.jpg", "goal 1")["x-part"]).toBe("goal%201");
    expect(attachHeaders("exhibition", "x", "a.jpg", "2")).toEqual({ "x-kind": "exhibition", "x-id": "x", "x-name": "a.jpg", "x-part": "2" });
    expect("x-part" in attachHeaders("experience", "r", "a.jpg")).toBe(false);
  });
});

describe("evidence list edits", () => {
  const list = [ev({ sha256: "a", name: "a.jpg" }), ev({ sha256: "b", name: "b.pdf", kind: "file", caption: "keep" })];

  it("changes only the one entry", () => {
    const next = updateEvidenceAt(list, 0, { caption: "At the clinic", alt: "A dog on a table", shows_others: true });
    expect(next[0]).toEqual({ ...list[0], caption: "At the clinic", alt: "A dog on a table", shows_others: true });
    expect(next[1]).toBe(list[1]);
    expect(list[0]?.caption).toBe("");
  });

  it("removes one entry", () => {
    expect(removeEvidenceAt(list, 0).map((e) => e.sha256)).toEqual(["b"]);
    expect(list).toHaveLength(2);
  });

  it("replaces only the evidence in the record's data", () => {
    const r: AnyRecord = {
      kind: "goal",
      meta,
      data: { statement: "S", why: "w", goal_tags: ["x"], target_date: null, status: "planned", steps: [], progress_notes: [], evidence: list },
    };
    const data = withEvidence(r as EvidenceRecord, [list[1] as Evidence]);
    expect(data).toEqual({ kind: "goal", data: { ...r.data, evidence: [list[1]] } });
  });

  it("replaces only one plan goal's or exhibition item's evidence", () => {
    const goal = (id: string) => ({ ...blankPlanGoal(id), title: id });
    const plan = { ...blankPlan("p"), content: { ...blankPlanContent(), goals: [goal("g1"), goal("g2")] } };
    const next = withPlanGoalEvidence(plan, "g2", list);
    expect(next.content.goals[1]?.evidence).toEqual(list);
    expect(next.content.goals[0]).toBe(plan.content.goals[0]);
    expect(plan.content.goals[1]?.evidence).toEqual([]);
    expect(withPlanGoalEvidence(plan, "nope", list)).toEqual(plan);
    const ex = { ...blankExhibition("p", null, "2026-11-05"), items: [{ item: { kind: "experience" as const, id: "e" }, notes: "", evidence: [] }] };
    expect(withItemEvidence(ex, 0, list).items[0]?.evidence).toEqual(list);
    expect(withItemEvidence(ex, 1, list)).toEqual(ex);
  });

  it("asks for alt text on images only", () => {
    expect(needsAlt(ev({ alt: " " }))).toBe(true);
    expect(needsAlt(ev({ alt: "A dog" }))).toBe(false);
    expect(needsAlt(ev({ kind: "file" }))).toBe(false);
  });
});

describe("links", () => {
  it("adds https:// and defaults the title to the address", () => {
    const r = linkEvidence(" example.org/log ", "");
    expect(r).toEqual({ ok: expect.objectContaining({ kind: "link", url: "https://example.org/log", name: "https://example.org/log", sha256: "" }) });
    const t = linkEvidence("https://example.org", "Care log");
    expect("ok" in t && t.ok.name).toBe("Care log");
  });
  it("refuses empty, odd and duplicate addresses", () => {
    expect(linkEvidence("", "x")).toEqual({ error: "Enter a web address." });
    expect("error" in linkEvidence("not a link", "")).toBe(true);
    expect("error" in linkEvidence("ftp://example.org", "")).toBe(true);
    const existing = [ev({ kind: "link", sha256: "", url: "https://example.org/a" })];
    expect(linkEvidence("https://example.org/a", "", existing)).toEqual({ error: "This link is already attached." });
  });
});

describe("attach results", () => {
  const record = { kind: "goal", meta, data: {} } as unknown as AnyRecord;
  it("turns outcomes and errors into rows", () => {
    expect(attachRow("a.jpg", { ok: { status: "added", evidence: ev({}), record, notice: null } }).state).toBe("added");
    expect(attachRow("a.jpg", { ok: { status: "duplicate", evidence: ev({}), record, notice: null } }).state).toBe("added");
    const again = attachRow("a.jpg", { ok: { status: "already_attached", evidence: ev({}), record, notice: "n" } });
    expect(again).toEqual({ file: "a.jpg", state: "already_attached", message: "Already attached to this record.", notice: "n" });
    const refused = attachRow("IMG_0042.HEIC", { error: { code: "invalid_input", message: "“IMG_0042.HEIC” is a HEIC photo", fields: [] } });
    expect(refused.state).toBe("refused");
    expect(refused.message).toContain("HEIC photo");
  });
  it("summarises progress and the outcome", () => {
    expect(attachSummary([uploadingRow("a"), waitingRow("b")])).toBe("Adding 1 of 2…");
    const rows = [
      attachRow("a", { ok: { status: "added", evidence: ev({}), record, notice: null } }),
      attachRow("b", { ok: { status: "already_attached", evidence: ev({}), record, notice: null } }),
      attachRow("c", { error: { code: "invalid_input", message: "no", fields: [] } }),
    ];
    expect(attachSummary(rows)).toBe("1 file added, 1 already attached, 1 not added");
  });
});

describe("learner photo", () => {
  it("is the thumbnail on lp-media, or none for initials", () => {
    const sha = "ab".repeat(32);
    expect(learnerPhotoUrl(sha, "X11; Linux")).toBe(`lp-media://localhost/${sha}/thumb`);
    expect(learnerPhotoUrl(sha, "Windows NT 10.0")).toBe(`http://lp-media.localhost/${sha}/thumb`);
    expect(learnerPhotoUrl("", "X11; Linux")).toBeNull();
  });

  it("sends the learner id and the percent-encoded file name", () => {
    expect(learnerPhotoHeaders("L1", "Ana à l'école.jpg")).toEqual({ "x-id": "L1", "x-name": "Ana%20%C3%A0%20l'%C3%A9cole.jpg" });
  });
});
