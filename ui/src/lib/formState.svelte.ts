// The state of one open form: values, errors, saving, dirty. Used by the
// record form and the learner form alike.

import { tick } from "svelte";
import type { ApiError } from "./bindings/ApiError";
import type { FieldError } from "./bindings/FieldError";
import { checkForm, inputNames, placeErrors, valuesDiffer, type FormDef, type FormValues, type PlacedErrors } from "./forms";

export class FormState {
  values: FormValues = $state({});
  errors: PlacedErrors = $state({ byInput: {}, unplaced: [] });
  saving = $state(false);
  #initial: FormValues;
  #def: FormDef<unknown>;

  constructor(def: FormDef<unknown>, values: FormValues) {
    this.#def = def;
    this.values = values;
    this.#initial = structuredClone(values);
  }

  /** Whether the user changed anything. */
  get dirty(): boolean {
    return valuesDiffer(this.values, this.#initial);
  }

  /** Shows `errors` on their inputs. */
  show(errors: readonly FieldError[]): void {
    this.errors = placeErrors(errors, inputNames(this.#def.fields, this.values));
  }

  /** Runs the client-side checks; true when the form may be sent. */
  check(): boolean {
    const errors = checkForm(this.#def, this.values);
    this.show(errors);
    return errors.length === 0;
  }

  /** Shows what the core refused: field errors inline, anything else on top. */
  showApiError(e: ApiError): void {
    if (e.code === "validation" && e.fields.length > 0) {
      this.show(e.fields);
    } else {
      this.errors = { byInput: {}, unplaced: [e.message] };
    }
  }

  /** Forgets the errors of one input (once the user edits it). */
  clear(name: string): void {
    if (name in this.errors.byInput) {
      const { [name]: _gone, ...rest } = this.errors.byInput;
      this.errors = { ...this.errors, byInput: rest };
    }
  }

  /** Moves the focus to the first input with an error. */
  async focusFirstError(form: HTMLFormElement | undefined): Promise<void> {
    await tick();
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** Marks the current values as saved (nothing unsaved any more). */
  markSaved(): void {
    this.#initial = structuredClone($state.snapshot(this.values));
  }
}
