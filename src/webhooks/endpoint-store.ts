// A tenant's webhook endpoints in its DirectoryObject's SQLite: create, read, list, change, delete, rotate secrets.
// Signing secrets are stored sealed (see sealed-signing-secret.ts); this module only moves their stored form.
import { invalidRequest, notFound } from "../platform/errors";
import type { WebhookEventType } from "../schemas/webhook-event";
import type { WebhookEndpoint, WebhookEndpointUpdate } from "../schemas/webhook-endpoint";
import { pageByCreatedAt } from "../storage/created-at-page";

/** As the Managed Agents API limits organization webhook endpoints, enabled or disabled. */
const MAX_ENDPOINTS_PER_TENANT = 32;

interface EndpointRow {
  id: string;
  url: string;
  name: string;
  description: string;
  enabled_events: string;
  state: "enabled" | "disabled";
  disabled_reason: string;
  created_at: string;
  updated_at: string;
  [column: string]: SqlStorageValue;
}

const COLUMNS = "id, url, name, description, enabled_events, state, disabled_reason, created_at, updated_at";

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    description: row.description,
    enabled_events: JSON.parse(row.enabled_events) as WebhookEventType[],
    state: row.state,
    disabled_reason: row.disabled_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function insertEndpoint(sql: SqlStorage, endpoint: WebhookEndpoint, sealedSigningSecret: string): void {
  const count = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_endpoints").one().n;
  if (count >= MAX_ENDPOINTS_PER_TENANT) throw invalidRequest(`A tenant can have at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints.`);
  sql.exec(
    `INSERT INTO webhook_endpoints (${COLUMNS}, signing_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    endpoint.id,
    endpoint.url,
    endpoint.name,
    endpoint.description,
    JSON.stringify(endpoint.enabled_events),
    endpoint.state,
    endpoint.disabled_reason,
    endpoint.created_at,
    endpoint.updated_at,
    sealedSigningSecret,
  );
}

export function readEndpoint(sql: SqlStorage, id: string): WebhookEndpoint {
  const row = sql.exec<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = ?`, id).toArray()[0];
  if (!row) throw notFound("Webhook endpoint", id);
  return toEndpoint(row);
}

export function listEndpoints(sql: SqlStorage, limit: number, page: string | undefined, order: "asc" | "desc") {
  const result = pageByCreatedAt<EndpointRow>(sql, { select: COLUMNS, from: "webhook_endpoints" }, page, limit, order);
  return { data: result.data.map(toEndpoint), next_page: result.next_page };
}

/** Applies the fields sent; enabling clears `disabled_reason` and forgets past failures. */
export function updateEndpoint(sql: SqlStorage, id: string, patch: WebhookEndpointUpdate, now: string): WebhookEndpoint {
  const current = readEndpoint(sql, id);
  const next: WebhookEndpoint = {
    ...current,
    url: patch.url ?? current.url,
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    enabled_events: patch.enabled_events?.length ? [...new Set(patch.enabled_events)] : current.enabled_events,
    state: patch.state ?? current.state,
    disabled_reason: patch.state ? "" : current.disabled_reason,
    updated_at: now,
  };
  sql.exec(
    `UPDATE webhook_endpoints SET url = ?, name = ?, description = ?, enabled_events = ?, state = ?, disabled_reason = ?,
       updated_at = ?, failing_since = CASE WHEN ? = 'enabled' THEN NULL ELSE failing_since END
     WHERE id = ?`,
    next.url,
    next.name,
    next.description,
    JSON.stringify(next.enabled_events),
    next.state,
    next.disabled_reason,
    next.updated_at,
    patch.state ?? null,
    id,
  );
  return next;
}

export function deleteEndpoint(sql: SqlStorage, id: string): void {
  readEndpoint(sql, id);
  sql.exec("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)", id);
  sql.exec("DELETE FROM webhook_deliveries WHERE endpoint_id = ?", id);
  sql.exec("DELETE FROM webhook_endpoints WHERE id = ?", id);
}

/** The old secret stops working at once: every later attempt, retries included, is signed with the new one. */
export function replaceSigningSecret(sql: SqlStorage, id: string, sealedSecret: string, now: string): void {
  readEndpoint(sql, id);
  sql.exec("UPDATE webhook_endpoints SET signing_secret = ?, updated_at = ? WHERE id = ?", sealedSecret, now, id);
}

/** Every endpoint's secret as stored, for a pass that re-seals them all. */
export function storedSigningSecrets(sql: SqlStorage): { id: string; signing_secret: string }[] {
  return sql.exec<{ id: string; signing_secret: string }>("SELECT id, signing_secret FROM webhook_endpoints ORDER BY id").toArray();
}

/** Stores the same secret in a new form, only if the row still holds `expected`: a rotation meanwhile is never undone. */
export function rewriteSigningSecret(sql: SqlStorage, id: string, expected: string, rewritten: string): boolean {
  return sql.exec("UPDATE webhook_endpoints SET signing_secret = ? WHERE id = ? AND signing_secret = ?", rewritten, id, expected).rowsWritten > 0;
}

/** The enabled endpoints that subscribe to `type`. */
export function subscribedEndpointIds(sql: SqlStorage, type: string): string[] {
  return sql
    .exec<{ id: string }>("SELECT id FROM webhook_endpoints WHERE state = 'enabled' AND EXISTS (SELECT 1 FROM json_each(enabled_events) WHERE value = ?)", type)
    .toArray()
    .map((row) => row.id);
}
