import { describe, expect, it } from "vitest";
import type { ImportReport } from "./api";
import {
  backupParts,
  backupReasonLabel,
  conflictRows,
  exportMessage,
  formatSize,
  importSummary,
  learnerOutcomes,
  needsImportChoice,
} from "./archive";

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  learners: [],
  added: 0,
  updated: 0,
  kept: 0,
  media: 0,
  warnings: [],
  conflicts: [],
  frameworks_added: 0,
  ...over,
});

describe("backupReasonLabel", () => {
  it("names the core's reasons in words", () => {
    expect(backupReasonLabel("daily")).toBe("Daily");
    expect(backupReasonLabel("before-import")).toBe("Before import");
    expect(backupReasonLabel("before-restore")).toBe("Before restore");
    expect(backupReasonLabel("manual")).toBe("Made by you");
    expect(backupReasonLabel("before_import")).toBe("Before import");
  });
  it("shows unknown reasons readably", () => {
    expect(backupReasonLabel("after-upgrade")).toBe("After upgrade");
    expect(backupReasonLabel("")).toBe("Backup");
  });
});

describe("formatSize", () => {
  it("uses bytes, kB, MB and GB", () => {
    expect(formatSize(1, "en")).toBe("1 byte");
    expect(formatSize(999, "en")).toBe("999 bytes");
    expect(formatSize(1500, "en")).toBe("1.5 kB");
    expect(formatSize(87_654, "en")).toBe("88 kB");
    expect(formatSize(1_234_567, "en")).toBe("1.2 MB");
    expect(formatSize(3_000_000_000, "en")).toBe("3 GB");
  });
  it("takes bigints (the generated BackupInfo.size) and clamps negatives", () => {
    expect(formatSize(2_000_000n, "en")).toBe("2 MB");
    expect(formatSize(-5, "en")).toBe("0 bytes");
  });
});

describe("backupParts", () => {
  it("gives a local date and time, the reason in words and the size", () => {
    const p = backupParts({ name: "b", created: "2026-03-01T09:30:00Z", reason: "daily", size: 12_345n }, "en");
    expect(p.reason).toBe("Daily");
    expect(p.size).toBe("12 kB");
    expect(p.when).toMatch(/2026/);
  });
  it("keeps an unreadable timestamp as it is", () => {
    expect(backupParts({ name: "b", created: "soon", reason: "manual", size: 0n }).when).toBe("soon");
  });
});

describe("importSummary", () => {
  it("counts added, updated and kept", () => {
    expect(importSummary(report({ added: 3, updated: 1, kept: 2 }))).toBe("3 records added, 1 updated, 2 kept as they were.");
    expect(importSummary(report({ added: 1, kept: 1 }))).toBe("1 record added, 0 updated, 1 kept as it was.");
  });
  it("mentions frameworks and conflicts", () => {
    const r = report({
      added: 2,
      frameworks_added: 1,
      conflicts: [{ kind: "goal", id: "g", local_title: "A", archive_title: "B", local_updated: "", archive_updated: "", archive_copy_id: null }],
    });
    expect(importSummary(r)).toBe("2 records added, 0 updated, 0 kept as they were; 1 framework added; 1 conflict (your version was kept).");
  });
});

describe("learnerOutcomes", () => {
  it("says what happened to each learner", () => {
    const r = report({
      learners: [
        { archive_id: "a", id: "b", name: "Maya Okafor", outcome: "copied" },
        { archive_id: "c", id: "c", name: "Sam", outcome: "updated" },
        { archive_id: "d", id: "d", name: "Ana", outcome: "odd" },
      ],
    });
    expect(learnerOutcomes(r)).toEqual(["Maya Okafor — added as a copy", "Sam — updated", "Ana — odd"]);
  });
});

describe("conflictRows", () => {
  it("lists both titles with the kind in words", () => {
    const rows = conflictRows(
      [
        { kind: "check_in", id: "1", local_title: "Mine", archive_title: "Theirs", local_updated: "2026-01-02T10:00:00Z", archive_updated: "x", archive_copy_id: null },
        { kind: "learner", id: "2", local_title: "", archive_title: "Maya", local_updated: "", archive_updated: "", archive_copy_id: null },
      ],
      "en",
    );
    expect(rows[0]).toMatchObject({ kind: "Check in", local: "Mine", archive: "Theirs" });
    expect(rows[0]?.when).toContain("in the archive x");
    expect(rows[1]).toMatchObject({ kind: "Learner", local: "(untitled)", archive: "Maya" });
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });
});

describe("needsImportChoice", () => {
  it("recognises the core's 'already has' refusal", () => {
    expect(
      needsImportChoice({
        code: "invalid_input",
        message: "This portfolio already has Maya Okafor; import the archive as a copy or merge it. Nothing was imported.",
        fields: [],
      }),
    ).toBe(true);
    expect(needsImportChoice({ code: "invalid_input", message: "The archive is damaged.", fields: [] })).toBe(false);
    expect(
      needsImportChoice({ code: "storage", message: "This portfolio already has X; import the archive as a copy or merge it.", fields: [] }),
    ).toBe(false);
  });
});

describe("exportMessage", () => {
  it("names whose portfolio and the size", () => {
    expect(exportMessage(87_654, "Maya")).toMatch(/^Maya's portfolio was saved \(88 kB\)\.$/);
    expect(exportMessage(1_234_567, null)).toMatch(/^Every learner's portfolio was saved \(1\.2 MB\)\.$/);
  });
});
