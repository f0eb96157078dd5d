// Which tables of an AgentObject an agent archive carries, in the order they are exported (the agent's own record first).
// biome-ignore-all format: column lists are packed several to a line, in the order of the table's columns.
import { type ArchiveTable, eventBodyColumns } from "../archive/archive-rows";

/** The agent, its versions and dream state, its sessions with their transcripts and outcomes. Not carried: deployments,
 * queued messages of a running session, the schedule (rebuilt on import), a session's vault ids (this deployment's
 * vaults; an imported session has none) and its MCP tool lists (listed again when needed). */
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
