// SQLite schema of a WorkspaceObject: its owner, its files (content in chunks) and their past versions, what each
// agent last read, and the agent writes already applied. Append only: existing workspaces migrate in order.
export const WORKSPACE_MIGRATIONS = [
  // One row: the tenant the workspace belongs to (set by its first write), the last version handed out, the bytes held.
  `CREATE TABLE workspace (
     id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, last_version INTEGER NOT NULL,
     total_bytes INTEGER NOT NULL, created_at TEXT NOT NULL)`,
  // Live files; `version` is workspace-wide, so a deleted and re-created file never repeats a version an agent saw.
  `CREATE TABLE files (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE, version INTEGER NOT NULL,
     size_bytes INTEGER NOT NULL, content_type TEXT NOT NULL, is_text INTEGER NOT NULL, chunk_count INTEGER NOT NULL,
     written_by TEXT NOT NULL, written_at TEXT NOT NULL, created_at TEXT NOT NULL)`,
  // Content in order; each chunk stays well below the ~2 MB limit of one SQLite value in a Durable Object.
  `CREATE TABLE file_chunks (file_seq INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file_seq, idx))`,
  // The version of each path an agent (a session, later a thread) last read or wrote: its writes are checked against it.
  `CREATE TABLE agent_reads (reader TEXT NOT NULL, path TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (reader, path))`,
  // The outcome of every agent write by its operation id (the tool call's id), so a re-run step never writes twice.
  `CREATE TABLE applied_operations (operation_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  // Past versions: what a write replaced or a delete ended. A replaced file's row moves here and the new content gets
  // a new `files` row (AUTOINCREMENT never reuses a seq), so its chunks stay in `file_chunks` under `content_seq`
  // without being copied. A delete is a version of its own with no content (`content_seq`, `content_type` NULL).
  `CREATE TABLE file_history (
     version INTEGER PRIMARY KEY, path TEXT NOT NULL, content_seq INTEGER, size_bytes INTEGER NOT NULL,
     content_type TEXT, is_text INTEGER, chunk_count INTEGER NOT NULL, written_by TEXT NOT NULL, written_at TEXT NOT NULL)`,
  `CREATE INDEX file_history_by_path ON file_history (path, version)`,
  // What the history holds, kept beside the live totals so pruning does not count rows on every write.
  `ALTER TABLE workspace ADD COLUMN history_bytes INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE workspace ADD COLUMN history_versions INTEGER NOT NULL DEFAULT 0`,
] as const;
