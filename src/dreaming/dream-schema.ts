// SQLite schema of a DreamObject: the dream, its phase checkpoints, and the events of its progress session.
export const DREAM_MIGRATIONS = [
  `CREATE TABLE dream (
     id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, agent_id TEXT, mode TEXT NOT NULL,
     status TEXT NOT NULL, phase TEXT NOT NULL, request TEXT NOT NULL,
     outputs TEXT NOT NULL DEFAULT '[]', error TEXT, changeset TEXT, review TEXT NOT NULL,
     progress TEXT NOT NULL DEFAULT '{}', usage_by_phase TEXT NOT NULL DEFAULT '{}',
     retry_attempt INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL, ended_at TEXT, archived_at TEXT)`,
  // One row per finished unit of work (inputs read, each model call's parsed result): a resumed dream skips them.
  `CREATE TABLE checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)`,
  // Same shape as an agent's transcript table, so the session event log and live streams serve the progress session.
  `CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL, processed_at TEXT NOT NULL, body TEXT NOT NULL)`,
] as const;
