// The team's pieces of the UI rendered on the server: the sync indicator
// says where things stand in words (never a spinner), the sidebar offers
// the Team screen with unread counts, and a team member's replica offers
// no Edit or Delete.
import { render } from "svelte/server";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyRecord } from "../../lib/bindings/AnyRecord";
import type { Learner } from "../../lib/bindings/Learner";
import type { SyncStatus } from "../../lib/bindings/SyncStatus";
import { team } from "../../lib/team.svelte";
import { testMeta } from "../../lib/testData";
import RecordDetail from "../records/RecordDetail.svelte";
import Sidebar from "../shell/Sidebar.svelte";
import SyncIndicator from "../shell/SyncIndicator.svelte";

const noop = () => {};
const learner: Learner = {
  id: "L",
  created: "2026-01-01T00:00:00Z",
  updated: "2026-01-01T00:00:00Z",
  profile: { name: "Ana Nguyễn", preferred_name: "", date_of_birth: null, school: "", cohort: "", interests: [], emails: [], framework_id: "", photo_sha256: "" },
};

function status(state: SyncStatus["state"], summary: string, role: "student" | "family" = "student", error: string | null = null): SyncStatus {
  return {
    state,
    changes_waiting: 0,
    failing_since: null,
    summary,
    learners: [
      { learner_id: "L", relay: "ws://127.0.0.1:9/", role, state, changes_waiting: 0, documents_waiting: [], last_success: null, failing_since: null, last_error: error, summary },
    ],
  };
}

const experience: AnyRecord = {
  kind: "experience",
  meta: testMeta("E1"),
  data: { kind: "internship", title: "Bike workshop", organisation: "", location: "", mentor: { name: "", role: "", contact: "" }, start_date: "2026-09-07", end_date: null, hours: 12, description: "", goal_tags: [], status: "completed", evidence: [] },
} as AnyRecord;

afterEach(() => {
  team.status = null;
});

describe("team UI", () => {
  it("shows no indicator when nothing is shared", () => {
    team.status = status("not_shared", "Not shared with a team");
    expect(render(SyncIndicator).body).not.toContain("sync-indicator");
  });

  it("says the relay is unreachable, why, and offers Sync now", () => {
    team.status = status("unreachable", "Relay unreachable since 14:05", "student", "The relay at ws://127.0.0.1:9/ could not be reached.");
    const body = render(SyncIndicator).body;
    expect(body).toContain("Relay unreachable since 14:05");
    expect(body).toContain("could not be reached");
    expect(body).toContain("Sync now");
    expect(body).toContain('role="status"');
  });

  it("offers the Team screen with unread comments in the sidebar", () => {
    const body = render(Sidebar, {
      props: {
        learners: [learner],
        current: learner,
        section: "experience",
        counts: null,
        version: "",
        onswitch: noop,
        onadd: noop,
        onedit: noop,
        onsection: noop,
        planOpen: false,
        onplan: noop,
        onpane: noop,
        unread: [
          { on: "experience:E1", count: 2 },
          { on: "plan:P#g", count: 1 },
        ],
      },
    }).body;
    expect(body).toContain('data-testid="nav-team"');
    expect(body).toMatch(/data-testid="unread-experience"[^>]*>2/);
    expect(body).toMatch(/data-testid="unread-total"[^>]*>3/);
    expect(body).not.toContain("nav-caseload");
  });

  it("offers Edit and Delete on the student's device only", () => {
    const props = { record: experience as never, linkTitles: new Map(), ontogglestep: noop, onopen: noop };
    expect(render(RecordDetail, { props: { ...props, onedit: noop, ondelete: noop } }).body).toContain("edit-record");
    team.status = status("up_to_date", "Up to date", "family");
    const replica = render(RecordDetail, { props }).body;
    expect(replica).toContain("Bike workshop");
    expect(replica).not.toContain("edit-record");
    expect(replica).not.toContain("delete-record");
  });
});
