// DirectoryObject: one per tenant. Its API keys, the listing index of its agents, sessions and memory stores, and its environments.
import { DurableObject } from "cloudflare:workers";
import { invokeGuarded } from "../api/guarded-rpc";
import { notFound } from "../api/api-error";
import type { Env } from "../env";
import type { Agent } from "../schemas/agent";
import type { ApiKey } from "../schemas/api-key";
import type { Environment } from "../schemas/environment";
import type { MemoryStore } from "../schemas/memory-store";
import type { Session } from "../schemas/session";
import { applyMigrations } from "../storage/migrate";
import { decodeCursor, toPage } from "../storage/page-cursor";
import { hashMatches } from "./api-key-secret";
import { type ListingFilter, type ListingKind, type ListingPage, queryListings } from "./listings";
import { DIRECTORY_MIGRATIONS } from "./schema";

export interface ListingSnapshot {
  id: string;
  created_at: string;
  archived: boolean;
  agent_id?: string;
  agent_version?: number;
  status?: string;
  body: ListingPage["data"][number];
}

export class DirectoryObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, DIRECTORY_MIGRATIONS);
  }
  /** The one RPC entry point the API edge calls (see api/guarded-rpc.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args);
  }


  // --- API keys of this tenant (verification) ---

  addApiKey(key: { id: string; name: string; hash: string; created_at: string }): void {
    this.sql.exec("INSERT INTO api_keys (id, name, hash, created_at) VALUES (?, ?, ?, ?)", key.id, key.name, key.hash, key.created_at);
  }

  async verifyApiKey(keyId: string, secret: string): Promise<boolean> {
    const row = this.sql.exec<{ hash: string }>("SELECT hash FROM api_keys WHERE id = ?", keyId).toArray()[0];
    return row ? hashMatches(secret, row.hash) : false;
  }

  removeApiKey(keyId: string): void {
    this.sql.exec("DELETE FROM api_keys WHERE id = ?", keyId);
  }

  // --- Index of every tenant key (kept by the admin directory only) ---

  indexApiKey(key: ApiKey): void {
    this.sql.exec(
      "INSERT INTO api_key_index (id, name, tenant_id, created_at) VALUES (?, ?, ?, ?)",
      key.id,
      key.name,
      key.tenant_id,
      key.created_at,
    );
  }

  listApiKeys(limit: number, page?: string) {
    const after = decodeCursor(page);
    const rows = this.sql
      .exec<Omit<ApiKey, "type">>(
        `SELECT id, name, tenant_id, created_at FROM api_key_index
         WHERE (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?))
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        after ? String(after.key) : null,
        after ? String(after.key) : null,
        after ? String(after.key) : null,
        after?.id ?? null,
        limit + 1,
      )
      .toArray();
    const result = toPage(rows, limit, (row) => ({ key: row.created_at, id: row.id }));
    return { data: result.data.map((row): ApiKey => ({ type: "api_key", ...row })), next_page: result.next_page };
  }

  unindexApiKey(keyId: string): ApiKey {
    const row = this.sql.exec<Omit<ApiKey, "type">>("SELECT id, name, tenant_id, created_at FROM api_key_index WHERE id = ?", keyId).toArray()[0];
    if (!row) throw notFound("API key", keyId);
    this.sql.exec("DELETE FROM api_key_index WHERE id = ?", keyId);
    return { type: "api_key", ...row };
  }

  // --- Listing snapshots of agents, sessions and memory stores ---

  putListing(kind: ListingKind, snapshot: ListingSnapshot): void {
    this.sql.exec(
      `INSERT INTO listings (kind, id, created_at, archived, agent_id, agent_version, status, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET archived = excluded.archived, agent_version = excluded.agent_version,
         status = excluded.status, body = excluded.body`,
      kind,
      snapshot.id,
      snapshot.created_at,
      snapshot.archived ? 1 : 0,
      snapshot.agent_id ?? null,
      snapshot.agent_version ?? null,
      snapshot.status ?? null,
      JSON.stringify(snapshot.body),
    );
  }

  removeListing(kind: ListingKind, id: string): void {
    this.sql.exec("DELETE FROM listings WHERE kind = ? AND id = ?", kind, id);
  }

  listListings(kind: ListingKind, filter: ListingFilter): ListingPage {
    return queryListings(this.sql, kind, filter);
  }

  // --- Environments ---

  putEnvironment(environment: Environment): void {
    this.sql.exec(
      `INSERT INTO environments (id, created_at, archived, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET archived = excluded.archived, body = excluded.body`,
      environment.id,
      environment.created_at,
      environment.archived_at ? 1 : 0,
      JSON.stringify(environment),
    );
  }

  getEnvironment(id: string): Environment {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM environments WHERE id = ?", id).toArray()[0];
    if (!row) throw notFound("Environment", id);
    return JSON.parse(row.body) as Environment;
  }

  listEnvironments(limit: number, page: string | undefined, includeArchived: boolean) {
    const after = decodeCursor(page);
    const rows = this.sql
      .exec<{ id: string; created_at: string; body: string }>(
        `SELECT id, created_at, body FROM environments
         WHERE (? = 1 OR archived = 0) AND (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?))
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        includeArchived ? 1 : 0,
        after ? String(after.key) : null,
        after ? String(after.key) : null,
        after ? String(after.key) : null,
        after?.id ?? null,
        limit + 1,
      )
      .toArray();
    const result = toPage(rows, limit, (row) => ({ key: row.created_at, id: row.id }));
    return { data: result.data.map((row) => JSON.parse(row.body) as Environment), next_page: result.next_page };
  }

  deleteEnvironment(id: string): void {
    this.getEnvironment(id);
    this.sql.exec("DELETE FROM environments WHERE id = ?", id);
  }
}
