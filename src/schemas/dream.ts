// Dreaming's shapes: session digests, observations and their clusters, insights, memory operations, changesets, lessons, and the memory entries they act on.
import { z } from "zod";
import { ContentSha256, MemoryAuthor, MemoryPath, Provenance } from "./memory";

const Id = z.string().min(1).max(256);

/** A claim's grounding: a session and the events of its transcript that show it. */
export const Evidence = z.object({
  session_id: Id,
  event_ids: z.array(Id).min(1).max(100),
});
export type Evidence = z.infer<typeof Evidence>;

// --- Session digests: what a transcript says, deterministically extracted (src/dreaming/session-digest.ts) ---

const DigestText = z.object({ event_id: Id, text: z.string() });

export const DigestCorrection = z.object({
  event_id: Id,
  text: z.string(),
  /** The cue words (or `after_interrupt`) that marked the message as a correction. */
  cues: z.array(z.string()).min(1),
});
export type DigestCorrection = z.infer<typeof DigestCorrection>;

export const DigestToolCall = z.object({
  tool: z.string(),
  /** Built-in (`agent.tool_use`) or custom (`agent.custom_tool_use`, answered by the client). */
  builtin: z.boolean(),
  use_event_id: Id,
  result_event_id: Id.nullable(),
  /** The input as JSON, shortened. */
  input: z.string(),
  outcome: z.enum(["ok", "error", "no_result"]),
  /** The result's text, shortened. */
  result: z.string(),
});
export type DigestToolCall = z.infer<typeof DigestToolCall>;

export const DigestError = z.object({
  source: z.enum(["tool", "session"]),
  tool: z.string().nullable(),
  /** A failed tool call's use and result events, or the `session.error` event. */
  event_ids: z.array(Id).min(1),
  signature: z.string(),
  message: z.string(),
  retry_status: z.string().nullable(),
  /** A tool error is resolved when the same tool later succeeds; a session error when the agent later acts. */
  resolved: z.boolean(),
});
export type DigestError = z.infer<typeof DigestError>;

/** A tool that failed and then, later in the session, succeeded. */
export const DigestRecovery = z.object({
  tool: z.string(),
  error_signature: z.string(),
  /** The last failure's error text, shortened. */
  error: z.string(),
  failed_attempts: z.number().int().min(1),
  failed_event_ids: z.array(Id).min(1),
  succeeded_event_ids: z.array(Id).min(1),
  /** What differed between the last failing input and the succeeding one (`key: before → after`); empty when nothing did. */
  input_change: z.array(z.string()),
});
export type DigestRecovery = z.infer<typeof DigestRecovery>;

/** A grader's verdict on the session's work (span.outcome_evaluation_end): what the rubric asked that the work lacked. */
export const DigestOutcomeGrade = z.object({
  event_id: Id,
  iteration: z.number().int().min(0),
  result: z.string(),
  /** Criteria the grader found unmet, shortened. */
  unmet: z.array(z.string()),
});
export type DigestOutcomeGrade = z.infer<typeof DigestOutcomeGrade>;

export const SessionDigest = z.object({
  session_id: Id,
  task: DigestText.nullable(),
  corrections: z.array(DigestCorrection),
  tool_calls: z.array(DigestToolCall),
  /** Tool calls beyond the digest's limit, counted but not listed. */
  omitted_tool_calls: z.number().int().min(0),
  errors: z.array(DigestError),
  recoveries: z.array(DigestRecovery),
  retries: z.object({
    /** `session.error` events that said the model call would be retried. */
    model_calls: z.number().int().min(0),
    /** Tool calls made right after a failure of the same tool. */
    tool_calls: z.number().int().min(0),
  }),
  final_reply: DigestText.nullable(),
  end: z.object({
    state: z.enum(["idle", "terminated", "unfinished"]),
    stop_reason: z.string().nullable(),
    event_id: Id.nullable(),
  }),
  /** Model calls made (`span.model_request_start` events). */
  step_count: z.number().int().min(0),
  /** Outcome evaluations, in order; empty when the session worked toward no outcome. */
  outcome_grades: z.array(DigestOutcomeGrade).default([]),
  /** `thread`: a multiagent thread, whose user messages a coordinator agent wrote, not a person. */
  origin: z.enum(["user", "thread"]).default("user"),
});
export type SessionDigest = z.infer<typeof SessionDigest>;

// --- Phase 1: observations ---

export const ObservationKind = z.enum(["preference", "workaround", "failure", "tool_usage", "fact"]);
export type ObservationKind = z.infer<typeof ObservationKind>;

const observationFields = {
  statement: z.string().trim().min(1).max(600).describe("One self-contained sentence."),
  kind: ObservationKind,
  tool: z.string().min(1).max(128).optional().describe("The tool the observation is about, if any."),
  error_signature: z.string().min(1).max(300).optional().describe("The error_signature from the digest, copied exactly, if the observation is about an error."),
  evidence: z.array(Evidence).min(1).max(20),
};

