// The sidebar and the badge list rendered on the server: first steps for a
// new learner, what the Learning Plan number counts, where issuing sits.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import type { Learner } from "../../lib/bindings/Learner";
import type { RecordCounts } from "../../lib/bindings/RecordCounts";
import RecordList from "../records/RecordList.svelte";
import Sidebar from "./Sidebar.svelte";

const learner: Learner = {
  id: "L1",
  created: "2026-01-01T00:00:00Z",
  updated: "2026-01-01T00:00:00Z",
  profile: { name: "Beth Robot", preferred_name: "", date_of_birth: null, school: "", cohort: "", interests: [], emails: [], framework_id: "", photo_sha256: "" },
};
const zero: RecordCounts = { experience: 0, reflection: 0, goal: 0, badge: 0, period: 0, plan: 0, check_in: 0, exhibition: 0, narrative: 0, showcase: 0 };
const noop = () => {};

function sidebar(counts: RecordCounts) {
  return render(Sidebar, {
    props: { learners: [learner], current: learner, section: "experience", counts, version: "", onswitch: noop, onadd: noop, onedit: noop, onsection: noop, planOpen: false, onplan: noop },
  }).body;
}

describe("Sidebar", () => {
  it("guides a new learner, marking period before plan, and says what the plan number counts", () => {
    const body = sidebar(zero);
    expect(body).toContain('data-testid="first-steps"');
    expect(body).toContain("0 of 5 done");
    expect(body.indexOf("Set up this marking period")).toBeLessThan(body.indexOf("Write the Learning Plan"));
    expect(body).toContain("No marking periods yet");
  });

  it("drops the checklist once everything is set up", () => {
    const body = sidebar({ ...zero, experience: 4, reflection: 2, period: 2, plan: 1, exhibition: 1 });
    expect(body).not.toContain('data-testid="first-steps"');
    expect(body).toContain("2 marking periods");
  });
});

describe("RecordList of badges", () => {
  it("keeps Import as one text run and offers issuing to advisors apart", () => {
    const { body } = render(RecordList, {
      props: { kind: "badge", records: [], loading: false, selectedId: null, onselect: noop, onnew: noop, onimportfiles: noop, onissue: noop },
    });
    expect(body).toMatch(/<span[^>]*>Import<span class="noun[^"]*"> badges<\/span>…<\/span>/);
    expect(body).toContain("Advisor or mentor?");
    expect(body).toContain('data-testid="issue-badge"');
    expect(body.indexOf('data-testid="issue-badge"')).toBeGreaterThan(body.indexOf('data-testid="new-record"'));
  });
});
