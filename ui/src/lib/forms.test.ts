import { describe, expect, it } from "vitest";
import type { BadgeData } from "./bindings/BadgeData";
import type { ExperienceData } from "./bindings/ExperienceData";
import type { GoalData } from "./bindings/GoalData";
import type { RecordData } from "./bindings/RecordData";
import { todayIso } from "./dates";
import {
  checkForm,
  checkRequired,
  fieldId,
  inputForPath,
  inputNames,
  parseNumber,
  placeErrors,
  splitList,
  valuesDiffer,
  type FormValues,
  type StepValue,
} from "./forms";
import { badgeForm, experienceForm, goalForm, learnerForm, recordToValues, reflectionForm, valuesToRecord } from "./recordForms";

const experience: ExperienceData = {
  kind: "internship",
  title: "Vet clinic internship",
  organisation: "Eastside Animal Hospital",
  location: "",
  mentor: { name: "Dr. Ruiz", role: "Vet", contact: "" },
  start_date: "2026-09-01",
  end_date: null,
  hours: 12.5,
  description: "Line one\n\n- a",
  goal_tags: ["communication", "empirical reasoning"],
  status: "ongoing",
  evidence: [],
};

describe("single value conversions", () => {
  it("splits comma lists (and line breaks), trimming and dropping empty items", () => {
    expect(splitList(" communication,  empirical reasoning ,, ")).toEqual(["communication", "empirical reasoning"]);
    expect(splitList("a\nb, c")).toEqual(["a", "b", "c"]);
    expect(splitList("")).toEqual([]);
    expect(splitList("https://x.org/a,b\n\nhttps://y.org", "line")).toEqual(["https://x.org/a,b", "https://y.org"]);
  });

  it("parses numbers as typed", () => {
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("  ")).toBeNull();
    expect(parseNumber("12.5")).toBe(12.5);
    expect(parseNumber("12,5")).toBe(12.5);
    expect(parseNumber("40")).toBe(40);
    expect(parseNumber("1e3")).toBeNaN();
    expect(parseNumber("twelve")).toBeNaN();
  });
});

describe("experience form", () => {
  it("round-trips data through form values", () => {
    const values = experienceForm.toValues(experience);
    expect(values["goal_tags"]).toEqual(["communication", "empirical reasoning"]);
    expect(values["hours"]).toBe("12.5");
    expect(values["end_date"]).toBe("");
    expect(values["mentor.name"]).toBe("Dr. Ruiz");
    expect(experienceForm.fromValues(values, experience)).toEqual(experience);
  });

  it("turns empty end date and hours into null and keeps the learning goals picked (ids)", () => {
    const values = { ...experienceForm.toValues(experience), end_date: "", hours: "", goal_tags: ["empirical_reasoning", "communication"] };
    const data = experienceForm.fromValues(values, experience);
    expect(data.end_date).toBeNull();
    expect(data.hours).toBeNull();
    expect(data.goal_tags).toEqual(["empirical_reasoning", "communication"]);
    expect(experienceForm.fields.find((f) => f.type !== "group" && f.name === "goal_tags")?.type).toBe("goals");
  });

  it("reads hours '12.5' as 12.5 and trims the title", () => {
    const values = { ...experienceForm.toValues(experience), hours: "12.5", title: "  Robotics  " };
    const data = experienceForm.fromValues(values, experience);
    expect(data.hours).toBe(12.5);
    expect(data.title).toBe("Robotics");
  });

  it("starts a new experience today, ongoing", () => {
    const blank = experienceForm.blank();
    expect(blank.start_date).toBe(todayIso());
    expect(blank.status).toBe("ongoing");
    expect(blank.end_date).toBeNull();
  });

  it("checks required fields, hours and date order on the client", () => {
    const values = { ...experienceForm.toValues(experience), title: " ", hours: "lots", end_date: "2026-08-01" };
    expect(checkForm(experienceForm, values)).toEqual([
      { field: "title", message: "Title is required." },
      { field: "end_date", message: "End date cannot be before the start date." },
      { field: "hours", message: "Hours must be a number." },
    ]);
    expect(checkForm(experienceForm, experienceForm.toValues(experience))).toEqual([]);
  });

  it("requires the start date", () => {
    const values = { ...experienceForm.toValues(experience), start_date: "" };
    expect(checkRequired(experienceForm.fields, values)).toEqual([
      { field: "start_date", message: "Start date is required." },
    ]);
  });
});

