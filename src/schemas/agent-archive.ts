// The agent archive (Lucid extension): one NDJSON line per record, a header first and a checksummed trailer last.
import { z } from "zod";
import { Json } from "./common";
import { MemoryVersionOperation } from "./memory-version";
import { DreamPhase, DreamStatus } from "./dream-resource";
import { SessionStatus } from "./session";
import { SessionEvent } from "./session-event";

export const AGENT_ARCHIVE_FORMAT_VERSION = 1;
export const AGENT_ARCHIVE_CONTENT_TYPE = "application/x-ndjson";

const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z_]+$`), `must be a ${prefix}_… id`);
const Seq = z.number().int().positive();
const Count = z.number().int().nonnegative();
const Time = z.string().min(1);
/** A JSON column of the stored row, kept as the JSON it is: the archive carries state, the objects give it meaning. */
const JsonObject = z.record(z.string(), Json);

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

export const AgentVersionRecord = z.strictObject({ type: z.literal("agent_version"), version: Seq, config: JsonObject, created_at: Time });

export const AgentDreamStateRecord = z.strictObject({
  type: z.literal("agent_dream_state"),
  id: z.literal(1),
  last_window_seq: Count,
  last_dream_id: Id("drm").nullable(),
  last_skip_at: Time.nullable(),
  last_skip_reason: z.string().nullable(),
  next_dream_at: z.number().nullable(),
});

export const SessionRecord = z.strictObject({
  type: z.literal("session"),
  id: Id("sesn"),
  agent_version: Seq,
  environment_id: z.string(),
  status: SessionStatus,
  stop_reason: JsonObject.nullable(),
  title: z.string().nullable(),
  metadata: JsonObject,
  usage: JsonObject,
  retry_attempt: Count,
  run_generation: Count,
  active_ms: Count,
  running_since: z.number().nullable(),
  created_at: Time,
  updated_at: Time,
  archived_at: Time.nullable(),
  resources: z.array(Json),
  reflected_seq: Count,
  grader_usage: JsonObject,
  workspace_id: z.string().nullable(),
  coordinator_session_id: z.string().nullable(),
  thread_reported_seq: Count,
  multiagent: JsonObject.nullable(),
});

/** One transcript event; `seq` is its place in the agent's log, so restored transcripts keep their order exactly. */
export const SessionEventRecord = z.strictObject({ type: z.literal("session_event"), seq: Seq, session_id: Id("sesn"), body: SessionEvent });

export const OutcomeRecord = z.strictObject({
  type: z.literal("outcome"),
  id: Id("outc"),
  session_id: Id("sesn"),
  description: z.string(),
  rubric: JsonObject,
  max_iterations: Count,
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
  name: z.string(),
  description: z.string(),
  metadata: JsonObject,
  created_at: Time,
  updated_at: Time,
  archived_at: Time.nullable(),
});

export const MemoryRecord = z.strictObject({
  type: z.literal("memory"),
  memory_store_id: Id("memstore"),
  seq: Seq,
  id: Id("mem"),
  path: z.string().min(1),
  content: z.string(),
  content_sha256: z.string(),
  content_size_bytes: Count,
  memory_version_id: Id("memver"),
  author: JsonObject,
  provenance: z.array(Json),
  last_confirmed_at: Time.nullable(),
  links: JsonObject,
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
  path: z.string().nullable(),
  content: z.string().nullable(),
  content_sha256: z.string().nullable(),
  content_size_bytes: Count.nullable(),
  created_by: JsonObject.nullable(),
  author: JsonObject,
  created_at: Time,
  redacted_at: Time.nullable(),
  redacted_by: JsonObject.nullable(),
});

// --- Dreams (each record names its dream) ---

export const DreamRecord = z.strictObject({
  type: z.literal("dream"),
  id: Id("drm"),
  agent_id: Id("agent"),
  mode: z.enum(["auto", "review"]),
  status: DreamStatus,
  phase: DreamPhase,
  request: JsonObject,
  outputs: z.array(Json),
  error: JsonObject.nullable(),
  changeset: JsonObject.nullable(),
  review: JsonObject,
  progress: JsonObject,
  usage_by_phase: JsonObject,
  retry_attempt: Count,
  created_at: Time,
  ended_at: Time.nullable(),
  archived_at: Time.nullable(),
});

/** A finished unit of the dream's pipeline (inputs read, a phase's answer): a restored dream held for review needs them. */
export const DreamCheckpointRecord = z.strictObject({ type: z.literal("dream_checkpoint"), dream_id: Id("drm"), key: z.string().min(1), value: Json, created_at: Time });

export const DreamEventRecord = z.strictObject({ type: z.literal("dream_event"), dream_id: Id("drm"), seq: Seq, session_id: Id("sesn"), body: SessionEvent });

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
  counts: z.record(z.string(), Count),
});
export type AgentImportResult = z.infer<typeof AgentImportResult>;

/** `?as_new=true` is not offered: ids name their objects, so a copy under new ids would need every reference rewritten. */
export const AgentImportQuery = z.strictObject({});
