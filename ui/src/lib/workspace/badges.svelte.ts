// Badges coming into the workspace: files imported one by one (a result row
// each) and badges issued in the "Issue a badge" dialog. Afterwards the whole
// Badges list is shown with the newest badge selected.

import { importBadge, toApiError } from "../api";
import { fileToBytes, importRow, newestImported, pendingRow, type ImportRow } from "../badges";
import type { BadgeImport } from "../bindings/BadgeImport";
import { isPortfolioRecord } from "../kinds";
import { showToast } from "../overlays.svelte";
import type { WorkspaceParts } from "./records.svelte";

/** Badge import and issuing of one workspace. */
export class BadgeIntake {
  /** Rows of the last badge import (one per file); empty when none is shown. */
  rows = $state<ImportRow[]>([]);
  importing = $state(false);
  /** True while the "Issue a badge" dialog is open. */
  issueOpen = $state(false);
  #ctx: WorkspaceParts;

  constructor(ctx: WorkspaceParts) {
    this.#ctx = ctx;
  }

  /** A new learner: no import rows, no dialog. */
  reset(): void {
    this.rows = [];
    this.issueOpen = false;
  }

  /** Imports badge files one by one, then shows the newest badge added. */
  async importFiles(files: File[]): Promise<void> {
    if (this.importing || files.length === 0) return;
    if (!(await this.#ctx.view.leaveForm())) return;
    const id = this.#ctx.learnerId();
    this.importing = true;
    this.rows = files.map((f) => pendingRow(f.name));
    try {
      for (let i = 0; i < files.length; i++) {
        const file = files[i];
        if (!file) continue;
        this.rows[i] = { ...pendingRow(file.name), state: "importing", message: "Importing…" };
        let row: ImportRow;
        try {
          row = importRow(file.name, { ok: await importBadge(id, await fileToBytes(file)) });
        } catch (e) {
          row = importRow(file.name, { error: toApiError(e) });
        }
        if (id !== this.#ctx.learnerId()) return;
        this.rows[i] = row;
      }
    } finally {
      this.importing = false;
    }
    if (id !== this.#ctx.learnerId()) return;
    const newest = newestImported(this.rows);
    if (newest && isPortfolioRecord(newest)) {
      // Show the whole list so that the new badges are in it.
      this.#ctx.view.showAll();
      this.#ctx.view.selected = newest;
    }
    void this.#ctx.records.loadList();
    void this.#ctx.records.loadCounts();
  }

  /** Opens the "Issue a badge" dialog. */
  async openIssue(): Promise<void> {
    if (!(await this.#ctx.view.leaveForm())) return;
    this.issueOpen = true;
  }

  /** A badge was issued and added: show the whole list with it selected. */
  issued(result: BadgeImport): void {
    const view = this.#ctx.view;
    this.issueOpen = false;
    const r = result.records[result.records.length - 1];
    view.showAll();
    if (r && isPortfolioRecord(r)) view.selected = r;
    view.mode = "view";
    void this.#ctx.records.loadList();
    void this.#ctx.records.loadCounts();
    showToast({ message: `Badge “${r && r.kind === "badge" ? r.data.name : "badge"}” issued and added`, tone: "info" }, 4000);
  }
}
