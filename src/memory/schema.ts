// SQLite schema of a MemoryStoreObject: the store record, its live memories, every version of them, and the search index.
export const MEMORY_STORE_MIGRATIONS = [
  `CREATE TABLE store (
     id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
     metadata TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  // Live memories only; a deleted memory leaves its versions behind. `author`, `provenance` and
  // `last_confirmed_at` are Lucid's metadata, kept beside the content so the content stays exactly what was written.
  // `seq` is also the row's id in the search index, so it never changes for a memory (renames included).
  `CREATE TABLE memories (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL UNIQUE,
     content TEXT NOT NULL, content_sha256 TEXT NOT NULL, content_size_bytes INTEGER NOT NULL, memory_version_id TEXT NOT NULL,
     author TEXT NOT NULL, provenance TEXT NOT NULL, last_confirmed_at TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  // One row per change, in order; only redaction ever changes a row (it clears content, hash, size and path).
  `CREATE TABLE memory_versions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, memory_id TEXT NOT NULL, operation TEXT NOT NULL,
     path TEXT, content TEXT, content_sha256 TEXT, content_size_bytes INTEGER,
     created_by TEXT, author TEXT NOT NULL, created_at TEXT NOT NULL, redacted_at TEXT, redacted_by TEXT)`,
  `CREATE INDEX memory_versions_by_memory ON memory_versions (memory_id, seq)`,
  // Full-text index of live memories (rowid = memories.seq), written in the same transaction as the memories table.
  `CREATE VIRTUAL TABLE memories_fts USING fts5(path, content, tokenize = 'porter unicode61')`,
  // Idempotency keys of RPC writes, so that a retried session step never applies the same write twice.
  `CREATE TABLE applied_writes (operation_id TEXT PRIMARY KEY, memory_id TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  // Supersession links written by dreams (`supersedes`: the archived memories this one replaced; `superseded_by`:
  // the memory that replaced this one), so a correction and what it corrected point at each other.
  `ALTER TABLE memories ADD COLUMN links TEXT NOT NULL DEFAULT '{}'`,
  // The dream updating this store in place, if one is: a second such dream is refused until it ends.
  `ALTER TABLE store ADD COLUMN held_by_dream TEXT`,
  // The agents that use this store as their current memory (src/memory/agent-pins.ts): it is not archived or deleted
  // while one does. `seq` never repeats, so a pin made while the store was asking about an older one stays apart.
  `CREATE TABLE agent_pins (seq INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL UNIQUE)`,
] as const;
