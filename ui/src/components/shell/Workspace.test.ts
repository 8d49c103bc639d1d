// The workspace rendered on the server (no DOM, no effects, so no calls to the
// core): the panes are composed with the hooks the end-to-end tests use.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import type { Learner } from "../../lib/bindings/Learner";
import Workspace from "./Workspace.svelte";

const learner: Learner = {
  id: "L1",
  created: "2026-01-01T00:00:00Z",
  updated: "2026-01-01T00:00:00Z",
  profile: {
    name: "Nguyễn Văn An",
    preferred_name: "An",
    date_of_birth: null,
    school: "Escuela Pública Nº 7",
    cohort: "",
    interests: [],
    emails: [],
    framework_id: "",
    photo_sha256: "",
  },
};

describe("Workspace", () => {
  it("shows the sidebar, the list pane and the detail pane of the first section", () => {
    const { body } = render(Workspace, {
      props: { learners: [learner], learner, version: "1.2.3", onswitch: () => {}, onaddlearner: () => {}, oneditlearner: () => {} },
    });
    for (const hook of ['data-testid="workspace"', 'data-testid="learner-switcher"', 'data-testid="nav-experience"', 'data-testid="nav-plan"', 'data-testid="new-record"', 'data-testid="filter"']) {
      expect(body).toContain(hook);
    }
    expect(body).toContain('aria-label="Details"');
    expect(body).toContain("Nguyễn Văn An");
    expect(body).toContain("v1.2.3");
    // Nothing loaded yet: the list shows its skeleton, the detail pane its hint.
    expect(body).toContain('class="skeleton');
    expect(body).not.toContain('data-testid="record-detail"');
  });
});
