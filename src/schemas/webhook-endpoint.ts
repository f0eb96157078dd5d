// Webhook endpoints and their delivery log: request and response shapes of /v1/webhooks (the SDK's organization
// webhook endpoint shapes, `client.beta.organization.webhooks`), plus Lucid's delivery log (an extension).
import { z } from "zod";
import { FreeText, NameText, PageQuery } from "./common";
import { WebhookEventType } from "./webhook-event";

const EnabledEvents = z.array(WebhookEventType).min(1, "must list at least one event type").max(64);

export const WebhookEndpointCreate = z.strictObject({
  url: z.string().min(1).max(2048),
  enabled_events: EnabledEvents,
  name: NameText.max(256).optional(),
  description: FreeText.max(2048).optional(),
});
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreate>;

/** Only the fields sent change; an empty `enabled_events` leaves the set unchanged (as the SDK documents). */
export const WebhookEndpointUpdate = z.strictObject({
  url: z.string().min(1).max(2048).optional(),
  enabled_events: z.array(WebhookEventType).max(64).optional(),
  name: NameText.max(256).optional(),
  description: FreeText.max(2048).optional(),
  state: z.enum(["enabled", "disabled"]).optional(),
});
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

export const WebhookEndpointListQuery = PageQuery.extend({ order: z.enum(["asc", "desc"]).default("desc") });

export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  name: z.string(),
  description: z.string(),
  enabled_events: z.array(WebhookEventType),
  state: z.enum(["enabled", "disabled"]),
  /** Why Lucid disabled the endpoint itself; empty when enabled or disabled by a person. */
  disabled_reason: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** The endpoint as created: the only response, with rotation's, that shows the signing secret. */
export const NewWebhookEndpoint = WebhookEndpoint.extend({ signing_secret: z.string() });
export type NewWebhookEndpoint = z.infer<typeof NewWebhookEndpoint>;

export const WebhookSigningSecret = z.object({ signing_secret: z.string() });
export type WebhookSigningSecret = z.infer<typeof WebhookSigningSecret>;

export const DeletedWebhookEndpoint = z.object({ id: z.string(), type: z.literal("webhook_endpoint_deleted") });
export type DeletedWebhookEndpoint = z.infer<typeof DeletedWebhookEndpoint>;

/** One try at sending a delivery (Lucid extension). */
export const WebhookDeliveryAttempt = z.object({
  attempted_at: z.string(),
  /** The receiver's HTTP status; null when no response came (timeout, network error, refused URL). */
  status_code: z.number().int().nullable(),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
  /** When the next try is due; null after a success or the last try. */
  next_retry_at: z.string().nullable(),
});
export type WebhookDeliveryAttempt = z.infer<typeof WebhookDeliveryAttempt>;

/** One event on its way to one endpoint (Lucid extension); `webhook_id` is the `webhook-id` header of every try. */
export const WebhookDelivery = z.object({
  id: z.string(),
  type: z.literal("webhook_delivery"),
  endpoint_id: z.string(),
  webhook_id: z.string(),
  event_type: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  created_at: z.string(),
  updated_at: z.string(),
  attempts: z.array(WebhookDeliveryAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
