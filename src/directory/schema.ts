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
  // Webhooks (src/webhooks/): endpoints with their signing secrets, events deduplicated by what happened, one delivery
  // per (event, endpoint) and every attempt at it.
  `CREATE TABLE webhook_endpoints (
     id TEXT PRIMARY KEY, url TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, enabled_events TEXT NOT NULL,
     state TEXT NOT NULL, disabled_reason TEXT NOT NULL, signing_secret TEXT NOT NULL, failing_since TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX webhook_endpoints_by_time ON webhook_endpoints (created_at, id)`,
  `CREATE TABLE webhook_events (
     id TEXT PRIMARY KEY, type TEXT NOT NULL, occurrence_key TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL,
     UNIQUE (type, occurrence_key))`,
  `CREATE TABLE webhook_deliveries (
     id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, event_id TEXT NOT NULL, status TEXT NOT NULL, round INTEGER NOT NULL,
     enqueued INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (event_id, endpoint_id))`,
  `CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, id)`,
  `CREATE TABLE webhook_attempts (
     delivery_id TEXT NOT NULL, number INTEGER NOT NULL, attempted_at TEXT NOT NULL, status_code INTEGER, latency_ms INTEGER NOT NULL,
     error TEXT, next_retry_at TEXT, PRIMARY KEY (delivery_id, number))`,
  // A key's own request budget (null: the deployment's default), where it is enforced and where keys are listed.
  `ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER`,
  `ALTER TABLE api_key_index ADD COLUMN rate_limit_per_minute INTEGER`,
  // An attempt recorded as begun before anything is sent, until its outcome is stored (or forever, if a crash cut it off).
  `ALTER TABLE webhook_attempts ADD COLUMN unfinished INTEGER NOT NULL DEFAULT 0`,
  // Which objects hold live streams a tenant key opened, so revoking the key closes them (see key-streams.ts).
  `CREATE TABLE key_streams (key_id TEXT NOT NULL, holder_kind TEXT NOT NULL, holder_id TEXT NOT NULL, PRIMARY KEY (key_id, holder_kind, holder_id))`,
  // The keys of self-hosted environments, hashed like API keys (see environment-keys.ts).
  `CREATE TABLE environment_keys (id TEXT PRIMARY KEY, environment_id TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE INDEX environment_keys_by_environment ON environment_keys (environment_id, created_at, id)`,
  // Only the admin directory fills this: the tenant of every environment key, which the edge asks like api_key_index.
  `CREATE TABLE environment_key_registry (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL)`,
] as const;
