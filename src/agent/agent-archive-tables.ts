// Which tables of each object an agent archive carries, in the order they are exported (the object's own record first).
// biome-ignore-all format: column lists are packed several to a line, in the order of the table's columns.
import { findOverlappingMemory } from "../memory/memory-records";
import { type ArchiveTable, eventBodyColumns } from "./agent-archive-rows";

/** The agent, its versions and dream state, its sessions with their transcripts and outcomes. Not carried: deployments,
 * queued messages of a running session, the schedule (rebuilt on import). */
export const AGENT_ARCHIVE_TABLES: readonly ArchiveTable[] = [
  {
    record: "agent",
    table: "agent",
    columns: ["id", "version", "created_at", "updated_at", "archived_at", "memory_store_id", "memory_store_history"],
    json: ["memory_store_history"],
  },
  { record: "agent_version", table: "agent_versions", columns: ["version", "config", "created_at"], json: ["config"] },
  {
    record: "agent_dream_state",
    table: "dream_state",
    columns: ["id", "last_window_seq", "last_dream_id", "last_skip_at", "last_skip_reason", "next_dream_at"],
    json: [],
  },
  {
    record: "session",
    table: "sessions",
    columns: [
      "id", "agent_version", "environment_id", "status", "stop_reason", "title", "metadata", "usage", "retry_attempt", "run_generation",
      "active_ms", "running_since", "created_at", "updated_at", "archived_at", "resources", "reflected_seq", "grader_usage", "workspace_id",
      "coordinator_session_id", "thread_reported_seq", "multiagent",
    ],
    json: ["stop_reason", "metadata", "usage", "resources", "grader_usage", "multiagent"],
  },
  { record: "session_event", table: "events", columns: ["seq", "session_id", "body"], json: ["body"], derived: eventBodyColumns },
  {
    record: "outcome",
    table: "outcomes",
    columns: ["id", "session_id", "description", "rubric", "max_iterations", "iteration", "result", "explanation", "completed_at", "created_at", "invalid_verdicts", "cycle_usage"],
    json: ["rubric", "cycle_usage"],
  },
];

/** The store, its live memories and every version of them; the search index is rebuilt from the memories. */
export const MEMORY_STORE_ARCHIVE_TABLES: readonly ArchiveTable[] = [
  { record: "memory_store", table: "store", columns: ["id", "name", "description", "metadata", "created_at", "updated_at", "archived_at"], json: ["metadata"] },
  {
    record: "memory",
    table: "memories",
    owner: "memory_store_id",
    columns: [
      "seq", "id", "path", "content", "content_sha256", "content_size_bytes", "memory_version_id", "author", "provenance", "last_confirmed_at",
      "links", "created_at", "updated_at",
    ],
    json: ["author", "provenance", "links"],
    // As the API keeps them: no two memories at one path, and none at a path another uses as a folder.
    conflict: (sql, memory) => {
      const other = findOverlappingMemory(sql, memory.path as string, null);
      return other ? `the memory at '${memory.path}' overlaps the memory at '${other.path}' (a path is a memory or a folder, not both).` : null;
    },
  },
  {
    record: "memory_version",
    table: "memory_versions",
    owner: "memory_store_id",
    columns: [
      "seq", "id", "memory_id", "operation", "path", "content", "content_sha256", "content_size_bytes", "created_by", "author", "created_at",
      "redacted_at", "redacted_by",
    ],
    json: ["created_by", "author", "redacted_by"],
  },
];

/** The dream with its changeset and review, its pipeline checkpoints, and its progress session's events. */
export const DREAM_ARCHIVE_TABLES: readonly ArchiveTable[] = [
  {
    record: "dream",
    table: "dream",
    columns: [
      "id", "agent_id", "mode", "status", "phase", "request", "outputs", "error", "changeset", "review", "progress", "usage_by_phase",
      "retry_attempt", "created_at", "ended_at", "archived_at",
    ],
    json: ["request", "outputs", "error", "changeset", "review", "progress", "usage_by_phase"],
  },
  { record: "dream_checkpoint", table: "checkpoints", owner: "dream_id", columns: ["key", "value", "created_at"], json: ["value"] },
  { record: "dream_event", table: "events", owner: "dream_id", columns: ["seq", "session_id", "body"], json: ["body"], derived: eventBodyColumns },
];
