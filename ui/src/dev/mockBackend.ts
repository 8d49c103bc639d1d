// An in-memory stand-in for the Rust core, for `vite --mode mock` only (never
// in the production build). Lets the UI run in a plain browser for design
// work and screenshots. Behaviour follows the real commands loosely: required
// fields are validated, lists are newest first and filtered by text.
//
// `?scenario=` in the URL picks the start: `empty` (default, onboarding),
// `demo` (one demo learner), `store_error` (the store is in use elsewhere) or
// `store_damaged` (the store could not be read; backups are offered).

import { mockIPC } from "@tauri-apps/api/mocks";
import type { AnyRecord } from "../lib/bindings/AnyRecord";
import type { ApiError } from "../lib/bindings/ApiError";
import type { FieldError } from "../lib/bindings/FieldError";
import type { Learner } from "../lib/bindings/Learner";
import type { LearnerProfile } from "../lib/bindings/LearnerProfile";
import type { RecordData } from "../lib/bindings/RecordData";
import type { RecordKind } from "../lib/bindings/RecordKind";
import type { AppStatus, RecordCounts } from "../lib/api";
import type { CriterionSummary } from "../lib/bindings/CriterionSummary";
import type { Framework } from "../lib/bindings/Framework";
import type { PeriodOverview } from "../lib/bindings/PeriodOverview";
import type { BadgeCheck } from "../lib/bindings/BadgeCheck";
import type { BadgeImport } from "../lib/bindings/BadgeImport";
import type { IssueRequest } from "../lib/bindings/IssueRequest";
import type { Issuer } from "../lib/bindings/Issuer";
import type { BackupInfo } from "../lib/bindings/BackupInfo";
import type { ImportMode, ImportReport } from "../lib/api";
import { bytesToBase64 } from "../lib/badges";
import type { AttachOutcome } from "../lib/bindings/AttachOutcome";
import type { Evidence } from "../lib/bindings/Evidence";
import { setMediaResolver, withItemEvidence, withPlanGoalEvidence } from "../lib/media";

const BPL: Framework = {
  id: "bpl",
  name: "Big Picture Learning",
  description: "The five learning goals of Big Picture Learning.",
  institution: "Big Picture Learning",
  builtin: true,
  updated: null,
  goals: [
    { id: "empirical_reasoning", name: "Empirical Reasoning", description: "Thinking like a scientist.", guiding_questions: ["How do I prove it?"] },
    { id: "quantitative_reasoning", name: "Quantitative Reasoning", description: "Thinking like a mathematician.", guiding_questions: ["How do I measure, compare or represent it?"] },
    { id: "communication", name: "Communication", description: "Taking in and expressing ideas.", guiding_questions: ["How do I take in and express ideas?"] },
    { id: "social_reasoning", name: "Social Reasoning", description: "Seeing other perspectives.", guiding_questions: ["What are other people's perspectives on this?"] },
    { id: "personal_qualities", name: "Personal Qualities", description: "What I bring.", guiding_questions: ["What do I bring to this process?"] },
  ],
};
const frameworks = new Map<string, Framework>([[BPL.id, BPL]]);

const learners = new Map<string, Learner>();
const records = new Map<string, AnyRecord>();
let seq = 0;

function id(): string {
  seq += 1;
  return `0190${Date.now().toString(16)}-${seq.toString(16).padStart(4, "0")}`;
}

function now(): string {
  return new Date().toISOString();
}

function fail(code: ApiError["code"], message: string, fields: FieldError[] = []): never {
  throw { code, message, fields } satisfies ApiError;
}

function required(fields: FieldError[], field: string, label: string, value: string) {
  if (!value.trim()) fields.push({ field, message: `${label} is required.` });
}

function validate(data: RecordData): void {
  const f: FieldError[] = [];
  switch (data.kind) {
    case "experience":
      required(f, "title", "Title", data.data.title);
      if (data.data.end_date && data.data.end_date < data.data.start_date)
        f.push({ field: "end_date", message: "End date cannot be before the start date." });
      if (data.data.hours !== null && data.data.hours < 0) f.push({ field: "hours", message: "Hours must be zero or more." });
      break;
    case "reflection":
      required(f, "title", "Title", data.data.title);
      break;
    case "goal":
      required(f, "statement", "Goal", data.data.statement);
      data.data.steps.forEach((s, i) => required(f, `steps[${i}].text`, `Step ${i + 1}`, s.text));
      break;
    case "badge":
      required(f, "name", "Badge name", data.data.name);
      required(f, "issuer_name", "Issuer", data.data.issuer_name);
      break;
    case "exhibition":
      if (data.data.rubric.criteria.length === 0) f.push({ field: "rubric.criteria", message: "The rubric needs at least one criterion." });
      if (data.data.rubric.levels.length === 0) f.push({ field: "rubric.levels", message: "The rubric needs at least one level." });
      break;
  }
  if (f.length) fail("validation", f[0]?.message ?? "The input is not valid.", f);
}

