// A vault's credentials in its object's `credentials` table: rows, their rendering (never a secret), and their pages.
import type { Metadata } from "../schemas/common";
import type { Credential, CredentialAuthResponse } from "../schemas/vault-credential";
import { pageByCreatedAt } from "../storage/created-at-page";
import type { CredentialSecrets } from "./credential-secrets";

export type CredentialRow = {
  seq: number;
  id: string;
  display_name: string | null;
  mcp_server_url: string;
  auth: string;
  secrets: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
};

/** A credential as stored: what the API shows, and its sealed secrets. */
export interface StoredCredential {
  id: string;
  display_name: string | null;
  auth: CredentialAuthResponse;
  sealed: CredentialSecrets;
  metadata: Metadata;
}

export function findCredentialRow(sql: SqlStorage, credentialId: string): CredentialRow | null {
  return sql.exec<CredentialRow>("SELECT * FROM credentials WHERE id = ?", credentialId).toArray()[0] ?? null;
}

export function countCredentials(sql: SqlStorage): number {
  return sql.exec<{ count: number }>("SELECT COUNT(*) AS count FROM credentials").one().count;
}

export function insertCredential(sql: SqlStorage, credential: StoredCredential, now: string): void {
  sql.exec(
    `INSERT INTO credentials (id, display_name, mcp_server_url, auth, secrets, metadata, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    credential.id,
    credential.display_name,
    credential.auth.mcp_server_url,
    JSON.stringify(credential.auth),
    JSON.stringify(credential.sealed),
    JSON.stringify(credential.metadata),
    now,
    now,
  );
}

/** Rewrites a credential; `updated_at` moves only when something in it changed. */
export function rewriteCredential(sql: SqlStorage, row: CredentialRow, credential: StoredCredential, now: string): void {
  const values = [credential.display_name, JSON.stringify(credential.auth), JSON.stringify(credential.sealed), JSON.stringify(credential.metadata)];
  if (values.every((value, index) => value === [row.display_name, row.auth, row.secrets, row.metadata][index])) return;
  sql.exec("UPDATE credentials SET display_name = ?, auth = ?, secrets = ?, metadata = ?, updated_at = ? WHERE id = ?", ...values, now, row.id);
}

export function archiveCredentialRow(sql: SqlStorage, credentialId: string, now: string): void {
  sql.exec(
    "UPDATE credentials SET updated_at = CASE WHEN archived_at IS NULL THEN ? ELSE updated_at END, archived_at = COALESCE(archived_at, ?) WHERE id = ?",
    now,
    now,
    credentialId,
  );
}

/** The oldest active credential for exactly this server URL: the one a session uses. */
export function firstActiveCredentialFor(sql: SqlStorage, mcpServerUrl: string): CredentialRow | null {
  return (
    sql.exec<CredentialRow>("SELECT * FROM credentials WHERE mcp_server_url = ? AND archived_at IS NULL ORDER BY seq LIMIT 1", mcpServerUrl).toArray()[0] ??
    null
  );
}

export function storedCredential(row: CredentialRow): StoredCredential {
  return {
    id: row.id,
    display_name: row.display_name,
    auth: JSON.parse(row.auth) as CredentialAuthResponse,
    sealed: JSON.parse(row.secrets) as CredentialSecrets,
    metadata: JSON.parse(row.metadata) as Metadata,
  };
}

/** The credential as every route answers it: its `auth` column holds no secret, and `secrets` is never read here. */
export function renderCredential(row: CredentialRow, vaultId: string): Credential {
  return {
    id: row.id,
    type: "vault_credential",
    vault_id: vaultId,
    display_name: row.display_name,
    auth: JSON.parse(row.auth) as CredentialAuthResponse,
    metadata: JSON.parse(row.metadata) as Metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    archived_at: row.archived_at,
  };
}

export function pageCredentials(sql: SqlStorage, vaultId: string, query: { limit: number; page?: string; include_archived?: boolean }) {
  const select = "seq, id, display_name, mcp_server_url, auth, secrets, metadata, created_at, updated_at, archived_at";
  const where = query.include_archived ? undefined : "archived_at IS NULL";
  const page = pageByCreatedAt<CredentialRow>(sql, { select, from: "credentials", where }, query.page, query.limit);
  return { data: page.data.map((row) => renderCredential(row, vaultId)), next_page: page.next_page };
}
