// The one door through which any part of Lucid announces a webhook event to a tenant's endpoints.
import { directoryOf } from "../platform/stubs";
import type { Env } from "../env";
import type { WebhookEventType } from "../schemas/webhook-event";
import { buildWebhookEvent } from "./event-payload";

/**
 * Records the event in the tenant's directory with one delivery per enabled endpoint subscribed to its type, then
 * enqueues those deliveries. The same `(type, occurrenceKey)` is one event, however often it is emitted, so callers
 * may emit again after a crash or an alarm retry: endpoints still get it once. Never throws: a failure is logged,
 * because the caller's own work (an agent update, a session step) must not fail for a notification.
 */
export async function emitWebhookEvent(
  env: Env,
  tenantId: string,
  data: { type: WebhookEventType; id: string; [field: string]: unknown },
  occurrenceKey: string,
): Promise<void> {
  try {
    const event = await buildWebhookEvent(tenantId, data, occurrenceKey);
    await directoryOf(env, tenantId).recordWebhookEvent(event, occurrenceKey);
  } catch (error) {
    console.error(`webhook event ${data.type} for ${data.id} was not recorded`, error);
  }
}