function validateProfile(p: LearnerProfile): void {
  const f: FieldError[] = [];
  required(f, "name", "Name", p.name);
  p.emails.forEach((e, i) => {
    if (!/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(e))
      f.push({ field: `emails[${i}]`, message: `“${e}” does not look like an email address.` });
  });
  if (f.length) fail("validation", f[0]?.message ?? "The input is not valid.", f);
}

function sortDate(r: AnyRecord): string {
  switch (r.kind) {
    case "experience":
      return r.data.start_date;
    case "reflection":
      return r.data.date;
    case "badge":
      return r.data.issued_on;
    case "goal":
    case "plan":
    case "narrative":
      return "";
    case "period":
      return r.data.start;
    case "check_in":
    case "exhibition":
      return r.data.date;
  }
}

function searchText(r: AnyRecord): string {
  return JSON.stringify(r.data).toLowerCase();
}

function makeLearner(profile: LearnerProfile): Learner {
  validateProfile(profile);
  const t = now();
  const l: Learner = { id: id(), created: t, updated: t, profile };
  learners.set(l.id, l);
  return l;
}

function makeRecord(learnerId: string, data: RecordData): AnyRecord {
  if (!learners.has(learnerId)) fail("not_found", "That learner does not exist.");
  validate(data);
  const t = now();
  const r = {
    kind: data.kind,
    meta: { id: id(), learner_id: learnerId, created: t, updated: t, author_role: "student" },
    data: data.data,
  } as AnyRecord;
  records.set(r.meta.id, r);
  return r;
}

function counts(learnerId: string): RecordCounts {
  const c: RecordCounts = {
    experience: 0,
    reflection: 0,
    goal: 0,
    badge: 0,
    period: 0,
    plan: 0,
    check_in: 0,
    exhibition: 0,
    narrative: 0,
  };
  for (const r of records.values()) if (r.meta.learner_id === learnerId) c[r.kind] += 1;
  return c;
}

