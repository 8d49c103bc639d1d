// Typed wrappers around the Tauri IPC commands of the Rust core.
//
// Every command rejects with an `ApiError`; anything else that reaches us
// (a string from Tauri itself, a JS exception) is normalised into one, so the
// UI only ever handles one error shape.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { AnyRecord } from "./bindings/AnyRecord";
import type { ApiError } from "./bindings/ApiError";
import type { Learner } from "./bindings/Learner";
import type { LearnerProfile } from "./bindings/LearnerProfile";
import type { RecordData } from "./bindings/RecordData";
import type { RecordKind } from "./bindings/RecordKind";
import type { ShowcaseExport } from "./bindings/ShowcaseExport";

import type { AppStatus } from "./bindings/AppStatus";
import type { RecordCounts } from "./bindings/RecordCounts";
import type { CriterionSummary } from "./bindings/CriterionSummary";
import type { Framework } from "./bindings/Framework";
import type { PeriodOverview } from "./bindings/PeriodOverview";
import type { BadgeCheck } from "./bindings/BadgeCheck";
import type { BadgeImport } from "./bindings/BadgeImport";
import type { BadgeShare } from "./bindings/BadgeShare";
import type { BadgePresentation } from "./bindings/BadgePresentation";
import type { Issuer } from "./bindings/Issuer";
import type { IssueRequest } from "./bindings/IssueRequest";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { AttachOutcome } from "./bindings/AttachOutcome";
import type { Evidence } from "./bindings/Evidence";
import type { RenderRequest } from "./bindings/RenderRequest";
import type { ExportedDocument } from "./bindings/ExportedDocument";
import type { Paper } from "./bindings/Paper";
import type { ImportMode } from "./bindings/ImportMode";
import type { ImportReport } from "./bindings/ImportReport";
import type { LearnerOutcome } from "./bindings/LearnerOutcome";
import type { Conflict } from "./bindings/Conflict";
import type { Leap2aImported } from "./bindings/Leap2aImported";
import type { AuthorRole } from "./bindings/AuthorRole";
import type { CaseloadRow } from "./bindings/CaseloadRow";
import type { Comment } from "./bindings/Comment";
import type { CommentView } from "./bindings/CommentView";
import type { ConfirmedHours } from "./bindings/ConfirmedHours";
import type { ConflictNote } from "./bindings/ConflictNote";
import type { ExhibitionScores } from "./bindings/ExhibitionScores";
import type { HoursConfirmation } from "./bindings/HoursConfirmation";
import type { InviteOutcome } from "./bindings/InviteOutcome";
import type { LearnerSync } from "./bindings/LearnerSync";
import type { PanelSheet } from "./bindings/PanelSheet";
import type { Score } from "./bindings/Score";
import type { SheetView } from "./bindings/SheetView";
import type { PlanSignature } from "./bindings/PlanSignature";
import type { PlanVerification } from "./bindings/PlanVerification";
import type { RelayKind } from "./bindings/RelayKind";
import type { RemovalOutcome } from "./bindings/RemovalOutcome";
import type { SignatureCheck } from "./bindings/SignatureCheck";
import type { SyncReport } from "./bindings/SyncReport";
import type { SyncState } from "./bindings/SyncState";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { TeamSettings } from "./bindings/TeamSettings";
import type { TeamView } from "./bindings/TeamView";
import type { UnreadCount } from "./bindings/UnreadCount";
import type { TeamDevice } from "./bindings/TeamDevice";
import { attachHeaders, learnerPhotoHeaders, type EvidencePlaceKind } from "./media";

export type {
  AnyRecord,
  AuthorRole,
  CaseloadRow,
  Comment,
  CommentView,
  ConfirmedHours,
  ConflictNote,
  ExhibitionScores,
  HoursConfirmation,
  InviteOutcome,
  LearnerSync,
  PanelSheet,
  PlanSignature,
  PlanVerification,
  RelayKind,
  RemovalOutcome,
  Score,
  SheetView,
  SignatureCheck,
  SyncReport,
  SyncState,
  SyncStatus,
  TeamSettings,
  TeamView,
  UnreadCount,
  TeamDevice,
  Leap2aImported,
  Conflict,
  ImportMode,
  ImportReport,
  LearnerOutcome,
  ExportedDocument,
  Paper,
  RenderRequest,
  ApiError,
  AppStatus,
  AttachOutcome,
  BackupInfo,
  Evidence,
  BadgeCheck,
  BadgeImport,
  BadgeShare,
  CriterionSummary,
  Framework,
  IssueRequest,
  Issuer,
  Learner,
  LearnerProfile,
  PeriodOverview,
  RecordCounts,
  RecordData,
  RecordKind,
};

