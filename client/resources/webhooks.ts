// Webhook endpoints (/v1/webhooks, outside the SDK's paths), their test event, and Lucid's delivery log.
import type {
  DeletedWebhookEndpoint,
  ListQuery,
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointListQuery,
  WebhookEndpointUpdate,
  WebhookSigningSecret,
} from "../api-types";
import type { Transport } from "../transport";
import { listPages } from "./list-query";
import { segment } from "./path";

export function webhooksResource(transport: Transport) {
  const endpoint = (id: string) => `/v1/webhooks/${segment(id)}`;
  const delivery = (id: string, deliveryId: string) => `${endpoint(id)}/deliveries/${segment(deliveryId)}`;
  return {
    /** The answer is the only one (with `regenerateSigningSecret`) that shows the signing secret. */
    create: (body: WebhookEndpointCreate) => transport.json<NewWebhookEndpoint>("POST", "/v1/webhooks", { json: body }),
    list: (query: WebhookEndpointListQuery = {}) => listPages<WebhookEndpoint>(transport, "/v1/webhooks", query),
    retrieve: (id: string) => transport.json<WebhookEndpoint>("GET", endpoint(id)),
    update: (id: string, body: WebhookEndpointUpdate) => transport.json<WebhookEndpoint>("POST", endpoint(id), { json: body }),
    delete: (id: string) => transport.json<DeletedWebhookEndpoint>("DELETE", endpoint(id)),
    /** Sends a `webhook.test` event to the endpoint; gives its delivery. */
    test: (id: string) => transport.json<WebhookDelivery>("POST", `${endpoint(id)}/test`),
    regenerateSigningSecret: (id: string) => transport.json<WebhookSigningSecret>("POST", `${endpoint(id)}/regenerate_signing_secret`),
    deliveries: (id: string, query: ListQuery = {}) => listPages<WebhookDelivery>(transport, `${endpoint(id)}/deliveries`, query),
    delivery: (id: string, deliveryId: string) => transport.json<WebhookDelivery>("GET", delivery(id, deliveryId)),
    /** Sends a delivery again (a new attempt with the same `webhook-id`). */
    redeliver: (id: string, deliveryId: string) => transport.json<WebhookDelivery>("POST", `${delivery(id, deliveryId)}/redeliver`),
  };
}
