// The webhook delivery log in a tenant's DirectoryObject: events (deduplicated), one delivery per (event, endpoint),
// and every attempt at each delivery.
import { invalidRequest, notFound } from "../platform/errors";
import { newWebhookDeliveryId } from "../ids";
import type { WebhookEvent } from "../schemas/webhook-event";
import type { WebhookDelivery, WebhookDeliveryAttempt } from "../schemas/webhook-endpoint";
import { pageByCreatedAt } from "../storage/created-at-page";
import type { SigningSecret } from "./sealed-signing-secret";

/**
 * What an attempt shows from its start until its outcome is stored. Recorded before anything is sent, so an attempt cut
 * off by a crash (its request maybe received, its outcome lost) still counts in the log, as it did for the queue.
 */
export const UNFINISHED_ATTEMPT_ERROR =
  "no outcome recorded: the attempt is in progress, or was cut off before its outcome was stored (the receiver may have received it)";

/** A delivery to put on the queue: its id and round. */
export interface QueuedDelivery {
  id: string;
  round: number;
}

/** What one attempt needs: where to send, what, and the secret to sign it with, opened (or why it cannot be). */
export interface DeliveryJob {
  url: string;
  webhookId: string;
  body: string;
  signing: SigningSecret;
}

/** An attempt as the log starts it: where to send, what, and the endpoint's signing secret as stored (sealed). */
export interface StartedAttempt {
  url: string;
  endpointId: string;
  storedSigningSecret: string;
  webhookId: string;
  body: string;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDelivery["status"];
  created_at: string;
  updated_at: string;
  [column: string]: SqlStorageValue;
}

/**
 * Records the event once per `(type, occurrenceKey)` with a delivery to each of `endpointIds`; returns the deliveries
 * not yet on the queue, which after a crash between recording and enqueueing includes those of the earlier call.
 */