/** True for values that already look like an `ApiError` from the core. */
function isApiError(e: unknown): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === "string" && typeof o.message === "string";
}

/** Turns whatever a rejected command gave us into an `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) {
    const fields = Array.isArray(e.fields) ? e.fields : [];
    return { code: e.code, message: e.message, fields };
  }
  return { code: "internal", message: String(e), fields: [] };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export function appStatus(): Promise<AppStatus> {
  return call("app_status");
}

export function listLearners(): Promise<Learner[]> {
  return call("list_learners");
}

export function createLearner(profile: LearnerProfile): Promise<Learner> {
  return call("create_learner", { profile });
}

export function updateLearner(id: string, profile: LearnerProfile): Promise<Learner> {
  return call("update_learner", { id, profile });
}

/**
 * Makes a picture the learner's photo: the file's bytes go as the raw IPC body
 * (no path crosses IPC); pictures only. Returns the learner as saved.
 */
export async function setLearnerPhoto(learnerId: string, file: File): Promise<Learner> {
  const body = new Uint8Array(await file.arrayBuffer());
  try {
    return await invoke<Learner>("set_learner_photo", body, { headers: learnerPhotoHeaders(learnerId, file.name) });
  } catch (e) {
    throw toApiError(e);
  }
}

/** Clears the learner's photo (the file is cleaned up later, once unused). */
export function removeLearnerPhoto(learnerId: string): Promise<Learner> {
  return call("remove_learner_photo", { learnerId });
}

/** Deletes the learner and every record of theirs. */
export function deleteLearner(id: string): Promise<null> {
  return call("delete_learner", { id });
}

export function createDemoLearner(): Promise<Learner> {
  return call("create_demo_learner");
}

/** Records of one kind, newest first; `query` filters ("" = all). */
export function listRecords(learnerId: string, kind: RecordKind, query: string): Promise<AnyRecord[]> {
  return call("list_records", { learnerId, kind, query });
}

/** One record, as stored now. */
export function getRecord(kind: RecordKind, id: string): Promise<AnyRecord> {
  return call("get_record", { kind, id });
}

export function recordCounts(learnerId: string): Promise<RecordCounts> {
  return call("record_counts", { learnerId });
}

export function createRecord(learnerId: string, data: RecordData): Promise<AnyRecord> {
  return call("create_record", { learnerId, data });
}

export function updateRecord(id: string, data: RecordData): Promise<AnyRecord> {
  return call("update_record", { id, data });
}

/** Deletes a record and hands it back, so that it can be restored (undo). */
export function deleteRecord(kind: RecordKind, id: string): Promise<AnyRecord> {
  return call("delete_record", { kind, id });
}

export function restoreRecord(record: AnyRecord): Promise<AnyRecord> {
  return call("restore_record", { record });
}

/**
 * Tells the core the first frame is on screen (logs the cold-start time; the
 * benchmark uses it). Never fails the UI.
 */
export function appReady(): void {
  invoke("app_ready").catch(() => undefined);
}

// ---------------------------------------------------------------------------
// Learning-goal frameworks and the Learning Plan cycle

export function listFrameworks(): Promise<Framework[]> {
  return call("list_frameworks");
}

export function saveFramework(framework: Framework): Promise<Framework> {
  return call("save_framework", { framework });
}

export function deleteFramework(id: string): Promise<null> {
  return call("delete_framework", { id });
}

/** Imports the text of a Mahara `.matrix` file as a new framework. */
export function importFrameworkMatrix(text: string): Promise<Framework> {
  return call("import_framework_matrix", { text });
}

/** A framework as the text of a Mahara `.matrix` file. */
export function exportFrameworkMatrix(id: string): Promise<string> {
  return call("export_framework_matrix", { id });
}