function demoLearner(): Learner {
  const l = makeLearner({
    name: "Maya Johnson",
    preferred_name: "Maya",
    date_of_birth: "2009-03-14",
    school: "Eastside Big Picture Academy",
    cohort: "Grade 10",
    interests: ["animals", "biology", "photography"],
    emails: ["maya.johnson@example.org"],
    framework_id: "",
    photo_sha256: "",
  });
  const exp1 = makeRecord(l.id, {
    kind: "experience",
    data: {
      kind: "internship",
      title: "Vet clinic internship",
      organisation: "Eastside Animal Hospital",
      location: "Eastside",
      mentor: { name: "Dr. Ana Ruiz", role: "Veterinarian", contact: "ana.ruiz@example.org" },
      start_date: "2026-09-01",
      end_date: null,
      hours: 46.5,
      description:
        "Two days a week at the clinic.\n\n## What I do\n- Prepare exam rooms\n- Weigh patients and record **vital signs**\n- Shadow *surgery* on Thursdays",
      goal_tags: ["empirical reasoning", "communication"],
      status: "ongoing",
      evidence: [],
    },
  });
  makeRecord(l.id, {
    kind: "experience",
    data: {
      kind: "project",
      title: "Bird migration photo study",
      organisation: "",
      location: "River park",
      mentor: { name: "", role: "", contact: "" },
      start_date: "2026-04-10",
      end_date: "2026-06-20",
      hours: 30,
      description: "Photographed and counted birds each weekend and compared with last year's counts.",
      goal_tags: ["quantitative reasoning"],
      status: "completed",
      evidence: [],
    },
  });
  makeRecord(l.id, {
    kind: "experience",
    data: {
      kind: "museum_visit",
      title: "Natural history museum: evolution hall",
      organisation: "City Museum",
      location: "Downtown",
      mentor: { name: "", role: "", contact: "" },
      start_date: "2026-02-03",
      end_date: "2026-02-03",
      hours: 3,
      description: "",
      goal_tags: [],
      status: "completed",
      evidence: [],
    },
  });
  const goal = makeRecord(l.id, {
    kind: "goal",
    data: {
      statement: "Present my research to a real audience",
      why: "I want to get better at explaining science to people who are not scientists.",
      goal_tags: ["communication"],
      target_date: "2027-05-15",
      status: "in_progress",
      steps: [
        { text: "Pick a topic with Dr. Ruiz", done: true },
        { text: "Book the library room", done: true },
        { text: "Make slides", done: false },
        { text: "Practice with my advisor", done: false },
      ],
      progress_notes: [
        { date: "2026-10-02", text: "Topic chosen: how vets read blood tests." },
        { date: "2026-10-20", text: "Room booked for **May 12**." },
      ],
      evidence: [],
    },
  });
  makeRecord(l.id, {
    kind: "reflection",
    data: {
      date: "2026-10-14",
      title: "First surgery day",
      body: "Today I watched my first surgery.\n\nI learned three things:\n1. Everyone has a job\n2. *Checklists* save lives\n3. It is okay to feel nervous\n\nNext week I will ask about `anaesthesia` doses. <script>alert(1)</script> stays text.",
      experience_ids: [exp1.meta.id],
      goal_ids: [goal.meta.id],
      prompt: "What surprised you this week?",
      visibility: "learning_team",
      evidence: [],
    },
  });
  makeRecord(l.id, {
    kind: "badge",
    data: {
      name: "Animal Care Level 1",
      issuer_name: "Eastside Animal Hospital",
      issued_on: "2026-10-30",
      expires_on: null,
      description: "Basic animal handling and hygiene.",
      criteria: "Completed 40 hours of supervised care.",
      image_ref: null,
      evidence_links: ["https://example.org/evidence/maya-care-log"],
      goal_tags: [],
      attached_keys: [],
      source: "manual",
      original_credential: null,
    },
  });
  return l;
}

// ---------------------------------------------------------------------------
// Badge import and check (fake: nothing is really verified)

/** Imported files by a cheap fingerprint, to refuse duplicates. */
const importedFiles = new Map<string, string>();

function fingerprint(bytes: number[]): string {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return `${bytes.length}-${h.toString(16).padStart(8, "0")}`;
}

/** A fake check: manual badges are "manual", expired ones "expired", PNGs "verified", the rest offline. */
function fakeCheck(r: AnyRecord): BadgeCheck {
  if (r.kind !== "badge") return fail("not_found", "That badge does not exist.");
  const d = r.data;
  const base: BadgeCheck = {
    status: "manual",
    detail: "This badge was entered by hand; there is no credential to check.",
    warnings: [],
    format: null,
    recipient_matches: null,
    recipient: null,
    achievement_type: null,
    alignments: [],
    found_in: null,
    sha256: null,
    raw_json: "",
  };
  if (d.source === "manual" || !d.original_credential) return base;
  const learner = learners.get(r.meta.learner_id);
  const email = learner?.profile.emails[0] ?? null;
  const today = new Date().toISOString().slice(0, 10);
  const expired = d.expires_on !== null && d.expires_on < today;
  const png = d.original_credential.startsWith("iVBORw0KGgo");
  const issuedHere = issuedCredentials.has(d.original_credential);
  if (!expired && (issuedHere || (!png && d.attached_keys.length))) {
    return {
      ...base,
      status: "verified",
      detail: issuedHere
        ? "The issuer's signature was checked on this device."
        : "The signature was checked with the issuer key you attached.",
      format: issuedHere ? "ob3" : d.source === "open_badges3" ? "ob3" : "ob2",
      recipient_matches: email ? true : null,
      recipient: email,
      achievement_type: issuedHere ? "Badge" : null,
      found_in: issuedHere ? "SVG <openbadges:credential> element" : "JSON file",
      sha256: "0".repeat(56) + fingerprint([...d.original_credential].map((c) => c.charCodeAt(0))).slice(-8),
      raw_json: JSON.stringify({ "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential", "OpenBadgeCredential"], name: d.name }, null, 2),
    };
  }
  return {
    ...base,
    status: expired ? "expired" : png ? "verified" : "unverifiable_offline",
    detail: expired
      ? `This badge expired on ${d.expires_on}.`
      : png
        ? "The issuer's signature was checked on this device."
        : "The issuer's key is online; it cannot be checked without a connection.",
    warnings: png ? [] : ["The revocation list was not checked (offline)."],
    format: d.source === "open_badges3" ? "ob3" : "ob2",
    recipient_matches: email ? true : null,
    recipient: email,
    achievement_type: d.source === "open_badges3" ? "Certificate" : null,
    alignments: ["Communication — Big Picture Learning (https://example.org/bpl)"],
    found_in: png ? "PNG iTXt chunk “openbadges”" : "JSON file",
    sha256: "0".repeat(56) + fingerprint([...d.original_credential].map((c) => c.charCodeAt(0))).slice(-8),
    raw_json: JSON.stringify({ "@context": "https://w3id.org/openbadges/v2", type: "Assertion", badge: { name: d.name } }, null, 2),
  };
}

