// What the workspace shows: the section (a portfolio list or the Learning
// Plan), the list's filters, the selected record and whether a form is open.
// Leaving a form with unsaved changes asks first.

import type { PortfolioKind, PortfolioRecord } from "../kinds";
import { confirmDiscard } from "../overlays.svelte";

/** The detail pane shows the selected record, edits it, or holds a new one's form. */
export type FormMode = "view" | "edit" | "new";

/** Navigation and selection state of one workspace. */
export class WorkspaceView {
  /** The portfolio list shown (also while the Learning Plan is open, for coming back). */
  section = $state<PortfolioKind>("experience");
  /** True while the Learning Plan section is shown instead of a portfolio list. */
  planOpen = $state(false);
  /** A screen shown instead of the lists and the plan: the learner's team or the caseload (null: none). */
  pane = $state<"team" | "caseload" | null>(null);
  /** The filter box as typed. */
  filter = $state("");
  /** The filter as sent to the core (debounced). */
  query = $state("");
  /** The marking period the lists are filtered by ("" = all). */
  periodFilter = $state("");
  selected = $state<PortfolioRecord | null>(null);
  mode = $state<FormMode>("view");
  /** Whether the open form has unsaved changes. */
  formDirty = $state(false);
  #confirmDiscard: (dirty: boolean) => Promise<boolean>;

  /** `confirm` asks whether unsaved changes may be lost (the app's dialog unless a test gives another). */
  constructor(confirm: (dirty: boolean) => Promise<boolean> = confirmDiscard) {
    this.#confirmDiscard = confirm;
  }

  /** A new learner starts with a clean slate. */
  reset(): void {
    this.selected = null;
    this.mode = "view";
    this.showAll();
  }

  /** Clears the filter box, the query and the period filter (the whole list is shown). */
  showAll(): void {
    this.filter = "";
    this.query = "";
    this.periodFilter = "";
  }

  /** Asks before a form with unsaved changes is left; true when it may be. */
  async mayLeaveForm(): Promise<boolean> {
    if (this.mode === "view") return true;
    const ok = await this.#confirmDiscard(this.formDirty);
    if (ok) this.formDirty = false;
    return ok;
  }

  /** Closes an open form (asking first when it has changes); true when closed. */
  async leaveForm(): Promise<boolean> {
    if (!(await this.mayLeaveForm())) return false;
    this.mode = "view";
    return true;
  }

  /** Closes the form without asking (cancelled or saved). */
  closeForm(): void {
    this.formDirty = false;
    this.mode = "view";
  }

  /** Shows the list of `kind` (a new kind starts unfiltered, nothing selected). */
  async goto(kind: PortfolioKind): Promise<void> {
    if (kind === this.section && this.mode === "view" && !this.planOpen && !this.pane) return;
    if (!(await this.mayLeaveForm())) return;
    this.planOpen = false;
    this.pane = null;
    if (kind !== this.section) {
      this.section = kind;
      this.filter = "";
      this.query = "";
      this.selected = null;
    }
    this.mode = "view";
  }

  /** Shows the Learning Plan section. */
  async openPlan(): Promise<void> {
    if (this.planOpen && !this.pane) return;
    if (!(await this.leaveForm())) return;
    this.pane = null;
    this.planOpen = true;
  }

  /** Shows the team screen or the caseload. */
  async openPane(pane: "team" | "caseload"): Promise<void> {
    if (this.pane === pane) return;
    if (!(await this.leaveForm())) return;
    this.planOpen = false;
    this.pane = pane;
  }

  /** Shows `r` in the detail pane. */
  async select(r: PortfolioRecord): Promise<void> {
    if (this.mode !== "view" && !(await this.mayLeaveForm())) return;
    this.selected = r;
    this.mode = "view";
  }
}
