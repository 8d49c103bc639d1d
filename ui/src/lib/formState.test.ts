import { describe, expect, it } from "vitest";
import { FormState } from "./formState.svelte";
import { learnerForm } from "./recordForms";

const fresh = () => new FormState(learnerForm, learnerForm.toValues(learnerForm.blank()));

describe("FormState", () => {
  it("shows client-side required errors on the input", () => {
    const form = fresh();
    expect(form.check()).toBe(false);
    expect(form.errors.byInput).toEqual({ name: ["Name is required."] });
    form.values["name"] = "Maya";
    expect(form.check()).toBe(true);
    expect(form.errors.byInput).toEqual({});
  });

  it("puts the core's validation errors on the inputs, list items on the list", () => {
    const form = fresh();
    form.showApiError({
      code: "validation",
      message: "“x” does not look like an email address.",
      fields: [
        { field: "emails[1]", message: "“x” does not look like an email address." },
        { field: "name", message: "Name is too long (400 characters; at most 300)." },
      ],
    });
    expect(form.errors.byInput["emails"]).toEqual(["“x” does not look like an email address."]);
    expect(form.errors.byInput["name"]).toHaveLength(1);
    form.clear("emails");
    expect(form.errors.byInput["emails"]).toBeUndefined();
  });

  it("shows other errors above the form", () => {
    const form = fresh();
    form.showApiError({ code: "storage", message: "The disk is full.", fields: [] });
    expect(form.errors).toEqual({ byInput: {}, unplaced: ["The disk is full."] });
  });

  it("knows when there are unsaved changes", () => {
    const form = fresh();
    expect(form.dirty).toBe(false);
    form.values["school"] = "Eastside";
    expect(form.dirty).toBe(true);
    form.markSaved();
    expect(form.dirty).toBe(false);
  });
});
