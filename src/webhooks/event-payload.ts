// Builds the payload of a webhook event in the Managed Agents `BetaWebhookEvent` format, with an id derived from
// what happened so that the same occurrence is always the same event.
import { webhookEventId } from "../ids";
import type { WebhookEvent, WebhookEventData } from "../schemas/webhook-event";
import { sha256Hex } from "../sha256";

/** Lucid has no workspaces: a tenant is both the organization and its one workspace. */
export async function buildWebhookEvent(
  tenantId: string,
  data: { type: WebhookEventData["type"]; id: string; [field: string]: unknown },
  occurrenceKey: string,
): Promise<WebhookEvent> {
  return {
    id: webhookEventId(await sha256Hex(`${tenantId}\n${data.type}\n${occurrenceKey}`)),
    type: "event",
    created_at: new Date().toISOString(),
    data: { ...data, organization_id: tenantId, workspace_id: tenantId },
  };
}