export function periodOverview(learnerId: string, periodId: string): Promise<PeriodOverview> {
  return call("period_overview", { learnerId, periodId });
}

export function exhibitionSummary(id: string): Promise<CriterionSummary[]> {
  return call("exhibition_summary", { id });
}

/** Creates the plan of `periodId` carrying the exhibition's recommendations; returns it. */
export function startNextPlan(exhibitionId: string, periodId: string): Promise<AnyRecord> {
  return call("start_next_plan", { exhibitionId, periodId });
}

// ---------------------------------------------------------------------------
// Open Badges import and verification

/**
 * Imports one badge file (baked PNG/SVG, JSON, JWS/JWT) given as its bytes
 * (`Array.from(new Uint8Array(await file.arrayBuffer()))`). A CLR gives several
 * records. Refusals (not a badge, already here) are `invalid_input` errors.
 */
export function importBadge(learnerId: string, bytes: number[]): Promise<BadgeImport> {
  return call("import_badge", { learnerId, bytes });
}

/** Checks a stored badge (offline): signature, expiry, revocation list if cached, recipient. */
export function checkBadge(id: string): Promise<BadgeCheck> {
  return call("check_badge", { id });
}

/**
 * Asks where to save (native dialog), then writes the badge's original file
 * byte-exact, with a verification note beside a JSON credential. Null when
 * the user cancelled.
 */
export function shareBadge(learnerId: string, id: string): Promise<BadgeShare | null> {
  return call("share_badge", { learnerId, id });
}

/**
 * Asks where to save (native dialog), then writes a Verifiable Presentation
 * of the badge signed with the learner's own key. Null when cancelled.
 */
export function shareBadgePresentation(learnerId: string, id: string): Promise<BadgePresentation | null> {
  return call("share_badge_presentation", { learnerId, id });
}

/** Opens LinkedIn's "Add to profile" page for the badge in the browser (address built offline); returns it. */
export function addBadgeToLinkedIn(learnerId: string, id: string): Promise<string> {
  return call("add_badge_to_linkedin", { learnerId, id });
}

// ---------------------------------------------------------------------------
// Issuing badges (Open Badges 3.0, signed on this computer)

/** The issuers whose keys live on this computer. */
export function listIssuers(): Promise<Issuer[]> {
  return call("list_issuers");
}

/** Creates an issuer (a new Ed25519 key on this computer). Empty name: validation error on `name`. */
export function createIssuer(name: string, selfAsserted: boolean): Promise<Issuer> {
  return call("create_issuer", { name, selfAsserted });
}

/** Issues a badge to the learner (signed, baked into an SVG) and adds it to their portfolio. */
export function issueBadge(request: IssueRequest): Promise<BadgeImport> {
  return call("issue_badge", { request });
}

/** The issuer's private key encrypted with `passphrase` (≥ 8 characters), as JSON text. */
export function exportIssuerKey(id: string, passphrase: string): Promise<string> {
  return call("export_issuer_key", { id, passphrase });
}

// ---------------------------------------------------------------------------
// Portfolio archives (.lportfolio) and backups

/** Backups, newest first (works even when the store could not be opened). */
export function listBackups(): Promise<BackupInfo[]> {
  return call("list_backups");
}

/** Backs up every learner now. */
export function createBackup(): Promise<BackupInfo> {
  return call("create_backup");
}

/** Replaces everything with backup `name`; the current state is backed up first. */
export function restoreBackup(name: string): Promise<ImportReport> {
  return call("restore_backup", { name });
}

/**
 * Asks where to save (native dialog, opened by the core) and writes the learner's
 * portfolio (`learnerId` null = every learner) as a `.lportfolio` archive.
 * Bytes written, or null when the user cancelled.
 */
export function exportArchive(learnerId: string | null, suggestedName: string): Promise<number | null> {
  return call<number | null>("export_archive", { learnerId, suggestedName }).then((n) => (n === null ? null : Number(n)));
}

/**
 * Asks for an archive (native dialog), checks it, backs up and imports it all or
 * nothing. Null when the user cancelled. With mode "auto" an existing learner is
 * refused (`invalid_input`: "… import the archive as a copy or merge it …").
 */
