// SQLite schema of a VaultObject: the vault record and its credentials, whose secrets are stored sealed, never in clear.
export const VAULT_MIGRATIONS = [
  `CREATE TABLE vault (
     id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, display_name TEXT NOT NULL, metadata TEXT NOT NULL,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  // `auth` is the credential's auth as the API shows it (no secret in it); `secrets` maps each secret field to its
  // sealed value (src/vaults/credential-secrets.ts). `seq` orders credentials for the first-match lookup of a server.
  `CREATE TABLE credentials (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, display_name TEXT, mcp_server_url TEXT NOT NULL,
     auth TEXT NOT NULL, secrets TEXT NOT NULL, metadata TEXT NOT NULL,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT)`,
  `CREATE INDEX credentials_by_server ON credentials (mcp_server_url, seq)`,
] as const;