/** An observation as the model records it. */
export const ObservationDraft = z.object(observationFields);
export type ObservationDraft = z.infer<typeof ObservationDraft>;

/** An accepted observation; `user_stated` is derived (a preference citing a user's own message), never taken from the model. */
export const Observation = z.object({ ...observationFields, user_stated: z.boolean() });
export type Observation = z.infer<typeof Observation>;

// --- Phase 2: clusters and insights ---

export const ClusterId = z.string().regex(/^cl_[0-9]+$/, "must look like cl_<number>");

export const ObservationCluster = z.object({
  id: ClusterId,
  kind: ObservationKind,
  tool: z.string().optional(),
  error_signature: z.string().optional(),
  representative: z.string(),
  members: z.array(Observation).min(1),
  /** Distinct sessions with evidence, not mentions. */
  support: z.number().int().min(1),
  /** Distinct earlier sessions behind memories that already state this (src/dreaming/prior-support.ts). */
  prior_support: z.number().int().min(0),
  provenance: z.array(Evidence).min(1),
  user_stated: z.boolean(),
});
export type ObservationCluster = z.infer<typeof ObservationCluster>;

const NUMBERED_STEP = /^\s*\d+[.)]\s+\S/gm;

function playbookHasSteps(insight: { kind: string; content: string }, context: z.core.$RefinementCtx): void {
  if (insight.kind !== "playbook") return;
  if ((insight.content.match(NUMBERED_STEP) ?? []).length >= 2) return;
  context.addIssue({ code: "custom", path: ["content"], message: "a playbook must be numbered steps (at least two lines starting `1.`, `2.`, …)" });
}

const insightDraftFields = {
  title: z.string().trim().min(1).max(200),
  kind: z.enum(["note", "playbook"]),
  content: z.string().trim().min(1).max(20_000).describe("Markdown. A playbook is numbered steps, one per line: `1. …`, `2. …`."),
  path: MemoryPath.describe("Suggested memory path, such as /playbooks/deploy-permission-denied.md."),
  cluster_ids: z.array(ClusterId).min(1).describe("The ids of the clusters this insight rests on."),
};

/** An insight as the model writes it. */
export const InsightDraft = z.object(insightDraftFields).superRefine(playbookHasSteps);
export type InsightDraft = z.infer<typeof InsightDraft>;

/** An accepted insight, carrying its clusters' provenance (and tool and error signature when they agree). */
export const Insight = z
  .object({
    ...insightDraftFields,
    tool: z.string().optional(),
    error_signature: z.string().optional(),
    support: z.number().int().min(1),
    evidence: z.array(Evidence).min(1),
  })
  .superRefine(playbookHasSteps);
export type Insight = z.infer<typeof Insight>;

// --- Phase 3: operations and the changeset ---

export const DreamOperationId = z.string().regex(/^op_[A-Za-z0-9_-]{1,64}$/, "must look like op_<id>");

export const DreamOperationKind = z.enum(["create", "merge", "update", "supersede", "delete"]);
export type DreamOperationKind = z.infer<typeof DreamOperationKind>;

const WRITES_CONTENT: readonly DreamOperationKind[] = ["create", "merge", "update", "supersede"];
const NEEDS_TARGETS: readonly DreamOperationKind[] = ["merge", "supersede"];

function operationShape(operation: { op: DreamOperationKind; content?: string; target_paths?: string[] }, context: z.core.$RefinementCtx): void {
  const writes = WRITES_CONTENT.includes(operation.op);
  if (writes && operation.content === undefined) context.addIssue({ code: "custom", path: ["content"], message: `a ${operation.op} needs content` });
  if (!writes && operation.content !== undefined) context.addIssue({ code: "custom", path: ["content"], message: `a ${operation.op} has no content` });
  const targets = NEEDS_TARGETS.includes(operation.op);
  if (targets && !operation.target_paths?.length) context.addIssue({ code: "custom", path: ["target_paths"], message: `a ${operation.op} needs target_paths` });
  if (!targets && operation.target_paths !== undefined)
    context.addIssue({ code: "custom", path: ["target_paths"], message: `a ${operation.op} has no target_paths` });
}

const operationFields = {
  op: DreamOperationKind,
  path: MemoryPath.describe("The memory written (create, update, merge, supersede) or removed (delete)."),
  content: z.string().min(1).max(100_000).optional().describe("The full new content; not for delete."),
  target_paths: z.array(MemoryPath).min(1).max(20).optional().describe("merge: the memories merged into `path`; supersede: the memories the new one replaces."),
  reason: z.string().trim().min(1).max(1_000),
  evidence: z.array(Evidence).max(50).describe("Copied from the insight; required for every write."),
  contradicts: MemoryPath.optional().describe("The path of an existing memory this operation contradicts."),
};

/** An operation as the model proposes it; the parser numbers it. */
export const ProposedOperation = z.object(operationFields).superRefine(operationShape);
export type ProposedOperation = z.infer<typeof ProposedOperation>;

