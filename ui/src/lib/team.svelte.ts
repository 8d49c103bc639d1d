// The learning team's live state in the UI: the background sync's status
// (pushed by the core after every round), this device's role per learner
// (read-only replica or the student's own), "Sync now", and unread comment
// counts of the learner shown.

import { syncNow, syncStatus, toApiError, unreadComments, watchSyncStatus } from "./api";
import type { AuthorRole } from "./bindings/AuthorRole";
import type { LearnerSyncStatus } from "./bindings/LearnerSyncStatus";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { UnreadCount } from "./bindings/UnreadCount";

export class TeamState {
  /** The latest status (null until the core answered). */
  status = $state<SyncStatus | null>(null);
  /** True while "Sync now" runs. */
  syncing = $state(false);
  /** Why "Sync now" could not even start, in a sentence ("" = none). */
  error = $state("");
  /** Unread comments of the learner shown, per target. */
  unread = $state<UnreadCount[]>([]);
  #started = false;

  /** Subscribes to the background sync (once). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    watchSyncStatus((s) => (this.status = s));
    void this.refresh();
  }

  /** Asks the core for the status now. */
  async refresh(): Promise<void> {
    try {
      this.status = await syncStatus();
    } catch {
      // The indicator keeps the last status it had.
    }
  }

  /** The status of one learner, or null when not shared on this device. */
  learner(id: string): LearnerSyncStatus | null {
    return this.status?.learners.find((l) => l.learner_id === id) ?? null;
  }

  /** This device's role on the learner's team (null: not shared). */
  role(id: string): AuthorRole | null {
    return this.learner(id)?.role ?? null;
  }

  /** True on a family, mentor or advisor device: the learner's records are a read-only replica here. */
  readOnly(id: string): boolean {
    const r = this.role(id);
    return r !== null && r !== "student";
  }

  /** One round with every relay now; then the status. */
  async syncNow(): Promise<void> {
    this.syncing = true;
    this.error = "";
    try {
      await syncNow();
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      await this.refresh();
      this.syncing = false;
    }
  }

  /** Loads the unread comment counts of `learnerId`. */
  async loadUnread(learnerId: string): Promise<void> {
    try {
      this.unread = await unreadComments(learnerId);
    } catch {
      this.unread = [];
    }
  }
}

/** The app's one team state. */
export const team = new TeamState();

/** One user action at a time in a component: `busy` while it runs, its failure as a sentence in `error`. */
export class Action {
  busy = $state(false);
  error = $state("");

  /** Runs `work` unless one runs already; true when it succeeded. */
  async run(work: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = "";
    try {
      await work();
      return true;
    } catch (e) {
      this.error = toApiError(e).message;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
