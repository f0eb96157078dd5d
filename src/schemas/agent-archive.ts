// The agent archive (Lucid extension): one NDJSON line per record, a header first and a checksummed trailer last.
// Records are composed from the API's own schemas: an archive is input like any request, and its checksum proves only
// that it was not changed since export, not that what it holds is valid.
import { z } from "zod";
import { MemoryStoreResource, MemoryStoreResourceParam, SessionStatus, SessionTitle } from "./session";
import { FreeText, Json, Metadata } from "./common";
import { MAX_MEMORY_CONTENT_BYTES } from "./limits";
import { ContentSha256, MemoryAuthor, MemoryLinks, MemoryPath, Provenance } from "./memory";
import { Actor, MemoryVersionOperation } from "./memory-version";
import { StoreDescription, StoreName } from "./memory-store";
import { ModelConfig, StoredAgentConfig } from "./agent";
import { Dream, DreamCreate, DreamPhase, DreamStatus, OutputBehavior, ReviewState } from "./dream-resource";
import { DefineOutcomeParam, DefaultOutcome, TextRubric } from "./outcome";
import { MAX_ROSTER, SessionMultiagent, SessionThreadAgent } from "./multiagent";
import { ArchivedDreamProgressEvent, ArchivedSessionEvent } from "./recorded-events";

export const AGENT_ARCHIVE_FORMAT_VERSION = 1;
export const AGENT_ARCHIVE_CONTENT_TYPE = "application/x-ndjson";

