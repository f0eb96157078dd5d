// The keys of a tenant's self-hosted environments, in its DirectoryObject: each held as a SHA-256 hash beside the
// environment it opens, and only while that environment is self-hosted and live. The admin directory's registry of
// them (which tenant issued a key id) is kept by the last two functions.
import { invalidRequest, notFound } from "../platform/errors";
import type { Environment } from "../schemas/environment";
import type { EnvironmentKey } from "../schemas/environment-key";
import { pageByCreatedAt } from "../storage/created-at-page";

/** Why `environment` cannot hold keys, or null when it can: only a live self-hosted environment has a worker to let in. */
export function keylessReason(environment: Environment): string | null {
  if (environment.config.type !== "self_hosted")
    return `Environment '${environment.id}' is not self-hosted: only a self-hosted environment's worker uses a key.`;
  if (environment.archived_at) return `Environment '${environment.id}' is archived: its keys were revoked and no new one is issued.`;
  return null;
}

export function insertEnvironmentKey(sql: SqlStorage, environment: Environment, key: { id: string; hash: string; created_at: string }): EnvironmentKey {
  const refusal = keylessReason(environment);
  if (refusal) throw invalidRequest(refusal);
  sql.exec("INSERT INTO environment_keys (id, environment_id, hash, created_at) VALUES (?, ?, ?, ?)", key.id, environment.id, key.hash, key.created_at);
  return { id: key.id, type: "environment_key", environment_id: environment.id, created_at: key.created_at };
}

/** What verifying key `keyId` needs: its hash and the environment it opens; undefined for a key not held (or no longer). */
export function storedEnvironmentKey(sql: SqlStorage, keyId: string): { hash: string; environment_id: string } | undefined {
  return sql.exec<{ hash: string; environment_id: string }>("SELECT hash, environment_id FROM environment_keys WHERE id = ?", keyId).toArray()[0];
}

export function listEnvironmentKeys(sql: SqlStorage, environmentId: string, limit: number, page: string | undefined) {
  const query = { select: "id, environment_id, created_at", from: "environment_keys", where: "environment_id = ?", params: [environmentId] };
  const result = pageByCreatedAt<Omit<EnvironmentKey, "type">>(sql, query, page, limit);
  return { data: result.data.map((row): EnvironmentKey => ({ type: "environment_key", ...row })), next_page: result.next_page };
}

export function deleteEnvironmentKey(sql: SqlStorage, environmentId: string, keyId: string): void {
  const held = sql.exec("SELECT 1 FROM environment_keys WHERE id = ? AND environment_id = ?", keyId, environmentId).toArray().length > 0;
  if (!held) throw notFound("Environment key", keyId);
  sql.exec("DELETE FROM environment_keys WHERE id = ?", keyId);
}

/** Revokes every key of the environment; answers their ids, for the admin directory's registry to forget. */
export function revokeKeysOf(sql: SqlStorage, environmentId: string): string[] {
  return sql
    .exec<{ id: string }>("DELETE FROM environment_keys WHERE environment_id = ? RETURNING id", environmentId)
    .toArray()
    .map((row) => row.id);
}

// --- The admin directory's registry of environment keys ---

export function registerEnvironmentKey(sql: SqlStorage, keyId: string, tenantId: string): void {
  sql.exec("INSERT INTO environment_key_registry (id, tenant_id) VALUES (?, ?)", keyId, tenantId);
}

export function unregisterEnvironmentKeys(sql: SqlStorage, keyIds: string[]): void {
  for (const keyId of keyIds) sql.exec("DELETE FROM environment_key_registry WHERE id = ?", keyId);
}