describe("reflection form", () => {
  it("keeps linked ids and defaults to a private entry dated today", () => {
    const blank = reflectionForm.blank();
    expect(blank.visibility).toBe("private");
    expect(blank.date).toBe(todayIso());
    const values = { ...reflectionForm.toValues(blank), title: "Day one", experience_ids: ["e1", "e2"] };
    const data = reflectionForm.fromValues(values, blank);
    expect(data.experience_ids).toEqual(["e1", "e2"]);
    expect(data.goal_ids).toEqual([]);
  });

  it("needs a title and a date", () => {
    const values = { ...reflectionForm.toValues(reflectionForm.blank()), date: "" };
    expect(checkForm(reflectionForm, values).map((e) => e.message)).toEqual([
      "Date is required.",
      "Title is required.",
    ]);
  });
});

describe("goal form", () => {
  const goal: GoalData = {
    statement: "Present my research",
    why: "",
    goal_tags: [],
    target_date: null,
    status: "in_progress",
    steps: [
      { text: "Book the room", done: true },
      { text: "Make slides", done: false },
    ],
    progress_notes: [{ date: "2026-10-02", text: "Topic chosen" }],
    evidence: [],
  };

  it("round-trips steps and notes (row keys do not leak into the data)", () => {
    const values = goalForm.toValues(goal);
    expect(goalForm.fromValues(values, goal)).toEqual(goal);
  });

  it("names the empty step as the core does", () => {
    const values = goalForm.toValues(goal);
    const steps = values["steps"] as StepValue[];
    values["steps"] = [...steps, { key: 99, text: "  ", done: false }];
    expect(checkForm(goalForm, values)).toEqual([{ field: "steps[2].text", message: "Step 3 is required." }]);
  });

  it("says the goal itself is required", () => {
    const values = { ...goalForm.toValues(goal), statement: "" };
    expect(checkForm(goalForm, values)).toEqual([{ field: "statement", message: "Goal is required." }]);
  });
});

describe("badge form", () => {
  const imported: BadgeData = {
    name: "Robotics Level 1",
    issuer_name: "City Science Museum",
    issued_on: "2026-05-01",
    expires_on: null,
    description: "",
    criteria: "",
    image_ref: "media:abc",
    evidence_links: [],
    goal_tags: ["communication"],
    attached_keys: [],
    source: "open_badges2",
    original_credential: "iVBORwD/",
  };

  it("keeps fields the form does not show untouched on edit", () => {
    const values = { ...badgeForm.toValues(imported), name: "Robotics Level 2", evidence_links: "https://a.org\n" };
    const data = badgeForm.fromValues(values, imported);
    expect(data.name).toBe("Robotics Level 2");
    expect(data.evidence_links).toEqual(["https://a.org"]);
    expect(data.image_ref).toBe("media:abc");
    expect(data.source).toBe("open_badges2");
    expect(data.original_credential).toBe("iVBORwD/");
  });

  it("marks new badges as manual", () => {
    const data = valuesToRecord("badge", { ...recordToValues("badge", null), name: "N", issuer_name: "I" }, null);
    expect(data.kind).toBe("badge");
    if (data.kind === "badge") {
      expect(data.data.source).toBe("manual");
      expect(data.data.original_credential).toBeNull();
    }
  });

  it("requires name, issuer and issue date", () => {
    const values = { ...badgeForm.toValues(badgeForm.blank()), issued_on: "" };
    expect(checkForm(badgeForm, values).map((e) => e.message)).toEqual([
      "Badge name is required.",
      "Issuer is required.",
      "Issue date is required.",
    ]);
  });
});

describe("learner form", () => {
  it("converts interests and emails lists and an empty birthday", () => {
    const values = {
      ...learnerForm.toValues(learnerForm.blank()),
      name: " Maya Johnson ",
      interests: "animals, music",
      emails: "maya@example.org, m.j@example.org",
    };
    expect(learnerForm.fromValues(values, learnerForm.blank())).toEqual({
      name: "Maya Johnson",
      preferred_name: "",
      date_of_birth: null,
      school: "",
      cohort: "",
      interests: ["animals", "music"],
      emails: ["maya@example.org", "m.j@example.org"],
      framework_id: "",
      photo_sha256: "",
    });
  });

  it("requires a name", () => {
    expect(checkForm(learnerForm, learnerForm.toValues(learnerForm.blank()))).toEqual([
      { field: "name", message: "Name is required." },
    ]);
  });
});

