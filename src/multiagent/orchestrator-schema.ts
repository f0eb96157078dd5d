// SQLite schema of an OrchestratorObject: its coordinator session, the threads it opened, the waits and messages it
// owes, and the coordinator events it has still to deliver.
export const ORCHESTRATOR_MIGRATIONS = [
  `CREATE TABLE coordinator (
     id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, agent_id TEXT NOT NULL, session_id TEXT NOT NULL,
     environment_id TEXT NOT NULL, workspace_id TEXT NOT NULL, max_parallel INTEGER NOT NULL, roster TEXT NOT NULL)`,
  // A thread's id is its specialist session's id, generated and stored before that session is created, so creating it
  // again after a crash finds it. `started` says the session exists; `status_seq` is the last status change heard of.
  `CREATE TABLE threads (
     id TEXT PRIMARY KEY, opened_by TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL, agent_version INTEGER NOT NULL,
     task TEXT NOT NULL, status TEXT NOT NULL, started INTEGER NOT NULL DEFAULT 0, interrupt_pending INTEGER NOT NULL DEFAULT 0,
     stop_reason TEXT, reply TEXT, conflicts TEXT NOT NULL DEFAULT '[]', status_seq INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL, started_at TEXT, updated_at TEXT NOT NULL)`,
  // wait_for_threads calls: resolved (result set) once every thread named is settled, then delivered to the coordinator.
  `CREATE TABLE waits (
     tool_use_id TEXT PRIMARY KEY, thread_ids TEXT NOT NULL, result TEXT, delivered INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
  // message_thread calls, delivered to the thread's session once it exists.
  `CREATE TABLE messages (
     tool_use_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, text TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0)`,
  // Events for the coordinator's stream, delivered in order; their ids are fixed here so a redelivery is recognised.
  `CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, fields TEXT NOT NULL)`,
  // An archived thread (and its specialist session) is kept and listed, but takes no more messages.
  `ALTER TABLE threads ADD COLUMN archived_at TEXT`,
] as const;
