// SQLite schema of the SimScriptObject, as ordered migrations.
export const SIM_SCRIPT_MIGRATIONS = [
  `CREATE TABLE replies (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, reply TEXT NOT NULL)`,
  `CREATE INDEX replies_by_key ON replies (key, seq)`,
  // One row per key a request matched, so each key's log is a plain ordered read.
  `CREATE TABLE requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL)`,
  `CREATE INDEX requests_by_key ON requests (key, seq)`,
  // Hashes of prompt prefixes marked cache_control, per metadata.user_id, to report cache writes then reads.
  `CREATE TABLE cache_prefixes (scope TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (scope, hash))`,
] as const;
