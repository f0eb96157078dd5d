// SQLite schema of an AgentObject: its config versions, its sessions, their event logs, and the schedule of due work.
export const AGENT_MIGRATIONS = [
  `CREATE TABLE agent (
     id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, version INTEGER NOT NULL,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  `CREATE TABLE agent_versions (version INTEGER PRIMARY KEY, config TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY, agent_version INTEGER NOT NULL, environment_id TEXT NOT NULL,
     status TEXT NOT NULL, stop_reason TEXT, title TEXT, metadata TEXT NOT NULL, usage TEXT NOT NULL,
     -- model-call retry attempts of the current step, and a counter bumped by each interrupt so a step
     -- still awaiting the model knows its result is no longer wanted
     retry_attempt INTEGER NOT NULL DEFAULT 0, run_generation INTEGER NOT NULL DEFAULT 0,
     active_ms INTEGER NOT NULL DEFAULT 0, running_since INTEGER,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  // The transcript: append-only, one monotonic sequence per object, never rewritten.
  `CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL, processed_at TEXT NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX events_by_session ON events (session_id, seq)`,
  // User messages sent while the session is running wait here (processed_at null) until a step takes them in.
  `CREATE TABLE inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, id TEXT NOT NULL, content TEXT NOT NULL)`,
  // Due work for the object's single alarm; one row per (kind, ref), replaced when rescheduled.
  `CREATE TABLE schedule (
     id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ref TEXT NOT NULL, due_at INTEGER NOT NULL,
     UNIQUE (kind, ref))`,
  // The agent's current memory store, and the stores it used before (newest last) so a rollback can return to them.
  `ALTER TABLE agent ADD COLUMN memory_store_id TEXT`,
  `ALTER TABLE agent ADD COLUMN memory_store_history TEXT NOT NULL DEFAULT '[]'`,
  // The memory stores a session attached, and how far its transcript has been reflected on.
  `ALTER TABLE sessions ADD COLUMN resources TEXT NOT NULL DEFAULT '[]'`,
  `ALTER TABLE sessions ADD COLUMN reflected_seq INTEGER NOT NULL DEFAULT 0`,
  // The agent's dreams: how far its sessions have been dreamt over, the last dream or why it was skipped, the next one.
  `CREATE TABLE dream_state (
     id INTEGER PRIMARY KEY CHECK (id = 1), last_window_seq INTEGER NOT NULL DEFAULT 0, last_dream_id TEXT,
     last_skip_at TEXT, last_skip_reason TEXT, next_dream_at INTEGER)`,
  // Outcomes defined in sessions (user.define_outcome) and where each stands; the grader's usage kept apart per session.
  `CREATE TABLE outcomes (
     id TEXT PRIMARY KEY, session_id TEXT NOT NULL, description TEXT NOT NULL, rubric TEXT NOT NULL,
     max_iterations INTEGER NOT NULL, iteration INTEGER NOT NULL DEFAULT 0, result TEXT NOT NULL,
     explanation TEXT, completed_at TEXT, created_at TEXT NOT NULL,
     -- unusable verdicts in the current evaluation (one retry, then the evaluation fails), and the grader usage the
     -- evaluation has spent so far, so its end event reports every grader call of the cycle
     invalid_verdicts INTEGER NOT NULL DEFAULT 0, cycle_usage TEXT)`,
  `CREATE INDEX outcomes_by_session ON outcomes (session_id, created_at)`,
  `ALTER TABLE sessions ADD COLUMN grader_usage TEXT NOT NULL
     DEFAULT '{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"cost_micros":0}'`,
  // Deployments of this agent (config, schedule, pause state) and their runs; one run per (deployment, occurrence).
  `CREATE TABLE deployments (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, agent_version INTEGER NOT NULL,
     environment_id TEXT NOT NULL, initial_events TEXT NOT NULL, resources TEXT, metadata TEXT NOT NULL,
     schedule TEXT, paused_reason TEXT, last_run_at TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  `CREATE TABLE deployment_runs (
     id TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, agent_version INTEGER NOT NULL, trigger_type TEXT NOT NULL,
     scheduled_at TEXT, catch_up INTEGER NOT NULL DEFAULT 0, session_id TEXT, error TEXT,
     result TEXT, finished_at TEXT, created_at TEXT NOT NULL,
     UNIQUE (deployment_id, scheduled_at))`,
  `CREATE INDEX deployment_runs_by_session ON deployment_runs (session_id)`,
  // The workspace a session's file tools work on, named when first needed (later threads share their coordinator's).
  `ALTER TABLE sessions ADD COLUMN workspace_id TEXT`,
  // Multiagent: a thread's coordinator session and how far its status changes have been reported to the orchestrator;
  // a coordinator session's roster, each specialist's definition as it was when the session started.
  `ALTER TABLE sessions ADD COLUMN coordinator_session_id TEXT`,
  `ALTER TABLE sessions ADD COLUMN thread_reported_seq INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sessions ADD COLUMN multiagent TEXT`,
  // The vaults a session's MCP calls take credentials from, in the order given.
  `ALTER TABLE sessions ADD COLUMN vault_ids TEXT NOT NULL DEFAULT '[]'`,
  // Each MCP server's tools as listed for a session: listed once, at the session's first step that needs them, and
  // again after the server says its list changed (the row is deleted). A derived cache, never exported.
  `CREATE TABLE mcp_tool_lists (
     session_id TEXT NOT NULL, server_name TEXT NOT NULL, tools TEXT NOT NULL, listed_at TEXT NOT NULL,
     PRIMARY KEY (session_id, server_name))`,
  // The vaults each run's session of a deployment takes MCP credentials from.
  `ALTER TABLE deployments ADD COLUMN vault_ids TEXT NOT NULL DEFAULT '[]'`,
] as const;
