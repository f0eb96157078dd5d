// DirectoryObject: one per tenant. Its API keys, the listing index of its agents, sessions and memory stores, and its
// environments with their keys.
import { DurableObject } from "cloudflare:workers";
import { invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { notFound } from "../platform/errors";
import type { Env } from "../env";
import type { ApiKey } from "../schemas/api-key";
import type { Environment } from "../schemas/environment";
import type { EnvironmentKey } from "../schemas/environment-key";
import { applyMigrations } from "../storage/migrate";
import { pageByCreatedAt } from "../storage/created-at-page";
import { hashMatches } from "./api-key-secret";
import * as environmentKeys from "./environment-keys";
import * as keyStreams from "./key-streams";
import { type Admission, type TokenBucket, takeToken } from "./token-bucket";
import { type ListingFilter, type ListingKind, type ListingPage, queryListings } from "./listings";
import { DIRECTORY_MIGRATIONS } from "./schema";
import type { WebhookEvent } from "../schemas/webhook-event";
import type { NewWebhookEndpoint, WebhookDeliveryAttempt, WebhookEndpointUpdate } from "../schemas/webhook-endpoint";
import { deliveryPolicy, shouldDisableEndpoint } from "../webhooks/delivery-policy";
import * as deliveryLog from "../webhooks/delivery-log";
import * as endpoints from "../webhooks/endpoint-store";
import { openSigningSecret, type ResealReport, resealSigningSecrets, sealSigningSecret } from "../webhooks/sealed-signing-secret";

export interface ListingSnapshot {
  id: string;
  created_at: string;
  archived: boolean;
  agent_id?: string;
  agent_version?: number;
  status?: string;
  body: ListingPage["data"][number];
}

/**
 * How long a recorded webhook delivery may stay off the queue before the alarm sends it, and how many per sweep; also
 * how soon the alarm tries again to close a revoked key's streams at an object that could not be reached.
 */
const UNSENT_SWEEP_MS = 60_000;
const UNSENT_SWEEP_BATCH = 100;
/** How long the delivery log keeps settled deliveries (and their events and attempts). */
const WEBHOOK_LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const DIRECTORY_RPC = [
  "addApiKey",
  "admitApiKey",
  "admitRequest",
  "removeApiKey",
  "recordKeyStream",
  "indexApiKey",
  "registeredTenantOf",
  "listApiKeys",
  "unindexApiKey",
  "putListing",
  "removeListing",
  "listListings",
  "putEnvironment",
  "getEnvironment",
  "listEnvironments",
  "deleteEnvironment",
  "addEnvironmentKey",
  "admitEnvironmentKey",
  "listEnvironmentKeys",
  "removeEnvironmentKey",
  "registerEnvironmentKey",
  "unregisterEnvironmentKeys",
  "createWebhookEndpoint",
  "getWebhookEndpoint",
  "listWebhookEndpoints",
  "updateWebhookEndpoint",
  "deleteWebhookEndpoint",
  "rotateWebhookSigningSecret",
  "resealWebhookSigningSecrets",
  "recordWebhookEvent",
  "getWebhookDelivery",
  "listWebhookDeliveries",
  "redeliverWebhook",
  "startWebhookAttempt",
  "recordWebhookAttempt",
  "failWebhookDelivery",
] as const satisfies RpcSurface<DirectoryObject>;

export class DirectoryObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /**
   * Request budgets by key id. Kept in memory, not SQLite, so admitting a request writes nothing: every request of the
   * tenant passes here, and losing the buckets when the object restarts only refills them.
   */
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, DIRECTORY_MIGRATIONS);
  }
  /** The one RPC entry point the API edge calls (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, DIRECTORY_RPC);
  }

  // --- API keys of this tenant (verification) ---

  addApiKey(key: { id: string; name: string; hash: string; created_at: string; rate_limit_per_minute: number | null }): void {
    this.sql.exec(
      "INSERT INTO api_keys (id, name, hash, created_at, rate_limit_per_minute) VALUES (?, ?, ?, ?, ?)",
      key.id,
      key.name,
      key.hash,
      key.created_at,
      key.rate_limit_per_minute,
    );
  }

  /**
   * Verifies a key and, in the same call, takes a request from its budget (its own limit, else `defaultPerMinute`;
   * 0 means unlimited). Null when the key is unknown here or the secret does not match.
   */
  async admitApiKey(keyId: string, secret: string, defaultPerMinute: number): Promise<Admission | null> {
    const row = this.sql
      .exec<{ hash: string; rate_limit_per_minute: number | null }>("SELECT hash, rate_limit_per_minute FROM api_keys WHERE id = ?", keyId)
      .toArray()[0];
    if (!row || !(await hashMatches(secret, row.hash))) return null;
    return this.admitRequest(keyId, row.rate_limit_per_minute ?? defaultPerMinute);
  }

  /** Takes a request from the budget of `keyId` under a limit of `perMinute` (0: unlimited). */
  admitRequest(keyId: string, perMinute: number): Admission {
    if (perMinute <= 0) return { admitted: true };
    const { bucket, admission } = takeToken(this.buckets.get(keyId), perMinute, Date.now());
    this.buckets.set(keyId, bucket);
    return admission;
  }

  /**
   * Revokes a key: refused from now on, and every stream it opened closed before this returns. A holder that cannot be
   * reached keeps its record, and the alarm tries it again until it answers.
   */
  async removeApiKey(keyId: string): Promise<void> {
    this.sql.exec("DELETE FROM api_keys WHERE id = ?", keyId);
    this.buckets.delete(keyId);
    await this.closeStreamsOfRevokedKeys(keyId);
  }

  // --- Live streams opened with this tenant's keys (see key-streams.ts) ---

  /** Called by the edge once a stream is open; false when the key was revoked meanwhile (the edge then closes it). */
  recordKeyStream(keyId: string, holder: keyStreams.StreamHolder): boolean {
    return keyStreams.recordKeyStream(this.sql, keyId, holder);
  }

  private async closeStreamsOfRevokedKeys(keyId?: string): Promise<void> {
    const pending = keyStreams.streamsOfRevokedKeys(this.sql, keyId);
    const closed = await Promise.all(pending.map((stream) => keyStreams.closeKeyStreams(this.env, stream)));
    pending.forEach((stream, index) => {
      if (closed[index]) keyStreams.forgetKeyStream(this.sql, stream);
    });
    if (closed.includes(false) && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + UNSENT_SWEEP_MS);
  }

  // --- Index of every tenant key (kept by the admin directory only) ---

  indexApiKey(key: ApiKey): void {
    this.sql.exec(
      "INSERT INTO api_key_index (id, name, tenant_id, created_at, rate_limit_per_minute) VALUES (?, ?, ?, ?, ?)",
      key.id,
      key.name,
      key.tenant_id,
      key.created_at,
      key.rate_limit_per_minute,
    );
  }

  /** The tenant a key id (an API key's or an environment key's) was issued to, or null: the edge asks this before it reaches any tenant's directory. */
  registeredTenantOf(keyId: string): string | null {
    const registered = this.sql
      .exec<{ tenant_id: string }>(
        "SELECT tenant_id FROM api_key_index WHERE id = ? UNION ALL SELECT tenant_id FROM environment_key_registry WHERE id = ?",
        keyId,
        keyId,
      )
      .toArray()[0];
    return registered?.tenant_id ?? null;
  }

  /** Registers an environment key's tenant (admin directory only), so the edge lets the key reach that tenant. */
  registerEnvironmentKey(keyId: string, tenantId: string): void {
    environmentKeys.registerEnvironmentKey(this.sql, keyId, tenantId);
  }

  /** Forgets revoked environment keys (admin directory only); a key forgotten late is still refused by its tenant. */
  unregisterEnvironmentKeys(keyIds: string[]): void {
    environmentKeys.unregisterEnvironmentKeys(this.sql, keyIds);
  }

  listApiKeys(limit: number, page?: string) {
    const select = "id, name, tenant_id, rate_limit_per_minute, created_at";
    const result = pageByCreatedAt<Omit<ApiKey, "type">>(this.sql, { select, from: "api_key_index" }, page, limit);
    return { data: result.data.map((row): ApiKey => ({ type: "api_key", ...row })), next_page: result.next_page };
  }

  unindexApiKey(keyId: string): ApiKey {
    const row = this.sql
      .exec<Omit<ApiKey, "type">>("SELECT id, name, tenant_id, rate_limit_per_minute, created_at FROM api_key_index WHERE id = ?", keyId)
      .toArray()[0];
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

  listListings<K extends ListingKind>(kind: K, filter: ListingFilter): ListingPage<K> {
    return queryListings(this.sql, kind, filter);
  }

  // --- Environments ---

  /**
   * Stores the environment; one that can no longer hold keys (archived, or no longer self-hosted) loses them in the same
   * call. Answers the ids of the keys revoked, for the admin directory's registry to forget.
   */
  putEnvironment(environment: Environment): string[] {
    this.sql.exec(
      `INSERT INTO environments (id, created_at, archived, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET archived = excluded.archived, body = excluded.body`,
      environment.id,
      environment.created_at,
      environment.archived_at ? 1 : 0,
      JSON.stringify(environment),
    );
    return environmentKeys.keylessReason(environment) ? this.revokeEnvironmentKeys(environment.id) : [];
  }

  getEnvironment(id: string): Environment {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM environments WHERE id = ?", id).toArray()[0];
    if (!row) throw notFound("Environment", id);
    return JSON.parse(row.body) as Environment;
  }

  listEnvironments(limit: number, page: string | undefined, includeArchived: boolean) {
    const query = { select: "id, created_at, body", from: "environments", where: "? = 1 OR archived = 0", params: [includeArchived ? 1 : 0] };
    const result = pageByCreatedAt<{ id: string; created_at: string; body: string }>(this.sql, query, page, limit);
    return { data: result.data.map((row) => JSON.parse(row.body) as Environment), next_page: result.next_page };
  }

  /** Deletes the environment and revokes its keys; answers their ids, for the admin directory's registry to forget. */
  deleteEnvironment(id: string): string[] {
    this.getEnvironment(id);
    this.sql.exec("DELETE FROM environments WHERE id = ?", id);
    return this.revokeEnvironmentKeys(id);
  }

  // --- Keys of self-hosted environments (see environment-keys.ts) ---

  /** Adds a key of a live self-hosted environment (not found for an unknown one; refused for any other). */
  addEnvironmentKey(key: { id: string; environment_id: string; hash: string; created_at: string }): EnvironmentKey {
    return environmentKeys.insertEnvironmentKey(this.sql, this.getEnvironment(key.environment_id), key);
  }

  /**
   * Verifies an environment key and, in the same call, takes a request from its budget under the tenant keys' default
   * limit (0: unlimited). Null when the key is unknown here (or revoked) or the secret does not match.
   */
  async admitEnvironmentKey(keyId: string, secret: string, perMinute: number): Promise<{ environment_id: string; admission: Admission } | null> {
    const stored = environmentKeys.storedEnvironmentKey(this.sql, keyId);
    if (!stored || !(await hashMatches(secret, stored.hash))) return null;
    return { environment_id: stored.environment_id, admission: this.admitRequest(keyId, perMinute) };
  }

  listEnvironmentKeys(environmentId: string, limit: number, page: string | undefined) {
    this.getEnvironment(environmentId);
    return environmentKeys.listEnvironmentKeys(this.sql, environmentId, limit, page);
  }

  /** Revokes one key of the environment: refused from the next request on. */
  removeEnvironmentKey(environmentId: string, keyId: string): void {
    this.getEnvironment(environmentId);
    environmentKeys.deleteEnvironmentKey(this.sql, environmentId, keyId);
    this.buckets.delete(keyId);
  }

  private revokeEnvironmentKeys(environmentId: string): string[] {
    const revoked = environmentKeys.revokeKeysOf(this.sql, environmentId);
    for (const keyId of revoked) this.buckets.delete(keyId);
    return revoked;
  }

  // --- Webhook endpoints and their delivery log (the logic lives in src/webhooks/) ---

  /** The secret is stored sealed (src/webhooks/sealed-signing-secret.ts); only this answer shows it in the clear. */
  async createWebhookEndpoint(tenantId: string, endpoint: NewWebhookEndpoint): Promise<NewWebhookEndpoint> {
    const { signing_secret, ...shown } = endpoint;
    endpoints.insertEndpoint(this.sql, shown, await sealSigningSecret(this.env, tenantId, endpoint.id, signing_secret));
    return endpoint;
  }

  getWebhookEndpoint(id: string) {
    return endpoints.readEndpoint(this.sql, id);
  }

  listWebhookEndpoints(limit: number, page: string | undefined, order: "asc" | "desc") {
    return endpoints.listEndpoints(this.sql, limit, page, order);
  }

  updateWebhookEndpoint(id: string, patch: WebhookEndpointUpdate) {
    return endpoints.updateEndpoint(this.sql, id, patch, new Date().toISOString());
  }

  deleteWebhookEndpoint(id: string): void {
    endpoints.deleteEndpoint(this.sql, id);
  }

  async rotateWebhookSigningSecret(tenantId: string, id: string, secret: string): Promise<void> {
    endpoints.readEndpoint(this.sql, id);
    endpoints.replaceSigningSecret(this.sql, id, await sealSigningSecret(this.env, tenantId, id, secret), new Date().toISOString());
  }

  /** Brings every signing secret here under the current LUCID_SECRETS_KEY (the key rotation procedure's last step). */
  resealWebhookSigningSecrets(tenantId: string): Promise<ResealReport> {
    return resealSigningSecrets(this.sql, this.env, tenantId);
  }

  /** Records an event with its deliveries (to `onlyEndpointId`, or to every subscribed enabled endpoint) and enqueues them. */
  async recordWebhookEvent(event: WebhookEvent, occurrenceKey: string, onlyEndpointId?: string): Promise<string[]> {
    const targets = onlyEndpointId ? [onlyEndpointId] : endpoints.subscribedEndpointIds(this.sql, event.data.type);
    // An event no endpoint wants is not kept: every session turn emits some, and most tenants subscribe to few.
    if (targets.length === 0) return [];
    const queued = deliveryLog.recordEvent(this.sql, event, occurrenceKey, targets);
    await this.enqueueWebhookDeliveries(event.data.organization_id, queued);
    return queued.map((delivery) => delivery.id);
  }

  getWebhookDelivery(endpointId: string, deliveryId: string) {
    return deliveryLog.readDelivery(this.sql, endpointId, deliveryId);
  }

  listWebhookDeliveries(endpointId: string, limit: number, page: string | undefined) {
    endpoints.readEndpoint(this.sql, endpointId);
    return deliveryLog.listDeliveries(this.sql, endpointId, limit, page);
  }

  async redeliverWebhook(tenantId: string, endpointId: string, deliveryId: string) {
    const now = new Date().toISOString();
    const queued = deliveryLog.reopenDelivery(this.sql, endpointId, deliveryId, now);
    await this.enqueueWebhookDeliveries(tenantId, [queued]);
    return deliveryLog.readDelivery(this.sql, endpointId, deliveryId);
  }

  /** The next attempt of a delivery, with its endpoint's secret opened (and re-sealed if stored in an older form). */
  async startWebhookAttempt(tenantId: string, deliveryId: string, round: number): Promise<deliveryLog.DeliveryJob | null> {
    const started = deliveryLog.startAttempt(this.sql, deliveryId, round, new Date().toISOString());
    if (!started) return null;
    const { endpointId, storedSigningSecret, ...job } = started;
    return { ...job, signing: await openSigningSecret(this.sql, this.env, tenantId, endpointId, storedSigningSecret) };
  }

  recordWebhookAttempt(deliveryId: string, round: number, attempt: WebhookDeliveryAttempt, succeeded: boolean): void {
    deliveryLog.recordAttempt(this.sql, deliveryId, round, attempt, succeeded);
  }

  /** A delivery that exhausted its retries (from the dead-letter queue): failed, and its endpoint disabled if failing long. */
  failWebhookDelivery(deliveryId: string, round: number): void {
    const now = new Date();
    const failed = deliveryLog.failDelivery(this.sql, deliveryId, round, now.toISOString());
    if (!failed || !shouldDisableEndpoint(deliveryPolicy(this.env), failed.failingSince, now)) return;
    const reason = `Every delivery attempt has failed since ${failed.failingSince}, and delivery ${deliveryId} exhausted its retries.`;
    deliveryLog.disableEndpoint(this.sql, failed.endpointId, reason, now.toISOString());
  }

  /**
   * Sends deliveries a crash or a failed send left off the queue (again while any remain), and forgets settled ones
   * past the log's retention. It runs whenever deliveries were queued, so pruning keeps pace with the log's growth.
   */
  override async alarm(): Promise<void> {
    deliveryLog.pruneSettled(this.sql, new Date(Date.now() - WEBHOOK_LOG_RETENTION_MS).toISOString());
    const cutoff = new Date(Date.now() - UNSENT_SWEEP_MS / 2).toISOString();
    for (const [tenantId, unsent] of deliveryLog.unsentDeliveries(this.sql, cutoff, UNSENT_SWEEP_BATCH)) await this.enqueueWebhookDeliveries(tenantId, unsent);
    await this.closeStreamsOfRevokedKeys();
    const retry = deliveryLog.hasUnsentDeliveries(this.sql) || keyStreams.streamsOfRevokedKeys(this.sql).length > 0;
    if (retry) await this.ctx.storage.setAlarm(Date.now() + UNSENT_SWEEP_MS);
  }

  private async enqueueWebhookDeliveries(tenantId: string, queued: deliveryLog.QueuedDelivery[]): Promise<void> {
    if (queued.length === 0) return;
    // The safety net comes first: if this object dies, or the send fails, before the deliveries are on the queue,
    // the alarm finds them still unsent and sends them.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + UNSENT_SWEEP_MS);
    await this.env.WEBHOOKS.sendBatch(queued.map((delivery) => ({ body: { tenant_id: tenantId, delivery_id: delivery.id, round: delivery.round } })));
    deliveryLog.markEnqueued(this.sql, queued);
  }
}
