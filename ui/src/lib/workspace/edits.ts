// Changes to the workspace's records: create and update from the form,
// delete with an undo, tick a goal's step, and the badge and evidence edits
// of the detail pane. Each one shows the core's answer in the list and the
// detail pane.

import { createRecord, deleteRecord, restoreRecord, toApiError, updateRecord } from "../api";
import { withGoalTags } from "../badges";
import type { AnyRecord } from "../bindings/AnyRecord";
import type { BadgeData } from "../bindings/BadgeData";
import type { Evidence } from "../bindings/Evidence";
import type { RecordData } from "../bindings/RecordData";
import type { RecordKind } from "../bindings/RecordKind";
import { withAttachedKeys } from "../issue";
import { isPortfolioRecord, KIND_TEXT } from "../kinds";
import { hasEvidence, withEvidence } from "../media";
import { showError, showToast } from "../overlays.svelte";
import type { WorkspaceParts } from "./records.svelte";

/** How long "… deleted" offers Undo, in milliseconds. */
export const UNDO_MS = 30000;

/** The record actions of one workspace. */
export class RecordEdits {
  #ctx: WorkspaceParts;

  constructor(ctx: WorkspaceParts) {
    this.#ctx = ctx;
  }

  /** Opens the form for a new record of the current section. */
  async startNew(): Promise<void> {
    const view = this.#ctx.view;
    if (!(await view.mayLeaveForm())) return;
    if (view.section === "reflection") void this.#ctx.records.loadLinkables();
    view.mode = "new";
  }

  /** Opens the form for the selected record. */
  startEdit(): void {
    if (this.#ctx.view.selected?.kind === "reflection") void this.#ctx.records.loadLinkables();
    this.#ctx.view.mode = "edit";
  }

  /** Saves the form: updates the selected record or creates a new one, then shows it. */
  async save(data: RecordData): Promise<void> {
    const view = this.#ctx.view;
    const saved =
      view.mode === "edit" && view.selected ? await updateRecord(view.selected.meta.id, data) : await createRecord(this.#ctx.learnerId(), data);
    view.formDirty = false;
    view.selected = isPortfolioRecord(saved) ? saved : null;
    view.mode = "view";
    this.#ctx.records.refresh();
  }

  /** Deletes the selected record; a toast offers Undo for a while. */
  async remove(): Promise<void> {
    const view = this.#ctx.view;
    const r = view.selected;
    if (!r) return;
    try {
      const deleted = await deleteRecord(r.kind, r.meta.id);
      if (view.selected?.meta.id === r.meta.id) view.selected = null;
      this.#ctx.records.refresh();
      showToast(
        {
          message: `${KIND_TEXT[r.kind].singular} deleted`,
          tone: "info",
          action: { label: "Undo", run: () => void this.restore(deleted) },
        },
        UNDO_MS,
      );
    } catch (e) {
      showError(toApiError(e).message);
    }
  }

  /** Puts a deleted record back (Undo) and shows it when its list is shown. */
  async restore(r: AnyRecord): Promise<void> {
    const view = this.#ctx.view;
    try {
      const back = await restoreRecord(r);
      if (back.meta.learner_id !== this.#ctx.learnerId()) return;
      this.#ctx.records.refresh();
      if (isPortfolioRecord(back) && back.kind === view.section && view.mode === "view") view.selected = back;
    } catch (e) {
      showError(toApiError(e).message);
    }
  }

  /** Ticks a goal's step in the detail view and saves at once (untick again if the core refuses). */
  async toggleStep(index: number, done: boolean): Promise<void> {
    const view = this.#ctx.view;
    const r = view.selected;
    if (!r || r.kind !== "goal") return;
    const data = { ...r.data, steps: r.data.steps.map((s, i) => (i === index ? { ...s, done } : s)) };
    view.selected = { ...r, data };
    try {
      this.#show(await updateRecord(r.meta.id, { kind: "goal", data }), true);
    } catch (e) {
      if (view.selected?.meta.id === r.meta.id) view.selected = r;
      showError(toApiError(e).message);
    }
  }

  /** Saves the issuer public keys attached to the selected badge; nothing else changes. */
  saveBadgeKeys(keys: string[]): Promise<void> {
    return this.#saveBadge((d) => withAttachedKeys(d, keys));
  }

  /** Saves which learning goals the selected badge counts towards; nothing else changes. */
  saveBadgeGoals(goalTags: string[]): Promise<void> {
    return this.#saveBadge((d) => withGoalTags(d, goalTags));
  }

  /** Saves the evidence list of the shown experience, journal entry or goal; nothing else changes. */
  async saveEvidence(evidence: Evidence[]): Promise<void> {
    const r = this.#ctx.view.selected;
    if (!r || !hasEvidence(r)) return;
    this.showRecord(await updateRecord(r.meta.id, withEvidence(r, evidence)));
  }

  /** A record changed by the core (e.g. a file attached): list and detail show it without a refetch. */
  showRecord(saved: AnyRecord): void {
    this.#show(saved, false);
  }

  /** Opens a linked experience or goal in its own section. */
  async openLinked(kind: RecordKind, id: string): Promise<void> {
    const r = this.#ctx.records.linked(kind, id);
    if (!r) return;
    await this.#ctx.view.goto(r.kind);
    if (this.#ctx.view.section === r.kind) this.#ctx.view.selected = r;
  }

  async #saveBadge(change: (d: BadgeData) => BadgeData): Promise<void> {
    const r = this.#ctx.view.selected;
    if (!r || r.kind !== "badge") return;
    this.#show(await updateRecord(r.meta.id, { kind: "badge", data: change(r.data) }), true);
  }

  /** Puts `saved` in the list, and in the detail pane when that shows it (`whileEditing`: also while a form is open). */
  #show(saved: AnyRecord, whileEditing: boolean): void {
    if (!isPortfolioRecord(saved)) return;
    const view = this.#ctx.view;
    if (view.selected?.meta.id === saved.meta.id && (whileEditing || view.mode === "view")) view.selected = saved;
    this.#ctx.records.replace(saved);
  }
}