const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z_]+$`), `must be a ${prefix}_… id`);
const Seq = z.number().int().positive();
const Count = z.number().int().nonnegative();
const Time = z.string().min(1);
/** A JSON column the platform alone writes (usage, stop reasons), kept as the JSON it is. */
const JsonObject = z.record(z.string(), Json);

/** A memory's content, within the API's limit on what one memory holds. */
const MemoryContent = z
  .string()
  .refine((content) => new TextEncoder().encode(content).byteLength <= MAX_MEMORY_CONTENT_BYTES, `a memory holds at most ${MAX_MEMORY_CONTENT_BYTES} bytes`);

/** A memory store a session attached, with the store's name and description as they were when it was attached. */
const StoredSessionResource = MemoryStoreResource.extend({
  memory_store_id: Id("memstore"),
  name: StoreName,
  description: StoreDescription,
  instructions: MemoryStoreResourceParam.shape.instructions.unwrap().unwrap().nullable(),
});

/** A coordinator session's roster: each specialist's definition, held to the rules of an agent's own config. */
const StoredSessionMultiagent = SessionMultiagent.extend({
  agents: z
    .array(
      SessionThreadAgent.extend({
        id: Id("agent"),
        name: StoredAgentConfig.shape.name,
        description: StoredAgentConfig.shape.description,
        system: StoredAgentConfig.shape.system,
        tools: StoredAgentConfig.shape.tools,
      }),
    )
    .max(MAX_ROSTER),
});

/** A dream as it was asked for, normalised (src/dreaming/dream-record.ts), under the rules of `POST /v1/dreams`. */
const StoredDreamRequest = z.strictObject({
  inputs: DreamCreate.shape.inputs,
  model: ModelConfig.pick({ id: true, speed: true }),
  instructions: DreamCreate.shape.instructions.unwrap().unwrap().nullable(),
  output_behavior: OutputBehavior,
  token_budget: DreamCreate.shape.token_budget.unwrap(),
});

export const ArchiveHeader = z.strictObject({
  type: z.literal("lucid.agent_archive"),
  format_version: z.literal(AGENT_ARCHIVE_FORMAT_VERSION),
  exported_at: Time,
  agent_id: Id("agent"),
});
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

// --- The agent's object ---

export const AgentRecord = z.strictObject({
  type: z.literal("agent"),
  id: Id("agent"),
  version: Seq,
  created_at: Time,
  updated_at: Time,
  archived_at: Time.nullable(),
  memory_store_id: Id("memstore").nullable(),
  /** The stores the agent used before its current one, oldest first: what a rollback returns to. */
  memory_store_history: z.array(Id("memstore")),
});

export const AgentVersionRecord = z.strictObject({ type: z.literal("agent_version"), version: Seq, config: StoredAgentConfig, created_at: Time });

export const AgentDreamStateRecord = z.strictObject({
  type: z.literal("agent_dream_state"),
  id: z.literal(1),
  last_window_seq: Count,
  last_dream_id: Id("drm").nullable(),
  last_skip_at: Time.nullable(),
  last_skip_reason: FreeText.max(4_096).nullable(),
  next_dream_at: z.number().nullable(),
});

export const SessionRecord = z.strictObject({
  type: z.literal("session"),
  id: Id("sesn"),
  agent_version: Seq,
  environment_id: z.string().min(1).max(256),
  status: SessionStatus,
  stop_reason: JsonObject.nullable(),
  title: SessionTitle.nullable(),
  metadata: Metadata,
  usage: JsonObject,
  retry_attempt: Count,
  run_generation: Count,
  active_ms: Count,
  running_since: z.number().nullable(),
  created_at: Time,
  updated_at: Time,
  archived_at: Time.nullable(),
  resources: z.array(StoredSessionResource).max(8),
  reflected_seq: Count,
  grader_usage: JsonObject,
  workspace_id: z.string().nullable(),
  coordinator_session_id: z.string().nullable(),
  thread_reported_seq: Count,
  multiagent: StoredSessionMultiagent.nullable(),
});

/** One transcript event; `seq` is its place in the agent's log, so restored transcripts keep their order exactly. */
export const SessionEventRecord = z.strictObject({ type: z.literal("session_event"), seq: Seq, session_id: Id("sesn"), body: ArchivedSessionEvent });

export const OutcomeRecord = z.strictObject({
  type: z.literal("outcome"),
  id: Id("outc"),
  session_id: Id("sesn"),
  description: DefineOutcomeParam.shape.description,
  rubric: TextRubric,
  max_iterations: DefaultOutcome.shape.max_iterations,
  iteration: Count,
  result: z.string(),
  explanation: z.string().nullable(),
  completed_at: Time.nullable(),
  created_at: Time,
  invalid_verdicts: Count,
  cycle_usage: JsonObject.nullable(),
});

// --- Memory stores (each record names its store) ---

export const MemoryStoreRecord = z.strictObject({
  type: z.literal("memory_store"),
  id: Id("memstore"),
  name: StoreName,
  description: StoreDescription,
  metadata: Metadata,
  created_at: Time,
  updated_at: Time,
  archived_at: Time.nullable(),
});

export const MemoryRecord = z.strictObject({
  type: z.literal("memory"),
  memory_store_id: Id("memstore"),
  seq: Seq,
  id: Id("mem"),
  path: MemoryPath,
  content: MemoryContent,
  /** Derived from the content: the import computes them again and stores its own values. */
  content_sha256: ContentSha256,
  content_size_bytes: Count,
  memory_version_id: Id("memver"),
  author: MemoryAuthor,
  provenance: z.array(Provenance),
  last_confirmed_at: Time.nullable(),
  links: MemoryLinks,
  created_at: Time,
  updated_at: Time,
});

export const MemoryVersionRecord = z.strictObject({
  type: z.literal("memory_version"),
  memory_store_id: Id("memstore"),
  seq: Seq,
  id: Id("memver"),
  memory_id: Id("mem"),
  operation: MemoryVersionOperation,
  /** Null once redacted. */
  path: MemoryPath.nullable(),
  /** Null on `deleted` versions and once redacted; the digest is derived from it, as on memories. */
  content: MemoryContent.nullable(),
  content_sha256: ContentSha256.nullable(),
  content_size_bytes: Count.nullable(),
  created_by: Actor.nullable(),
  author: MemoryAuthor,
  created_at: Time,
  redacted_at: Time.nullable(),
  redacted_by: Actor.nullable(),
});

// --- Dreams (each record names its dream) ---

export const DreamRecord = z.strictObject({
  type: z.literal("dream"),
  id: Id("drm"),
  agent_id: Id("agent"),
  mode: z.enum(["auto", "review"]),
  status: DreamStatus,
  phase: DreamPhase,
  request: StoredDreamRequest,
  outputs: Dream.shape.outputs,
  error: Dream.shape.error,
  changeset: Dream.shape.changeset,
  review: ReviewState,
  progress: Dream.shape.progress,
  usage_by_phase: Dream.shape.usage_by_phase,
  retry_attempt: Count,
  created_at: Time,
  ended_at: Time.nullable(),
  archived_at: Time.nullable(),
});

/** A finished unit of the dream's pipeline (inputs read, a phase's answer): a restored dream held for review needs them. */
export const DreamCheckpointRecord = z.strictObject({
  type: z.literal("dream_checkpoint"),
  dream_id: Id("drm"),
  key: z.string().min(1).max(256),
  value: Json,
  created_at: Time,
});

export const DreamEventRecord = z.strictObject({
  type: z.literal("dream_event"),
  dream_id: Id("drm"),
  seq: Seq,
  session_id: Id("sesn"),
  body: ArchivedDreamProgressEvent,
});

export const ArchiveRecord = z.discriminatedUnion("type", [
  AgentRecord,
  AgentVersionRecord,
  AgentDreamStateRecord,
  SessionRecord,
  SessionEventRecord,
  OutcomeRecord,
  MemoryStoreRecord,
  MemoryRecord,
  MemoryVersionRecord,
  DreamRecord,
  DreamCheckpointRecord,
  DreamEventRecord,
]);
export type ArchiveRecord = z.infer<typeof ArchiveRecord>;
export type ArchiveRecordType = ArchiveRecord["type"];

/** The last line: how many records of each type came before it, and the SHA-256 of every line before it (each with its "\n"). */
export const ArchiveTrailer = z.strictObject({
  type: z.literal("lucid.agent_archive_end"),
  counts: z.record(z.string(), Count),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal characters"),
});
export type ArchiveTrailer = z.infer<typeof ArchiveTrailer>;

/** What `POST /v1/agents/import` answers. */
export const AgentImportResult = z.object({
  type: z.literal("agent_import"),
  agent_id: z.string(),
  /** Records of each type the archive held, as its trailer counts them. */
  counts: z.record(z.string(), Count),
  /** Memories the poisoning screen held back: restored under /quarantine/ (src/memory/quarantine.ts) for a person to review. */
  quarantined_memories: Count,
});
export type AgentImportResult = z.infer<typeof AgentImportResult>;

/** `?as_new=true` is not offered: ids name their objects, so a copy under new ids would need every reference rewritten. */
export const AgentImportQuery = z.strictObject({});