function fakeImport(learnerId: string, bytes: number[]): BadgeImport {
  if (!learners.has(learnerId)) fail("not_found", "That learner does not exist.");
  const b64 = bytesToBase64(bytes);
  const head = String.fromCharCode(...bytes.slice(0, 4096));
  let name = "";
  let issuer = "Mock Issuer";
  let source: "open_badges2" | "open_badges3" = "open_badges2";
  if (b64.startsWith("iVBORw0KGgo")) {
    name = "Baked PNG badge";
  } else if (/^\s*</.test(head) && head.includes("<svg")) {
    name = "Baked SVG badge";
  } else {
    try {
      const j = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes))) as Record<string, unknown>;
      const badge = (j.badge ?? j.credentialSubject ?? j) as Record<string, unknown>;
      const ach = (badge.achievement ?? badge) as Record<string, unknown>;
      name = typeof ach.name === "string" ? ach.name : typeof j.name === "string" ? j.name : "";
      if (j.credentialSubject) source = "open_badges3";
      const iss = (j.issuer ?? badge.issuer) as Record<string, unknown> | string | undefined;
      if (typeof iss === "object" && iss && typeof iss.name === "string") issuer = iss.name;
    } catch {
      name = "";
    }
    if (!name) fail("invalid_input", "This file is not a badge, or it is damaged: no Open Badges data was found.");
  }
  const fp = `${learnerId}|${fingerprint(bytes)}`;
  const dup = importedFiles.get(fp);
  if (dup) fail("invalid_input", `“${dup}” is already in this portfolio.`);
  const r = makeRecord(learnerId, {
    kind: "badge",
    data: {
      name,
      issuer_name: issuer,
      issued_on: new Date().toISOString().slice(0, 10),
      expires_on: null,
      description: "",
      criteria: "",
      image_ref: null,
      evidence_links: [],
      goal_tags: [],
      attached_keys: [],
      source,
      original_credential: b64,
    },
  });
  importedFiles.set(fp, name);
  return { records: [r], check: fakeCheck(r) };
}

// ---------------------------------------------------------------------------
// Issuing (fake: nothing is really signed)

const issuers = new Map<string, Issuer>();
/** Credentials "issued" here (they check as verified). */
const issuedCredentials = new Set<string>();

function fakeCreateIssuer(name: string, selfAsserted: boolean): Issuer {
  if (!name.trim()) fail("validation", "The issuer needs a name.", [{ field: "name", message: "The issuer needs a name." }]);
  const i: Issuer = { id: `did:key:z6Mk${Math.random().toString(36).slice(2, 14)}${seq++}`, name: name.trim(), self_asserted: selfAsserted };
  issuers.set(i.id, i);
  return i;
}

