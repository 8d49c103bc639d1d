import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createRecord,
  deleteRecord,
  exportLeap2a,
  handEvidenceToSystem,
  importLeap2a,
  listRecords,
  recordCounts,
  toApiError,
  updateLearner,
} from "./api";
import type { RecordData } from "./bindings/RecordData";

beforeAll(() => {
  // The Tauri mocks install themselves on `window`; tests run in Node.
  vi.stubGlobal("window", globalThis);
});

afterEach(() => clearMocks());

describe("api", () => {
  it("sends camelCase arguments to the right command", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      return cmd === "record_counts" ? { experience: 1, reflection: 0, goal: 0, badge: 0 } : [];
    });
    await listRecords("L1", "goal", "vet");
    const counts = await recordCounts("L1");
    expect(counts.experience).toBe(1);
    expect(calls).toEqual([
      ["list_records", { learnerId: "L1", kind: "goal", query: "vet" }],
      ["record_counts", { learnerId: "L1" }],
    ]);
  });

  it("opens evidence by learner id and hash only, never a path", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      return null;
    });
    await handEvidenceToSystem("open", "L1", "ab12");
    await handEvidenceToSystem("reveal", "L1", "ab12");
    expect(calls).toEqual([
      ["open_evidence", { learnerId: "L1", sha256: "ab12" }],
      ["show_evidence_in_folder", { learnerId: "L1", sha256: "ab12" }],
    ]);
  });

  it("asks the core for Mahara files by learner id only (the core opens the dialogs)", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      return cmd === "import_leap2a" ? null : "Ana (Leap2A).zip";
    });
    expect(await importLeap2a()).toBeNull();
    expect(await exportLeap2a("L1", "Ana Reyes")).toBe("Ana (Leap2A).zip");
    expect(calls).toEqual([
      ["import_leap2a", {}],
      ["export_leap2a", { learnerId: "L1", suggestedName: "Ana Reyes" }],
    ]);
  });

  it("passes record data and ids through unchanged", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, ...(payload as object) });
      return null;
    });
    const data = { kind: "goal", data: { statement: "x" } } as unknown as RecordData;
    await createRecord("L1", data);
    await deleteRecord("experience", "R1");
    expect(seen).toEqual([
      { cmd: "create_record", learnerId: "L1", data },
      { cmd: "delete_record", kind: "experience", id: "R1" },
    ]);
  });

  it("rejects with the core's ApiError as it is", async () => {
    const err = { code: "validation", message: "Name is required.", fields: [{ field: "name", message: "Name is required." }] };
    mockIPC(() => {
      throw err;
    });
    await expect(updateLearner("L1", {} as never)).rejects.toEqual(err);
  });

  it("normalises other rejections into an internal ApiError", async () => {
    mockIPC(() => {
      throw "command update_learner not found";
    });
    await expect(updateLearner("L1", {} as never)).rejects.toEqual({
      code: "internal",
      message: "command update_learner not found",
      fields: [],
    });
  });

  it("fills in missing fields and wraps non-errors", () => {
    expect(toApiError({ code: "not_found", message: "Gone." })).toEqual({ code: "not_found", message: "Gone.", fields: [] });
    expect(toApiError(new Error("boom"))).toEqual({ code: "internal", message: "Error: boom", fields: [] });
    expect(toApiError(undefined)).toEqual({ code: "internal", message: "undefined", fields: [] });
  });
});
