// Webhook test fixtures: endpoints pointed at the recording receiver (receiver-worker.ts), its inboxes, and waiting.
import { env } from "cloudflare:test";
import { ADMIN_KEY, api } from "../fixtures/lucid";

export interface ReceivedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface EndpointWithSecret {
  id: string;
  url: string;
  state: string;
  disabled_reason: string;
  enabled_events: string[];
  signing_secret: string;
}

export interface DeliveryView {
  id: string;
  webhook_id: string;
  event_type: string;
  status: "pending" | "succeeded" | "failed";
  attempts: { status_code: number | null; error: string | null; next_retry_at: string | null; latency_ms: number }[];
}

/** The key of a new tenant of its own, so that no other test's events reach its endpoints. */
export async function newTenantKey(): Promise<string> {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "webhooks" } });
  return ((await response.json()) as { key: string }).key;
}

/** A fresh inbox name, so tests never read each other's deliveries. */
export const newInbox = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

export async function createEndpoint(inbox: string, enabledEvents: string[], apiKey: string = ADMIN_KEY): Promise<EndpointWithSecret> {
  const response = await api("/v1/webhooks", { method: "POST", apiKey, json: { url: `https://hooks.example.com/${inbox}`, enabled_events: enabledEvents } });
  if (response.status !== 200) throw new Error(`endpoint not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as EndpointWithSecret;
}

/** Makes the receiver answer the next deliveries to `inbox` with these statuses (200 after them). */
export async function scriptReceiver(inbox: string, statuses: number[]): Promise<void> {
  await env.WEBHOOK_EGRESS!.fetch(`http://receiver.control/script/${inbox}`, { method: "POST", body: JSON.stringify({ statuses }) });
}

export async function received(inbox: string): Promise<ReceivedDelivery[]> {
  return (await (await env.WEBHOOK_EGRESS!.fetch(`http://receiver.control/inbox/${inbox}`)).json()) as ReceivedDelivery[];
}

export async function deliveries(endpointId: string, apiKey: string = ADMIN_KEY): Promise<DeliveryView[]> {
  const response = await api(`/v1/webhooks/${endpointId}/deliveries`, { apiKey });
  return ((await response.json()) as { data: DeliveryView[] }).data;
}

/** Polls until `check` returns a value other than undefined (the queue consumer runs on its own time). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the inbox holds at least `count` deliveries. */
export function receivedAtLeast(inbox: string, count: number): Promise<ReceivedDelivery[]> {
  return eventually(async () => {
    const list = await received(inbox);
    return list.length >= count ? list : undefined;
  }, `${count} deliveries to ${inbox}`);
}
