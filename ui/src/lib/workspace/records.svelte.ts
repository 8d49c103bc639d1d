// The records the workspace shows, loaded from the core: the list of the
// current section and filter, the counts beside the section buttons, the
// marking periods of the period filter, and the experiences and goals journal
// entries link to. Answers that come back for an older learner, section or
// filter are dropped.

import { listRecords, recordCounts, toApiError, type RecordCounts } from "../api";
import type { AnyRecord } from "../bindings/AnyRecord";
import type { RecordKind } from "../bindings/RecordKind";
import { isPortfolioRecord, recordTitle, type Option, type PortfolioRecord } from "../kinds";
import { showError } from "../overlays.svelte";
import { sortPeriods, type PeriodRecord } from "../plan";
import type { WorkspaceView } from "./view.svelte";

/** Experiences and goals of the learner, for linking from journal entries. */
export type Linkables = { experience: AnyRecord[]; goal: AnyRecord[] };

/** What the workspace's actions work on: what is shown, the records loaded, and the learner shown now. */
export type WorkspaceParts = { view: WorkspaceView; records: RecordsStore; learnerId: () => string };

/** The key of one list: learner, kind and query. */
export function listKeyOf(learnerId: string, kind: RecordKind, query: string): string {
  return `${learnerId}|${kind}|${query}`;
}

/** The workspace's records of one learner. */
export class RecordsStore {
  records = $state<PortfolioRecord[]>([]);
  counts = $state<RecordCounts | null>(null);
  /** The learner's marking periods, newest first. */
  periods = $state<PeriodRecord[]>([]);
  linkables = $state<Linkables>({ experience: [], goal: [] });
  /** Which list `records` belongs to; differs while loading. */
  #loadedKey = $state("");
  #learnerId: () => string;
  #view: WorkspaceView;

  /** The list asked for now. */
  readonly listKey: string;
  /** Whether the list asked for is still on its way. */
  readonly loading: boolean;
  /**
   * The records to show: while another kind or learner loads, nothing of the old
   * list; while only the filter changes, the old list until the answer comes.
   */
  readonly shown: PortfolioRecord[];
  linkOptions = $derived({
    experience: this.linkables.experience.map((r): Option => ({ value: r.meta.id, label: recordTitle(r) })),
    goal: this.linkables.goal.map((r): Option => ({ value: r.meta.id, label: recordTitle(r) })),
  });
  linkTitles = $derived(
    new Map([...this.linkables.experience, ...this.linkables.goal].map((r) => [r.meta.id, recordTitle(r)] as const)),
  );

  /** `learnerId` gives the learner shown now; `view` the section and query. */
  constructor(learnerId: () => string, view: WorkspaceView) {
    this.#learnerId = learnerId;
    this.#view = view;
    this.listKey = $derived(listKeyOf(learnerId(), view.section, view.query));
    this.loading = $derived(this.#loadedKey !== this.listKey);
    this.shown = $derived(this.#loadedKey.startsWith(listKeyOf(learnerId(), view.section, "")) ? this.records : []);
  }

  /** Loads the list asked for now (reads learner, section and query at once, so an effect tracks them). */
  async loadList(): Promise<void> {
    const key = this.listKey;
    const { section, query } = this.#view;
    try {
      const list = await listRecords(this.#learnerId(), section, query);
      if (key === this.listKey) {
        this.records = list.filter(isPortfolioRecord);
        this.#loadedKey = key;
      }
    } catch (e) {
      if (key === this.listKey) {
        this.records = [];
        this.#loadedKey = key;
        showError(toApiError(e).message);
      }
    }
  }

  /** Loads the counts beside the section buttons. */
  async loadCounts(): Promise<void> {
    const id = this.#learnerId();
    try {
      const c = await recordCounts(id);
      if (id === this.#learnerId()) this.counts = c;
    } catch (e) {
      showError(toApiError(e).message);
    }
  }

  /** Loads the marking periods; a period filter on a period that is gone is dropped. */
  async loadPeriods(): Promise<void> {
    const id = this.#learnerId();
    try {
      const list = await listRecords(id, "period", "");
      if (id !== this.#learnerId()) return;
      this.periods = sortPeriods(list.filter((r): r is PeriodRecord => r.kind === "period"));
      const view = this.#view;
      if (view.periodFilter && !this.periods.some((p) => p.meta.id === view.periodFilter)) view.periodFilter = "";
    } catch {
      this.periods = [];
    }
  }

  /** Loads the experiences and goals journal entries show and pick. */
  async loadLinkables(): Promise<void> {
    const id = this.#learnerId();
    try {
      const [experience, goal] = await Promise.all([listRecords(id, "experience", ""), listRecords(id, "goal", "")]);
      if (id === this.#learnerId()) this.linkables = { experience, goal };
    } catch (e) {
      showError(toApiError(e).message);
    }
  }

  /** Reloads the list and counts after a change (and the link targets in the journal). */
  refresh(): void {
    void this.loadList();
    void this.loadCounts();
    if (this.#view.section === "reflection") void this.loadLinkables();
  }

  /** Puts a record the core saved in place of its old copy in the list. */
  replace(saved: PortfolioRecord): void {
    this.records = this.records.map((x) => (x.meta.id === saved.meta.id ? saved : x));
  }

  /** A linked experience or goal of kind `kind`, if it is one of the link targets. */
  linked(kind: RecordKind, id: string): PortfolioRecord | null {
    const r = this.linkables.experience.find((x) => x.meta.id === id) ?? this.linkables.goal.find((x) => x.meta.id === id);
    return r && isPortfolioRecord(r) && r.kind === kind ? r : null;
  }
}