export function recordEvent(sql: SqlStorage, event: WebhookEvent, occurrenceKey: string, endpointIds: string[]): QueuedDelivery[] {
  const inserted = sql.exec(
    "INSERT INTO webhook_events (id, type, occurrence_key, created_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    event.id,
    event.data.type,
    occurrenceKey,
    event.created_at,
    JSON.stringify(event),
  ).rowsWritten;
  const eventId = sql.exec<{ id: string }>("SELECT id FROM webhook_events WHERE type = ? AND occurrence_key = ?", event.data.type, occurrenceKey).one().id;
  if (inserted > 0) {
    for (const endpointId of endpointIds) {
      sql.exec(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, round, enqueued, created_at, updated_at)
         VALUES (?, ?, ?, 'pending', 1, 0, ?, ?)`,
        newWebhookDeliveryId(),
        endpointId,
        eventId,
        event.created_at,
        event.created_at,
      );
    }
  }
  return sql.exec<{ id: string; round: number }>("SELECT id, round FROM webhook_deliveries WHERE event_id = ? AND enqueued = 0", eventId).toArray();
}

/**
 * Deliveries recorded (or redelivered) at or before `recordedBefore` but never handed to the queue: a crash or a failed
 * send came between the two. Grouped by the tenant that owns them, which their event names.
 */
export function unsentDeliveries(sql: SqlStorage, recordedBefore: string, limit: number): Map<string, QueuedDelivery[]> {
  const rows = sql
    .exec<{ id: string; round: number; body: string }>(
      `SELECT d.id, d.round, v.body FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id
       WHERE d.enqueued = 0 AND d.status = 'pending' AND d.updated_at <= ? ORDER BY d.updated_at LIMIT ?`,
      recordedBefore,
      limit,
    )
    .toArray();
  const byTenant = new Map<string, QueuedDelivery[]>();
  for (const row of rows) {
    const tenantId = (JSON.parse(row.body) as WebhookEvent).data.organization_id;
    byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), { id: row.id, round: row.round }]);
  }
  return byTenant;
}

/**
 * Forgets events recorded before `before` whose deliveries are all settled, with those deliveries and their attempts:
 * the log keeps a window, not everything. Returns how many events went.
 */
export function pruneSettled(sql: SqlStorage, before: string): number {
  const settledOld = `SELECT e.id FROM webhook_events e WHERE e.created_at < ?
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')`;
  sql.exec(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE event_id IN (${settledOld}))`, before);
  sql.exec(`DELETE FROM webhook_deliveries WHERE event_id IN (${settledOld})`, before);
  return sql.exec(`DELETE FROM webhook_events WHERE id IN (${settledOld})`, before).rowsWritten;
}

export function hasUnsentDeliveries(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM webhook_deliveries WHERE enqueued = 0 AND status = 'pending' LIMIT 1").toArray().length > 0;
}

export function markEnqueued(sql: SqlStorage, deliveries: QueuedDelivery[]): void {
  for (const delivery of deliveries) {
    sql.exec("UPDATE webhook_deliveries SET enqueued = 1 WHERE id = ? AND round = ?", delivery.id, delivery.round);
  }
}

/**
 * The job for the next attempt of a delivery in `round`, or null when there is nothing to send: the delivery was
 * deleted with its endpoint, is already settled, or was superseded by a redelivery. A delivery whose endpoint has
 * been disabled since is settled here as failed, never sent.
 */
export function startAttempt(sql: SqlStorage, deliveryId: string, round: number, now: string): StartedAttempt | null {
  const row = sql
    .exec<{ status: string; round: number; state: string; url: string; endpoint_id: string; signing_secret: string; event_id: string; body: string }>(
      `SELECT d.status, d.round, e.state, e.url, d.endpoint_id, e.signing_secret, d.event_id, v.body
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN webhook_events v ON v.id = d.event_id
       WHERE d.id = ?`,
      deliveryId,
    )
    .toArray()[0];
  if (row?.status !== "pending" || row.round !== round) return null;
  if (row.state !== "enabled") {
    appendAttempt(sql, deliveryId, { attempted_at: now, status_code: null, latency_ms: 0, error: "not sent: the endpoint is disabled", next_retry_at: null });
    settle(sql, deliveryId, "failed", now);
    return null;
  }
  appendAttempt(sql, deliveryId, { attempted_at: now, status_code: null, latency_ms: 0, error: UNFINISHED_ATTEMPT_ERROR, next_retry_at: null }, true);
  return { url: row.url, endpointId: row.endpoint_id, storedSigningSecret: row.signing_secret, webhookId: row.event_id, body: row.body };
}

/** Records one attempt of a delivery still in `round`; a success settles it and clears the endpoint's failing streak. */
export function recordAttempt(sql: SqlStorage, deliveryId: string, round: number, attempt: WebhookDeliveryAttempt, succeeded: boolean): void {
  const row = sql
    .exec<{ endpoint_id: string }>("SELECT endpoint_id FROM webhook_deliveries WHERE id = ? AND round = ? AND status = 'pending'", deliveryId, round)
    .toArray()[0];
  if (!row) return;
  completeAttempt(sql, deliveryId, attempt);
  if (succeeded) {
    settle(sql, deliveryId, "succeeded", attempt.attempted_at);
    sql.exec("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?", row.endpoint_id);
  } else {
    sql.exec("UPDATE webhook_deliveries SET updated_at = ? WHERE id = ?", attempt.attempted_at, deliveryId);
    sql.exec("UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?", attempt.attempted_at, row.endpoint_id);
  }
}

/**
 * Settles a delivery that exhausted its retries as failed; returns its endpoint and since when the endpoint has failed
 * every attempt, or null when the delivery was already settled or superseded.
 */
export function failDelivery(sql: SqlStorage, deliveryId: string, round: number, now: string): { endpointId: string; failingSince: string | null } | null {
  const row = sql
    .exec<{ endpoint_id: string; failing_since: string | null }>(
      `SELECT d.endpoint_id, e.failing_since FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.id = ? AND d.round = ? AND d.status = 'pending'`,
      deliveryId,
      round,
    )
    .toArray()[0];
  if (!row) return null;
  settle(sql, deliveryId, "failed", now);
  return { endpointId: row.endpoint_id, failingSince: row.failing_since };
}

export function disableEndpoint(sql: SqlStorage, endpointId: string, reason: string, now: string): void {
  sql.exec("UPDATE webhook_endpoints SET state = 'disabled', disabled_reason = ?, updated_at = ? WHERE id = ? AND state = 'enabled'", reason, now, endpointId);
}

/** Starts a new round of a settled delivery: same event, same `webhook-id`, attempts counted on from the last. */
export function reopenDelivery(sql: SqlStorage, endpointId: string, deliveryId: string, now: string): QueuedDelivery {
  const delivery = readDelivery(sql, endpointId, deliveryId);
  if (delivery.status === "pending") throw invalidRequest(`Webhook delivery '${deliveryId}' is still being delivered.`);
  const round = sql
    .exec<{ round: number }>(
      "UPDATE webhook_deliveries SET status = 'pending', round = round + 1, enqueued = 0, updated_at = ? WHERE id = ? RETURNING round",
      now,
      deliveryId,
    )
    .one().round;
  return { id: deliveryId, round };
}

export function readDelivery(sql: SqlStorage, endpointId: string, deliveryId: string): WebhookDelivery {
  const row = sql
    .exec<DeliveryRow>(
      `SELECT d.id, d.endpoint_id, d.event_id, v.type AS event_type, d.status, d.created_at, d.updated_at
       FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id WHERE d.id = ? AND d.endpoint_id = ?`,
      deliveryId,
      endpointId,
    )
    .toArray()[0];
  if (!row) throw notFound("Webhook delivery", deliveryId);
  return withAttempts(sql, [row])[0]!;
}

/** An endpoint's deliveries, newest first, each with its attempts. */
export function listDeliveries(sql: SqlStorage, endpointId: string, limit: number, page: string | undefined) {
  const query = {
    select: "d.id, d.endpoint_id, d.event_id, v.type AS event_type, d.status, d.created_at, d.updated_at",
    from: "webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id",
    where: "d.endpoint_id = ?",
    params: [endpointId],
    qualifier: "d.",
  };
  const result = pageByCreatedAt<DeliveryRow>(sql, query, page, limit);
  return { data: withAttempts(sql, result.data), next_page: result.next_page };
}

function withAttempts(sql: SqlStorage, rows: DeliveryRow[]): WebhookDelivery[] {
  return rows.map((row) => ({
    id: row.id,
    type: "webhook_delivery",
    endpoint_id: row.endpoint_id,
    webhook_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
    attempts: sql
      .exec<WebhookDeliveryAttempt & Record<string, SqlStorageValue>>(
        "SELECT attempted_at, status_code, latency_ms, error, next_retry_at FROM webhook_attempts WHERE delivery_id = ? ORDER BY number",
        row.id,
      )
      .toArray()
      .map((attempt) => ({ ...attempt })),
  }));
}

function appendAttempt(sql: SqlStorage, deliveryId: string, attempt: WebhookDeliveryAttempt, unfinished = false): void {
  sql.exec(
    `INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, latency_ms, error, next_retry_at, unfinished)
     VALUES (?, (SELECT COUNT(*) + 1 FROM webhook_attempts WHERE delivery_id = ?), ?, ?, ?, ?, ?, ?)`,
    deliveryId,
    deliveryId,
    attempt.attempted_at,
    attempt.status_code,
    attempt.latency_ms,
    attempt.error,
    attempt.next_retry_at,
    unfinished ? 1 : 0,
  );
}

/** Fills in the attempt that startAttempt began (the latest, if still unfinished); appends the attempt otherwise. */
function completeAttempt(sql: SqlStorage, deliveryId: string, attempt: WebhookDeliveryAttempt): void {
  const completed = sql.exec(
    `UPDATE webhook_attempts SET attempted_at = ?, status_code = ?, latency_ms = ?, error = ?, next_retry_at = ?, unfinished = 0
     WHERE delivery_id = ? AND number = (SELECT MAX(number) FROM webhook_attempts WHERE delivery_id = ?) AND unfinished = 1`,
    attempt.attempted_at,
    attempt.status_code,
    attempt.latency_ms,
    attempt.error,
    attempt.next_retry_at,
    deliveryId,
    deliveryId,
  ).rowsWritten;
  if (completed === 0) appendAttempt(sql, deliveryId, attempt);
}

function settle(sql: SqlStorage, deliveryId: string, status: "succeeded" | "failed", now: string): void {
  sql.exec("UPDATE webhook_deliveries SET status = ?, updated_at = ? WHERE id = ?", status, now, deliveryId);
}
