// SQLite schema of a tenant's DirectoryObject, as ordered migrations.
export const DIRECTORY_MIGRATIONS = [
  `CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL)`,
  // Only the admin directory fills this: every tenant key, for listing and deleting them in one place.
  `CREATE TABLE api_key_index (id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL, created_at TEXT NOT NULL)`,
  // Snapshots of agents and sessions for listing; their owning AgentObject stays the source of truth.
  `CREATE TABLE listings (
     kind TEXT NOT NULL, id TEXT NOT NULL, created_at TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
     agent_id TEXT, agent_version INTEGER, status TEXT, body TEXT NOT NULL,
     PRIMARY KEY (kind, id))`,
  `CREATE INDEX listings_by_time ON listings (kind, created_at, id)`,
  `CREATE TABLE environments (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL)`,
] as const;