describe("record form dispatch", () => {
  it("keeps the record's kind and data through values", () => {
    const original: RecordData = { kind: "experience", data: experience };
    const values = recordToValues("experience", original);
    expect(valuesToRecord("experience", values, original)).toEqual(original);
  });
});

describe("placing errors on inputs", () => {
  it("maps list item paths onto the list's input", () => {
    const names = inputNames(learnerForm.fields, learnerForm.toValues(learnerForm.blank()));
    expect(inputForPath("emails[1]", names)).toBe("emails");
    expect(inputForPath("name", names)).toBe("name");
    expect(inputForPath("nonsense.field", names)).toBeNull();
  });

  it("puts row errors on the row's input, or on the list when the row is gone", () => {
    const values: FormValues = goalForm.toValues({
      ...goalForm.blank(),
      steps: [
        { text: "a", done: false },
        { text: "", done: false },
      ],
    });
    const names = inputNames(goalForm.fields, values);
    expect(inputForPath("steps[1].text", names)).toBe("steps[1].text");
    expect(inputForPath("steps[5].text", names)).toBe("steps");
    expect(inputForPath("progress_notes[0].text", names)).toBe("progress_notes");
  });

  it("groups messages per input and keeps unplaceable ones apart", () => {
    const placed = placeErrors(
      [
        { field: "emails[0]", message: "“x” does not look like an email address." },
        { field: "emails[2]", message: "“y” does not look like an email address." },
        { field: "mentor.name", message: "Mentor's name is too long." },
        { field: "somewhere", message: "Something else." },
      ],
      ["emails", "mentor.name"],
    );
    expect(placed.byInput).toEqual({
      emails: ["“x” does not look like an email address.", "“y” does not look like an email address."],
      "mentor.name": ["Mentor's name is too long."],
    });
    expect(placed.unplaced).toEqual(["Something else."]);
  });

  it("makes safe, unique DOM ids from field paths", () => {
    expect(fieldId("rec", "mentor.name")).toBe("rec-mentor-name");
    expect(fieldId("rec", "steps[1].text")).toBe("rec-steps-1--text");
  });
});

describe("unsaved changes", () => {
  it("notices a change and its undoing", () => {
    const a = experienceForm.toValues(experience);
    const b = { ...a, title: "Other" };
    expect(valuesDiffer(a, b)).toBe(true);
    expect(valuesDiffer(a, { ...b, title: experience.title })).toBe(false);
  });
});

describe("evidence through the forms", () => {
  const photo = {
    sha256: "f00d",
    url: "",
    name: "clinic.jpg",
    kind: "image",
    mime: "image/jpeg",
    size: 1234 as unknown as bigint,
    caption: "At the clinic",
    alt: "A dog on the exam table",
    shows_others: true,
  };

  it("starts new experiences, journal entries and goals without evidence", () => {
    expect(experienceForm.blank().evidence).toEqual([]);
    expect(reflectionForm.blank().evidence).toEqual([]);
    expect(goalForm.blank().evidence).toEqual([]);
  });

  it("keeps the evidence unchanged when a record is edited", () => {
    const withPhoto = { ...experience, evidence: [photo] };
    const values = { ...experienceForm.toValues(withPhoto), title: "Renamed" };
    const data = experienceForm.fromValues(values, withPhoto);
    expect(data.title).toBe("Renamed");
    expect(data.evidence).toEqual([photo]);
    const rec = valuesToRecord("goal", { statement: "S", status: "planned" }, {
      kind: "goal",
      data: { ...goalForm.blank(), statement: "Old", evidence: [photo] },
    });
    expect(rec.kind === "goal" && rec.data.evidence).toEqual([photo]);
    const refl = reflectionForm.fromValues(reflectionForm.toValues({ ...reflectionForm.blank(), title: "T", evidence: [photo] }), {
      ...reflectionForm.blank(),
      evidence: [photo],
    });
    expect(refl.evidence).toEqual([photo]);
  });
});