// --- Lucid extension: memory poisoning defence (src/dreaming/operation-screening.ts) ---

/** Where a piece of evidence came from; every source but Lucid's own records may carry text someone else wrote. */
export const EvidenceSource = z.enum([
  "user_message",
  "thread_message",
  "tool_input",
  "tool_result",
  "custom_tool_result",
  "agent_message",
  "grader",
  "platform",
  "unknown",
]);
export type EvidenceSource = z.infer<typeof EvidenceSource>;

/** The signals of the poisoning risk model (src/safety/instruction-like.ts), in the order findings list them. */
export const InstructionSignal = z.enum([
  "override_instructions",
  "persistent_directive",
  "exfiltration",
  "credential_harvesting",
  "sensitive_data",
  "approval_directive",
  "concealment",
  "prompt_manipulation",
  "obfuscated_destination",
  "encoded_payload",
  "hidden_characters",
]);
export type InstructionSignal = z.infer<typeof InstructionSignal>;

/** One signal of instruction-like text (src/safety/instruction-like.ts) and the words that showed it. */
export const InstructionFinding = z.object({ signal: InstructionSignal, excerpt: z.string() });
export type InstructionFinding = z.infer<typeof InstructionFinding>;

/** Why an operation was held for a person even in auto mode: instruction-like content resting on text others wrote. */
export const OperationQuarantine = z.object({
  reason: z.string(),
  signals: z.array(InstructionFinding).min(1),
  /** The cited events that are not Lucid's own records, with their source (at most 20). */
  sources: z.array(z.object({ session_id: Id, event_id: Id, source: EvidenceSource })),
});
export type OperationQuarantine = z.infer<typeof OperationQuarantine>;

/** Invisible characters the proposed content or reason held: stripped from the content, shown here for the reviewer. */
export const OperationHiddenCharacters = z.object({
  characters: z.array(z.object({ code_point: z.string(), count: z.number().int().min(1) })).min(1),
  /** The content as proposed, each hidden character written `[U+200B]`, tag-character text decoded; null when the content had none. */
  revealed_content: z.string().nullable(),
});
export type OperationHiddenCharacters = z.infer<typeof OperationHiddenCharacters>;

export const DreamOperation = z
  .object({ id: DreamOperationId, ...operationFields, quarantine: OperationQuarantine.optional(), hidden_characters: OperationHiddenCharacters.optional() })
  .superRefine(operationShape);
export type DreamOperation = z.infer<typeof DreamOperation>;

export const RefusedOperation = z.object({ operation: DreamOperation, why: z.string().min(1) });
export type RefusedOperation = z.infer<typeof RefusedOperation>;

export const ContradictionFlag = z.object({
  type: z.literal("contradiction"),
  operation_id: DreamOperationId,
  /** The new side, then the side it contradicts. */
  paths: z.tuple([MemoryPath, MemoryPath]),
  detail: z.string().min(1),
});
export type ContradictionFlag = z.infer<typeof ContradictionFlag>;

export const DreamChangeset = z.object({
  operations: z.array(DreamOperation),
  refused: z.array(RefusedOperation),
  flags: z.array(ContradictionFlag),
  requires_review: z.boolean(),
  review_reasons: z.array(z.string()),
});
export type DreamChangeset = z.infer<typeof DreamChangeset>;

/** A reviewer's replacement content for one operation; evidence and everything else stay as proposed. */
export const OperationEdit = z.object({ operation_id: DreamOperationId, content: z.string().min(1).max(100_000) });
export type OperationEdit = z.infer<typeof OperationEdit>;

// --- The memories the pipeline reads and writes ---

/** One memory as the dream pipeline sees it; the memory store maps its snapshot entries to this. */
export const MemoryEntry = z.object({
  path: MemoryPath,
  content: z.string(),
  content_sha256: ContentSha256,
  author: MemoryAuthor,
  provenance: z.array(Provenance),
  support_count: z.number().int().min(0),
  last_confirmed_at: z.string().nullable(),
  /** Paths (in the archive) of the memories this one replaced. */
  supersedes: z.array(MemoryPath).optional(),
  /** The path of the memory that replaced this one. */
  superseded_by: MemoryPath.optional(),
});
export type MemoryEntry = z.infer<typeof MemoryEntry>;

// --- Session reflection (src/memory/reflection.ts) ---

export const LessonKind = z.enum(["preference", "tool", "workaround", "failure"]);
export type LessonKind = z.infer<typeof LessonKind>;

export const Lesson = z.object({
  path: MemoryPath.describe("Where to keep the lesson, such as /workarounds/deploy-permission-denied.md; an existing path updates that memory."),
  content: z.string().trim().min(1).max(4_000).describe("Markdown, short and specific."),
  kind: LessonKind,
  evidence_event_ids: z.array(Id).min(1).max(20).describe("Event ids from the digest that show the lesson."),
});
export type Lesson = z.infer<typeof Lesson>;
