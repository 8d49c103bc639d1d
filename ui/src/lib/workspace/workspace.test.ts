// The workspace's state and actions against a small local fake of the core's
// `invoke` (Tauri's mockIPC with a handler per command).
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AnyRecord } from "../bindings/AnyRecord";
import type { RecordCounts } from "../bindings/RecordCounts";
import type { PortfolioRecord } from "../kinds";
import { overlays } from "../overlays.svelte";
import { BPL, testBadge, testCheck, testMeta } from "../testData";
import { BadgeIntake } from "./badges.svelte";
import { RecordEdits } from "./edits";
import { WorkspaceFrameworks } from "./frameworks.svelte";
import { listKeyOf, RecordsStore } from "./records.svelte";
import { WorkspaceView } from "./view.svelte";

beforeAll(() => vi.stubGlobal("window", globalThis));
afterEach(() => {
  clearMocks();
  overlays.toasts = [];
});

type Handler = (args: Record<string, unknown>) => unknown;

/** Installs a fake core: one handler per command; every call is recorded. */
function fakeCore(handlers: Record<string, Handler>): [string, Record<string, unknown>][] {
  const calls: [string, Record<string, unknown>][] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push([cmd, args]);
    const h = handlers[cmd];
    if (!h) throw { code: "internal", message: `command ${cmd} not found`, fields: [] };
    return h(args);
  });
  return calls;
}

const meta = (id: string, learner = "L1") => testMeta(id, learner);

function experience(id: string, title: string, learner = "L1"): PortfolioRecord {
  return {
    kind: "experience",
    meta: meta(id, learner),
    data: {
      kind: "internship",
      title,
      organisation: "Clínica Veterinaria San José",
      location: "Sevilla",
      mentor: { name: "Nguyễn Thị Hoa", role: "Bác sĩ thú y", contact: "" },
      start_date: "2026-02-02",
      end_date: null,
      hours: 12,
      description: "",
      goal_tags: ["empirical_reasoning"],
      status: "ongoing",
      evidence: [],
    },
  };
}

function goal(id: string, steps: string[]): PortfolioRecord {
  return {
    kind: "goal",
    meta: meta(id),
    data: {
      statement: "Aprender a suturar 🧵",
      why: "",
      goal_tags: [],
      target_date: null,
      status: "in_progress",
      steps: steps.map((text) => ({ text, done: false })),
      progress_notes: [],
      evidence: [],
    },
  };
}

function badge(id: string, name: string): AnyRecord {
  return testBadge(name, { issuer_name: "مدرسة النور", issued_on: "2026-01-15" }, meta(id));
}

const check = testCheck("verified");

const COUNTS: RecordCounts = { experience: 1, reflection: 0, goal: 0, badge: 0, period: 0, plan: 0, check_in: 0, exhibition: 0, narrative: 0, showcase: 0 };

/** A workspace of learner `id()` whose form is left without asking unless `confirm` says otherwise. */
function workspace(id: () => string = () => "L1", confirm: (dirty: boolean) => Promise<boolean> = async () => true) {
  const view = new WorkspaceView(confirm);
  const records = new RecordsStore(id, view);
  const parts = { view, records, learnerId: id };
  return { view, records, edits: new RecordEdits(parts), badges: new BadgeIntake(parts) };
}

