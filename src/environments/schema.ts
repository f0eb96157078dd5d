// SQLite schema of an EnvironmentObject: the environment it queues work for (and its tenant), and its work items with
// their hand-outs and leases. Append only: existing environments migrate in order.
export const ENVIRONMENT_MIGRATIONS = [
  // One row, written by the first enqueue: whose environment this is.
  `CREATE TABLE environment (
     id INTEGER PRIMARY KEY CHECK (id = 1), tenant_id TEXT NOT NULL, environment_id TEXT NOT NULL, created_at TEXT NOT NULL)`,
  // A work item runs one session on a worker. `queued_at` orders the queue (when the item last entered it). A poll's
  // hand-out sets `handed_out_at` (epoch ms), `worker_id` and `secret_hash` (SHA-256 of the work token's secret, never
  // the secret); an ack or heartbeat starts the lease, which lapses at `lease_expires_at` (epoch ms) unless renewed.
  // `latest_heartbeat_at` is the exact string the last heartbeat answered, which the next one must echo.
  `CREATE TABLE work_items (
     id TEXT PRIMARY KEY, session_id TEXT NOT NULL, agent_id TEXT NOT NULL, memory_stores TEXT NOT NULL,
     state TEXT NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT NULL, queued_at TEXT NOT NULL,
     handed_out_at INTEGER, worker_id TEXT, secret_hash TEXT,
     acknowledged_at TEXT, started_at TEXT, latest_heartbeat_at TEXT, lease_ttl_seconds INTEGER, lease_expires_at INTEGER,
     stop_requested_at TEXT, stopped_at TEXT)`,
  `CREATE INDEX work_queue ON work_items (state, queued_at)`,
  `CREATE INDEX work_of_session ON work_items (session_id, created_at)`,
] as const;