export function importArchive(mode: ImportMode): Promise<ImportReport | null> {
  return call("import_archive", { mode });
}

/**
 * Only when the store could not be opened: moves the damaged store aside (never
 * deleted), rebuilds it from backup `name` and restarts the app (no normal return).
 */
export function recoverFromBackup(name: string): Promise<void> {
  return call("recover_from_backup", { name });
}

// ---------------------------------------------------------------------------
// Evidence: photos and files attached to experiences, journal entries, goals,
// plan goals and exhibition items

/**
 * Attaches one file to a record, or to a part of one (`part`: a plan goal's id,
 * an exhibition item's number, 1 = first). The bytes go as the raw request body
 * (no JSON); kind, record id, part and the percent-encoded file name as headers.
 * Refusals (HEIC photo, unreadable, too large) are `ApiError`s with a sentence for the user.
 */
export async function attachEvidence(kind: EvidencePlaceKind, recordId: string, file: File, part?: string): Promise<AttachOutcome> {
  const body = new Uint8Array(await file.arrayBuffer());
  try {
    return await invoke<AttachOutcome>("attach_evidence", body, { headers: attachHeaders(kind, recordId, file.name, part) });
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * Opens a stored evidence file in the system's viewer ("open") or shows it in
 * the file manager ("reveal"). Only the learner id and the file's SHA-256 are
 * sent: the core finds the file and refuses evidence that is not the learner's.
 */
export function handEvidenceToSystem(how: "open" | "reveal", learnerId: string, sha256: string): Promise<void> {
  return call(how === "open" ? "open_evidence" : "show_evidence_in_folder", { learnerId, sha256 });
}

/** The paper size usual where `locale` is (Letter in North America, else A4). */
export function paperForLocale(locale: string): Promise<Paper> {
  return call("paper_for_locale", { locale });
}

/**
 * Renders a print document (Learning Plan, exhibition packet, progress summary),
 * asks where to save it (native dialog, opened by the core), writes it and
 * opens it in the system's viewer when `open`. Null when the user cancelled.
 */
export function exportDocument(request: RenderRequest, open: boolean): Promise<ExportedDocument | null> {
  return call("export_document", { request, open });
}

// ---------------------------------------------------------------------------
// Showcases (created and edited with the record commands, kind "showcase")

/**
 * Exports a showcase as a website folder, a .zip or a PDF, after checking
 * that every item may be shown (a Private journal entry is refused first,
 * `not_showable`); the core asks where in a native dialog. Null when the
 * user cancelled.
 */
export function exportShowcase(
  learnerId: string,
  showcaseId: string,
  format: "folder" | "zip" | "pdf",
  paper: Paper | null = null,
): Promise<ShowcaseExport | null> {
  return call("export_showcase", { learnerId, showcaseId, format, paper });
}

// ---------------------------------------------------------------------------
// Other systems: Mahara (Leap2A)

/**
 * Asks for a Mahara (Leap2A) export (native dialog, opened by the core) and
 * imports it as a learner; importing the same export again adds nothing.
 * Null when the user cancelled.
 */
export function importLeap2a(): Promise<Leap2aImported | null> {
  return call("import_leap2a");
}

/** Asks where to save and writes the learner's portfolio as a Leap2A zip Mahara imports; the file's name, or null. */
export function exportLeap2a(learnerId: string, suggestedName: string): Promise<string | null> {
  return call("export_leap2a", { learnerId, suggestedName });
}

// ---------------------------------------------------------------------------
// The learning team: relay, invitations, sync, comments, sign-offs, hours,
// the advisor's caseload. Team calls may wait for the relay (a few seconds).

/** The learner's team as this device knows it; null when not shared with a team. */
export function teamView(learnerId: string): Promise<TeamView | null> {
  return call("team_view", { learnerId });
}

/** Shares the learner through the relay at `url` (`ws://HOST:PORT` or `wss://HOST`), or moves the team there. */
export function setTeamRelay(learnerId: string, url: string, kind: RelayKind): Promise<TeamSettings> {
  return call("set_team_relay", { learnerId, url, kind });
}

/**
 * Invites a person onto the team (student's device only). With `saveFile` a
 * native dialog asks where to save the `.invite` file (null when cancelled);
 * the outcome's `text` is the invitation to copy into a message.
 */
export function inviteToTeam(learnerId: string, role: AuthorRole, name: string, saveFile: boolean): Promise<InviteOutcome | null> {
  return call("invite_to_team", { learnerId, role, name, saveFile });
}

/** Joins a team from pasted invitation text, or (text null) from an `.invite` file picked in a native dialog (null when cancelled). */
export function joinTeam(text: string | null): Promise<Learner | null> {
  return call("join_team", { text });
}

/** Removes a person (or an open invitation) by device key; the outcome says what they keep. */
export function removeMember(learnerId: string, did: string): Promise<RemovalOutcome> {
  return call("remove_member", { learnerId, did });
}

/** One sync round with every relay now. */
export function syncNow(): Promise<SyncReport> {
  return call("sync_now");
}

/** One sync round for one learner now. */
export function syncLearner(learnerId: string): Promise<LearnerSync> {
  return call("sync_learner", { learnerId });
}

/** Where this device stands with its relays (does not contact them). */
export function syncStatus(): Promise<SyncStatus> {
  return call("sync_status");
}

/** Calls `onStatus` with the background sync's status after every round (the last known one at once). */
export function watchSyncStatus(onStatus: (s: SyncStatus) => void): void {
  const channel = new Channel<SyncStatus>();
  channel.onmessage = onStatus;
  call("watch_sync_status", { channel }).catch(() => undefined);
}

/** The comments on `on` (`KIND:ID` or `KIND:ID#PART`), oldest first. */
export function commentThread(learnerId: string, on: string): Promise<CommentView[]> {
  return call("comment_thread", { learnerId, on });
}

/** Comments on `on` as this device's person; it goes to the team at the next sync. */
export function addComment(learnerId: string, on: string, text: string): Promise<Comment> {
  return call("add_comment", { learnerId, on, text });
}

/** Marks the comments on `on` read on this device; how many were unread. */
export function markCommentsRead(learnerId: string, on: string): Promise<number> {
  return call("mark_comments_read", { learnerId, on });
}

/** Unread comments of the learner, per target (targets with none left out). */
export function unreadComments(learnerId: string): Promise<UnreadCount[]> {
  return call("unread_comments", { learnerId });
}

/** Signs the plan's current revision with this device's key as `name`. */
export function signPlanRevision(learnerId: string, planId: string, name: string): Promise<PlanSignature> {
  return call("sign_plan_revision", { learnerId, planId, name });
}

/** Every signature on the plan, each checked (valid / earlier revision / invalid). */
export function verifyPlan(learnerId: string, planId: string): Promise<PlanVerification> {
  return call("verify_plan", { learnerId, planId });
}

/** Confirms an experience's hours (a mentor's or advisor's device). */
export function confirmHours(learnerId: string, experienceId: string, hours: number): Promise<HoursConfirmation> {
  return call("confirm_hours", { learnerId, experienceId, hours });
}

/** Every confirmation of hours on the learner's experiences. */
export function hoursConfirmations(learnerId: string): Promise<ConfirmedHours[]> {
  return call("hours_confirmations", { learnerId });
}

/** Hands in this device's person's score sheet for an exhibition (sent to the team at the next sync). */
export function scoreExhibition(learnerId: string, exhibitionId: string, scores: Score[], comment: string): Promise<PanelSheet> {
  return call("score_exhibition", { learnerId, exhibitionId, scores, comment });
}

/** Every score sheet of an exhibition (the record's and the team's, each with who and from which device) and the criterion summary. */
export function exhibitionScores(learnerId: string, exhibitionId: string): Promise<ExhibitionScores> {
  return call("exhibition_scores", { learnerId, exhibitionId });
}

/** Every learner on this device, sorted by who needs attention. */
export function caseload(): Promise<CaseloadRow[]> {
  return call("caseload");
}

/** Values typed into the record's fields on other devices at the same time (kept so nothing is lost). */
export function recordConflicts(kind: RecordKind, id: string): Promise<ConflictNote[]> {
  return call("record_conflicts", { kind, id });
}