function fakeIssue(req: IssueRequest): BadgeImport {
  const issuer = issuers.get(req.issuer_id) ?? fail("not_found", "That issuer does not exist on this computer.");
  const f: FieldError[] = [];
  required(f, "name", "Badge name", req.name);
  required(f, "description", "Description", req.description);
  required(f, "criteria", "Criteria", req.criteria);
  if (f.length) fail("validation", f[0]?.message ?? "The input is not valid.", f);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><circle cx="48" cy="48" r="44" fill="#2f6fde"/><text x="48" y="56" font-size="28" text-anchor="middle" fill="#fff">OB</text><!-- mock-issued ${id()} --></svg>`;
  const b64 = btoa(svg);
  issuedCredentials.add(b64);
  const r = makeRecord(req.learner_id, {
    kind: "badge",
    data: {
      name: req.name.trim(),
      issuer_name: issuer.name,
      issued_on: new Date().toISOString().slice(0, 10),
      expires_on: null,
      description: req.description.trim(),
      criteria: req.criteria.trim(),
      image_ref: null,
      evidence_links: [],
      goal_tags: [],
      attached_keys: [],
      source: "open_badges3",
      original_credential: b64,
    },
  });
  return { records: [r], check: fakeCheck(r) };
}

function fakeExportKey(issuerId: string, passphrase: string): string {
  const issuer = issuers.get(issuerId) ?? fail("not_found", "That issuer does not exist on this computer.");
  if ([...passphrase].length < 8) fail("invalid_input", "The passphrase must have at least 8 characters.");
  return JSON.stringify({ issuer: issuer.id, name: issuer.name, kdf: "argon2id", cipher: "xchacha20poly1305", ciphertext: btoa(`mock-${issuer.id}`) }, null, 2);
}

// Backups and archives: fakes. Backups only hold a timestamp and a reason
// (restoring one reports what it "restored" and changes nothing); exporting
// "writes" a size; importing adds a learner "Sam Rivera" (the second import
// asks for copy or merge; merge reports one conflict).
const backups: BackupInfo[] = [];

function fakeBackup(reason: string, hoursAgo = 0): BackupInfo {
  const created = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const b: BackupInfo = {
    name: `backup-${created.replace(/[:.]/g, "-")}-${reason}.lportfolio`,
    created,
    reason,
    size: (40_000 + learners.size * 123_456 + backups.length * 517) as unknown as bigint,
  };
  backups.unshift(b);
  backups.sort((x, y) => y.created.localeCompare(x.created));
  backups.splice(14);
  return b;
}

function emptyReport(): ImportReport {
  return { learners: [], added: 0, updated: 0, kept: 0, conflicts: [], frameworks_added: 0 };
}

function fakeImportArchive(mode: ImportMode): ImportReport {
  const name = "Sam Rivera";
  const existing = [...learners.values()].find((l) => l.profile.name === name);
  if (existing && mode === "auto")
    fail("invalid_input", `This portfolio already has ${name}; import the archive as a copy or merge it. Nothing was imported.`);
  if (learners.size) fakeBackup("before-import");
  const r = emptyReport();
  if (existing && mode === "merge") {
    r.learners.push({ archive_id: existing.id, id: existing.id, name, outcome: "updated" });
    r.updated = 2;
    r.kept = 5;
    r.conflicts.push({
      kind: "experience",
      id: id(),
      local_title: "Bike shop internship",
      archive_title: "Bike shop internship (draft)",
      local_updated: now(),
      archive_updated: now(),
    });
    return r;
  }
  const l = makeLearner({ ...(existing?.profile ?? { preferred_name: "Sam", date_of_birth: null, school: "Eastside Big Picture Academy", cohort: "Grade 11", interests: ["bikes"], emails: [], framework_id: null }), name: existing ? `${name} (copy)` : name } as LearnerProfile);
  r.learners.push({ archive_id: existing?.id ?? id(), id: l.id, name: l.profile.name, outcome: existing ? "copied" : "added" });
  r.added = 0;
  r.frameworks_added = existing ? 0 : 1;
  return r;
}

// ---------------------------------------------------------------------------
// Evidence files (fake: kept in memory; images are served as data: URLs)

/** Stored files by fake SHA-256: the data: URL of images (the file's bytes, any size). */
const mediaFiles = new Map<string, string>();
/** A grey picture for images the mock has no bytes of. */
const MEDIA_PLACEHOLDER =
  "data:image/svg+xml;base64," +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#e5e7eb"/><path d="M40 200l70-90 50 60 40-40 80 70z" fill="#9ca3af"/></svg>');

function fakeSha(bytes: Uint8Array): string {
  let a = 2166136261;
  let b = 5381;
  for (const x of bytes) {
    a = Math.imul(a ^ x, 16777619) >>> 0;
    b = (Math.imul(b, 33) + x) >>> 0;
  }
  return (a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0")).repeat(4);
}

function sniffImage(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  if (b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  return null;
}

function fakeAttach(body: unknown, headers: Record<string, string>): AttachOutcome {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body as ArrayLike<number>);
  const kind = headers["x-kind"] ?? "";
  const name = decodeURIComponent(headers["x-name"] ?? "file");
  const r = records.get(headers["x-id"] ?? "");
  const part = decodeURIComponent(headers["x-part"] ?? "");
  if (!r || r.kind !== kind) return fail("not_found", "That record does not exist.");
  // The list the file goes into, and the record with a new list.
  let current: Evidence[];
  let withList: (list: Evidence[]) => AnyRecord;
  if (r.kind === "experience" || r.kind === "reflection" || r.kind === "goal") {
    current = r.data.evidence;
    withList = (list) => ({ ...r, data: { ...r.data, evidence: list } }) as AnyRecord;
  } else if (r.kind === "plan") {
    const goal = r.data.content.goals.find((g) => g.id === part);
    if (!goal) return fail("invalid_input", `The plan has no goal “${part}”.`);
    current = goal.evidence;
    withList = (list) => ({ ...r, data: withPlanGoalEvidence(r.data, part, list) });
  } else if (r.kind === "exhibition") {
    const index = Number(part) - 1;
    const item = r.data.items[index];
    if (!item) return fail("invalid_input", `The exhibition has no item ${part}.`);
    current = item.evidence;
    withList = (list) => ({ ...r, data: withItemEvidence(r.data, index, list) });
  } else {
    return fail("invalid_input", "Evidence cannot be attached here.");
  }
  if (/\.hei[cf]$/i.test(name))
    fail("invalid_input", `“${name}” is a HEIC photo, which cannot be shown here. On the phone or in Photos, export it as JPEG and add it again.`);
  if (bytes.length === 0) fail("invalid_input", `“${name}” could not be read (it is empty).`);
  if (bytes.length > 50_000_000) fail("invalid_input", `“${name}” is larger than 50 MB.`);
  const sha = fakeSha(bytes);
  const mime = sniffImage(bytes);
  let notice: string | null = null;
  if (!mime && /\.(jpe?g|png|gif|webp)$/i.test(name)) notice = `“${name}” is not a photo inside; it was kept as a file.`;
  const evidence: Evidence = {
    sha256: sha,
    url: "",
    name,
    kind: mime ? "image" : "file",
    mime: mime ?? (name.toLowerCase().endsWith(".pdf") ? "application/pdf" : "application/octet-stream"),
    size: bytes.length as unknown as bigint,
    caption: "",
    alt: "",
    shows_others: false,
  };
  const existing = current.find((e) => e.sha256 === sha);
  if (existing) return { status: "already_attached", evidence: existing, record: r, notice };
  const known = mediaFiles.has(sha);
  if (!known) mediaFiles.set(sha, mime ? `data:${mime};base64,${bytesToBase64(bytes)}` : "");
  const changed = withList([...current, evidence]);
  const next = { ...changed, meta: { ...r.meta, updated: now() } } as AnyRecord;
  records.set(r.meta.id, next);
  return { status: known ? "duplicate" : "added", evidence, record: next, notice };
}

/** `set_learner_photo`: pictures only, kept in the fake media folder. */
function fakeLearnerPhoto(body: unknown, headers: Record<string, string>): Learner {
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body as ArrayLike<number>);
  const l = learners.get(headers["x-id"] ?? "") ?? fail("not_found", "That learner does not exist.");
  const name = decodeURIComponent(headers["x-name"] ?? "photo");
  const mime = sniffImage(bytes);
  if (!mime) fail("invalid_input", `“${name}” is not a picture: choose a JPEG, PNG, GIF or WebP photo.`);
  const sha = fakeSha(bytes);
  if (!mediaFiles.has(sha)) mediaFiles.set(sha, `data:${mime};base64,${bytesToBase64(bytes)}`);
  const next = { ...l, profile: { ...l.profile, photo_sha256: sha }, updated: now() };
  learners.set(l.id, next);
  return next;
}

export function installMockBackend(): void {
  const scenario = new URLSearchParams(location.search).get("scenario") ?? "empty";
  fakeBackup("daily", 30);
  fakeBackup("manual", 52);
  if (scenario === "demo") {
    demoLearner();
    fakeCreateIssuer("Eastside Big Picture Academy", false);
  }

  mockIPC((cmd, payload) => {
    const a = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "app_status":
        return {
          version: "0.1.0",
          data_dir: "/home/maya/.local/share/learner-portfolio",
          store_error:
            scenario === "store_error"
              ? {
                  code: "store_in_use",
                  message: "The portfolio is already open in another window.",
                  fields: [],
                }
              : scenario === "store_damaged"
                ? { code: "store_unreadable", message: "The portfolio files could not be read.", fields: [] }
                : null,
        } satisfies AppStatus;
      case "list_learners":
        return [...learners.values()].sort((x, y) => x.profile.name.localeCompare(y.profile.name));
      case "create_learner":
        return makeLearner(a.profile as LearnerProfile);
      case "update_learner": {
        const l = learners.get(a.id as string) ?? fail("not_found", "That learner does not exist.");
        validateProfile(a.profile as LearnerProfile);
        // The photo changes only through its own commands.
        const profile = { ...(a.profile as LearnerProfile), photo_sha256: l.profile.photo_sha256 };
        const next = { ...l, profile, updated: now() };
        learners.set(l.id, next);
        return next;
      }
      case "remove_learner_photo": {
        const l = learners.get(a.learnerId as string) ?? fail("not_found", "That learner does not exist.");
        const next = { ...l, profile: { ...l.profile, photo_sha256: "" }, updated: now() };
        learners.set(l.id, next);
        return next;
      }
      case "delete_learner":
        learners.delete(a.id as string);
        for (const [k, r] of records) if (r.meta.learner_id === a.id) records.delete(k);
        return null;
      case "create_demo_learner":
        return demoLearner();
      case "list_records": {
        const q = String(a.query ?? "").toLowerCase();
        return [...records.values()]
          .filter((r) => r.meta.learner_id === a.learnerId && r.kind === (a.kind as RecordKind))
          .filter((r) => !q || searchText(r).includes(q))
          .sort((x, y) => sortDate(y).localeCompare(sortDate(x)) || y.meta.created.localeCompare(x.meta.created));
      }
      case "record_counts":
        return counts(a.learnerId as string);
      case "create_record":
        return makeRecord(a.learnerId as string, a.data as RecordData);
      case "update_record": {
        const r = records.get(a.id as string) ?? fail("not_found", "That record does not exist.");
        const data = a.data as RecordData;
        validate(data);
        const next = { ...r, data: data.data, meta: { ...r.meta, updated: now() } } as AnyRecord;
        records.set(r.meta.id, next);
        return next;
      }
      case "delete_record": {
        const r = records.get(a.id as string) ?? fail("not_found", "That record does not exist.");
        records.delete(r.meta.id);
        return r;
      }
      case "restore_record": {
        const r = a.record as AnyRecord;
        records.set(r.meta.id, r);
        return r;
      }
      case "list_frameworks":
        return [...frameworks.values()];
      case "save_framework": {
        const f = a.framework as Framework;
        const fe: FieldError[] = [];
        required(fe, "name", "Name", f.name);
        if (f.goals.length === 0) fe.push({ field: "goals", message: "Add at least one learning goal." });
        f.goals.forEach((g, i) => required(fe, `goals[${i}].name`, `Learning goal ${i + 1}`, g.name));
        if (fe.length) fail("validation", fe[0]?.message ?? "The input is not valid.", fe);
        if (frameworks.get(f.id)?.builtin) fail("invalid_input", "Built-in frameworks cannot be changed; duplicate it instead.");
        const saved: Framework = { ...f, id: f.id || id(), builtin: false, updated: now() };
        frameworks.set(saved.id, saved);
        return saved;
      }
      case "delete_framework": {
        const f = frameworks.get(a.id as string) ?? fail("not_found", "That framework does not exist.");
        if (f.builtin) fail("invalid_input", "Built-in frameworks cannot be deleted.");
        const users = [...learners.values()].filter((l) => l.profile.framework_id === f.id);
        if (users.length)
          fail("invalid_input", `“${f.name}” is used by ${users.map((l) => l.profile.name).join(", ")}; choose another framework for them first.`);
        frameworks.delete(f.id);
        return null;
      }
      case "import_framework_matrix": {
        const text = String(a.text ?? "");
        const name = /<shortname>([^<]*)<\/shortname>/.exec(text)?.[1] ?? "Imported framework";
        const f: Framework = { ...BPL, id: id(), name, builtin: false, updated: now() };
        frameworks.set(f.id, f);
        return f;
      }
      case "export_framework_matrix": {
        const f = frameworks.get(a.id as string) ?? fail("not_found", "That framework does not exist.");
        return JSON.stringify({ framework: { name: f.name, description: f.description, institution: f.institution, standards: f.goals.map((g) => ({ shortname: g.name, description: g.description })) } }, null, 2);
      }
      case "period_overview": {
        const overview: PeriodOverview = {
          period_id: a.periodId as string,
          goals: BPL.goals.map((g, i) => ({
            goal_id: g.id,
            name: g.name,
            evidence: i + 1,
            hours: i * 6,
            plan_goals: 1,
            plan_goals_on_track: i % 2,
          })),
          missing: ["Write your student narrative.", "Add a journal entry about Quantitative Reasoning."],
        };
        return overview;
      }
      case "exhibition_summary": {
        const r = records.get(a.id as string);
        if (!r || r.kind !== "exhibition") return fail("not_found", "That exhibition does not exist.");
        return r.data.rubric.criteria.map((c): CriterionSummary => {
          const vals = r.data.sheets.flatMap((s) => s.scores.filter((x) => x.criterion_id === c.id).map((x) => x.value));
          const min = vals.length ? Math.min(...vals) : 0;
          const max = vals.length ? Math.max(...vals) : 0;
          const mean = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : 0;
          return { criterion_id: c.id, count: vals.length, mean, min, max, wide: max - min >= 2 };
        });
      }
      case "import_badge":
        return fakeImport(a.learnerId as string, a.bytes as number[]);
      case "check_badge": {
        const r = records.get(a.id as string);
        if (!r) return fail("not_found", "That badge does not exist.");
        return fakeCheck(r);
      }
      case "list_issuers":
        return [...issuers.values()].sort((x, y) => x.name.localeCompare(y.name));
      case "create_issuer":
        return fakeCreateIssuer(String(a.name ?? ""), a.selfAsserted === true);
      case "issue_badge":
        return fakeIssue(a.request as IssueRequest);
      case "export_issuer_key":
        return fakeExportKey(String(a.id ?? ""), String(a.passphrase ?? ""));
      case "start_next_plan": {
        const ex = records.get(a.exhibitionId as string);
        if (!ex || ex.kind !== "exhibition") return fail("not_found", "That exhibition does not exist.");
        return makeRecord(ex.meta.learner_id, {
          kind: "plan",
          data: {
            period_id: a.periodId as string,
            revision: 1,
            signoffs: [],
            history: [],
            content: {
              cover: { interests: "", life_goals: "", learn_best: "", needs_supports: "", abilities: [], internship_sites: "" },
              team: [],
              goals: [],
              carried_recommendations: [...ex.data.recommendations, ...ex.data.next_plan_suggestions],
            },
          },
        });
      }
      case "open_evidence":
      case "show_evidence_in_folder":
        // The browser cannot hand files to the system: say so like the app would refuse.
        return fail("not_found", "Opening files needs the desktop app.");
      case "list_backups":
        return [...backups];
      case "create_backup":
        return fakeBackup("manual");
      case "restore_backup": {
        const b = backups.find((x) => x.name === a.name) ?? fail("not_found", "That backup does not exist.");
        fakeBackup("before-restore");
        const r = emptyReport();
        r.learners = [...learners.values()].map((l) => ({ archive_id: l.id, id: l.id, name: l.profile.name, outcome: "added" }));
        void b;
        return r;
      }
      case "export_archive":
        return a.learnerId ? 87_654 : 1_234_567;
      case "import_archive":
        return fakeImportArchive((a.mode as ImportMode | undefined) ?? "auto");
      case "recover_from_backup":
        if (scenario === "store_damaged") {
          setTimeout(() => location.replace(location.pathname + "?scenario=demo"), 800);
          return new Promise(() => undefined);
        }
        return fail("invalid_input", "The portfolio opened normally: use Restore in Backups instead.");
      default:
        return fail("internal", `Unknown command ${cmd}`);
    }
  });

  // `attach_evidence` and `set_learner_photo` take a raw body and headers, which mockIPC does not pass on.
  setMediaResolver((sha) => mediaFiles.get(sha) || MEDIA_PLACEHOLDER);
  type Internals = { invoke: (cmd: string, args?: unknown, options?: { headers?: HeadersInit }) => Promise<unknown> };
  const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
  const inner = internals.invoke.bind(internals);
  internals.invoke = async (cmd, args, options) => {
    if (cmd !== "attach_evidence" && cmd !== "set_learner_photo") return inner(cmd, args, options);
    await new Promise((done) => setTimeout(done, 300));
    const headers = Object.fromEntries(new Headers(options?.headers).entries());
    return cmd === "set_learner_photo" ? fakeLearnerPhoto(args, headers) : fakeAttach(args, headers);
  };
}
