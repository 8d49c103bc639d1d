// The learning-goal frameworks as the workspace needs them: the learner's own
// (its goals and guiding questions) and all of them (tags are shown by name
// from any framework).

import { listFrameworks, type Framework } from "../api";
import { goalTagLabel } from "../frameworks";
import { frameworkFor, guidingQuestions } from "../plan";

/** The frameworks of one workspace. */
export class WorkspaceFrameworks {
  /** All frameworks. */
  all = $state<Framework[]>([]);
  /** Journal prompts: the guiding questions of the learner's framework. */
  prompts = $state<string[]>([]);
  #frameworkId: () => string;

  /** The learner's framework (none when it is missing). */
  readonly current: Framework | null;
  /** How a learning-goal tag is shown. */
  readonly tagLabel: (tag: string) => { label: string; muted: boolean };

  /** `frameworkId` gives the learner's framework id ("" = the default). */
  constructor(frameworkId: () => string) {
    this.#frameworkId = frameworkId;
    this.current = $derived(frameworkFor(this.all, frameworkId()));
    this.tagLabel = $derived((tag: string) => goalTagLabel(tag, this.current, this.all));
  }

  /** Loads the frameworks (again after they changed); no prompts when that fails. */
  load(): void {
    const fid = this.#frameworkId();
    listFrameworks().then(
      (list) => {
        this.all = list;
        this.prompts = guidingQuestions(frameworkFor(list, fid));
      },
      () => (this.prompts = []),
    );
  }
}