/** Waits until the fake core's answers have been handled. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("WorkspaceView", () => {
  it("asks before leaving a form with changes and stays when the user says no", async () => {
    const asked: boolean[] = [];
    const view = new WorkspaceView(async (dirty) => (asked.push(dirty), false));
    view.mode = "edit";
    view.formDirty = true;
    await view.goto("goal");
    expect(asked).toEqual([true]);
    expect(view.section).toBe("experience");
    expect(view.mode).toBe("edit");
    expect(await view.leaveForm()).toBe(false);
  });

  it("starts a new section unfiltered with nothing selected, and clears all on reset", async () => {
    const view = new WorkspaceView(async () => true);
    view.filter = "perro";
    view.query = "perro";
    view.periodFilter = "P1";
    view.selected = experience("E1", "Prácticas");
    await view.goto("badge");
    expect([view.section, view.filter, view.query, view.selected]).toEqual(["badge", "", "", null]);
    expect(view.periodFilter).toBe("P1");
    await view.openPlan();
    expect(view.planOpen).toBe(true);
    view.reset();
    expect([view.periodFilter, view.mode]).toEqual(["", "view"]);
  });
});

describe("RecordsStore", () => {
  it("keeps the old list while only the filter changes and drops a late answer", async () => {
    const answers: Record<string, (v: AnyRecord[]) => void> = {};
    fakeCore({ list_records: (a) => new Promise((resolve) => (answers[String(a["query"])] = resolve)) });
    const { view, records } = workspace();
    const first = records.loadList();
    expect(records.loading).toBe(true);
    answers[""]?.([experience("E1", "Prácticas en la clínica"), experience("E2", "Thực tập ở Hà Nội")]);
    await first;
    expect(records.loading).toBe(false);
    expect(records.shown.map((r) => r.meta.id)).toEqual(["E1", "E2"]);

    view.query = "clín";
    const old = records.loadList();
    view.query = "clínica";
    const current = records.loadList();
    expect(records.listKey).toBe(listKeyOf("L1", "experience", "clínica"));
    expect(records.shown).toHaveLength(2);
    answers["clínica"]?.([experience("E1", "Prácticas en la clínica")]);
    await current;
    answers["clín"]?.([experience("E9", "late")]);
    await old;
    expect(records.shown.map((r) => r.meta.id)).toEqual(["E1"]);

    view.section = "goal";
    expect(records.shown).toEqual([]);
  });

  it("drops a period filter whose period is gone", async () => {
    fakeCore({ list_records: () => [] });
    const { view, records } = workspace();
    view.periodFilter = "P-gone";
    await records.loadPeriods();
    expect(view.periodFilter).toBe("");
  });

  it("shows the core's refusal of a list as an error toast and an empty list", async () => {
    fakeCore({ list_records: () => Promise.reject({ code: "storage", message: "La base de datos está ocupada.", fields: [] }) });
    const { records } = workspace();
    await records.loadList();
    expect(records.shown).toEqual([]);
    expect(overlays.toasts.map((t) => [t.tone, t.message])).toEqual([["error", "La base de datos está ocupada."]]);
  });
});

describe("RecordEdits", () => {
  it("deletes the selected record with an Undo that puts it back and shows it", async () => {
    const e1 = experience("E1", "Prácticas 🐶");
    const calls = fakeCore({
      delete_record: () => e1,
      restore_record: (a) => a["record"],
      list_records: () => [e1],
      record_counts: () => COUNTS,
    });
    const { view, edits } = workspace();
    view.selected = e1;
    await edits.remove();
    expect(view.selected).toBeNull();
    const toast = overlays.toasts.at(-1);
    expect(toast?.message).toBe("Experience deleted");
    toast?.action?.run();
    await settle();
    expect(view.selected?.meta.id).toBe("E1");
    expect(calls.map(([c]) => c)).toContain("restore_record");
    expect(calls.find(([c]) => c === "delete_record")?.[1]).toEqual({ kind: "experience", id: "E1" });
  });

  it("ticks a goal's step at once and unticks it when the core refuses", async () => {
    fakeCore({ update_record: () => Promise.reject({ code: "storage", message: "Disco lleno.", fields: [] }) });
    const { view, edits } = workspace();
    const g = goal("G1", ["Ver un vídeo", "Practicar con una naranja 🍊"]);
    view.selected = g;
    const pending = edits.toggleStep(1, true);
    expect(view.selected.kind === "goal" && view.selected.data.steps.map((s) => s.done)).toEqual([false, true]);
    await pending;
    expect(view.selected).toBe(g);
    expect(overlays.toasts.at(-1)?.message).toBe("Disco lleno.");
  });

  it("creates from the new form and updates from the edit form", async () => {
    const saved = experience("E7", "Voluntariado 多语言");
    const calls = fakeCore({
      create_record: () => saved,
      update_record: () => saved,
      list_records: () => [saved],
      record_counts: () => COUNTS,
    });
    if (saved.kind !== "experience") throw new Error("an experience");
    const data = { kind: "experience" as const, data: saved.data };
    const { view, edits } = workspace();
    view.mode = "new";
    view.formDirty = true;
    await edits.save(data);
    expect([view.mode, view.formDirty, view.selected?.meta.id]).toEqual(["view", false, "E7"]);
    view.mode = "edit";
    await edits.save(data);
    expect(calls.filter(([c]) => c === "create_record" || c === "update_record").map(([c, a]) => [c, a["learnerId"] ?? a["id"]])).toEqual([
      ["create_record", "L1"],
      ["update_record", "E7"],
    ]);
  });
});

describe("BadgeIntake", () => {
  it("imports files one by one and selects the newest badge in the whole list", async () => {
    const calls = fakeCore({
      import_badge: (a) =>
        (a["bytes"] as number[])[0] === 1
          ? { records: [badge("B1", "Primeros auxilios")], check }
          : Promise.reject({ code: "validation", message: "This badge is already in this portfolio.", fields: [] }),
      list_records: () => [],
      record_counts: () => COUNTS,
    });
    const { view, badges } = workspace();
    view.section = "badge";
    view.filter = "x";
    view.query = "x";
    await badges.importFiles([new File([new Uint8Array([1])], "primeros-auxilios.png"), new File([new Uint8Array([2])], "otra-vez.png")]);
    expect(badges.rows.map((r) => r.state)).toEqual(["added", "duplicate"]);
    expect(badges.importing).toBe(false);
    expect(view.selected?.meta.id).toBe("B1");
    expect([view.filter, view.query]).toEqual(["", ""]);
    expect(calls.find(([c]) => c === "list_records")?.[1]).toEqual({ learnerId: "L1", kind: "badge", query: "" });
  });

  it("stops when another learner is shown meanwhile", async () => {
    let learner = "L1";
    fakeCore({
      import_badge: () => {
        learner = "L2";
        return { records: [badge("B1", "Kỹ năng giao tiếp")], check };
      },
    });
    const { view, badges } = workspace(() => learner);
    await badges.importFiles([new File([new Uint8Array([1])], "a.png"), new File([new Uint8Array([1])], "b.png")]);
    expect(badges.rows.map((r) => r.state)).toEqual(["importing", "waiting"]);
    expect(view.selected).toBeNull();
  });
});

describe("WorkspaceFrameworks", () => {
  it("shows tags by name and offers the learner's guiding questions as prompts", async () => {
    fakeCore({ list_frameworks: () => [BPL] });
    const fw = new WorkspaceFrameworks(() => "bpl");
    fw.load();
    await settle();
    expect(fw.current?.name).toBe("Big Picture Learning");
    expect(fw.prompts).toEqual(["How do I prove it?"]);
    expect(fw.tagLabel("empirical_reasoning")).toEqual({ label: "Empirical Reasoning", muted: false });
    expect(fw.tagLabel("typed by hand").muted).toBe(true);
  });
});
