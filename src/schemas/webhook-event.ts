// Webhook event types and payloads: the Managed Agents `BetaWebhookEvent` format, plus Lucid's own event types.
import { z } from "zod";

/** Event types of the Managed Agents API that Lucid emits (or will: threads and outcomes are emitted by their features). */
const MANAGED_AGENTS_EVENT_TYPES = [
  "session.status_run_started",
  "session.status_idled",
  "session.status_terminated",
  "session.outcome_evaluation_ended",
  "session.thread_created",
  "agent.created",
  "agent.updated",
  "agent.archived",
  "memory_store.created",
  "memory_store.archived",
  "deployment.created",
  "deployment.updated",
  "deployment.paused",
  "deployment.unpaused",
  "deployment.archived",
  "deployment_run.started",
  "deployment_run.succeeded",
  "deployment_run.failed",
  "vault.created",
  "vault.archived",
  "vault.deleted",
  "vault_credential.created",
  "vault_credential.archived",
  "vault_credential.deleted",
  "vault_credential.refresh_failed",
] as const;

/** Lucid extensions: dream lifecycle events. */
const LUCID_EVENT_TYPES = ["dream.completed", "dream.failed", "dream.pending_review"] as const;

export const WebhookEventType = z.enum([...MANAGED_AGENTS_EVENT_TYPES, ...LUCID_EVENT_TYPES]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The event `POST /v1/webhooks/{id}/test` sends; only that endpoint receives it, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT_TYPE = "webhook.test";

/**
 * `data` of a webhook event: the SDK's shape (`type`, `id` of the object the event is about, `organization_id`,
 * `workspace_id`) plus any fields the event type adds (for example `session_thread_id`, or a dream's `agent_id`).
 */
export interface WebhookEventData {
  type: WebhookEventType | typeof WEBHOOK_TEST_EVENT_TYPE;
  id: string;
  organization_id: string;
  workspace_id: string;
  [field: string]: unknown;
}

/** The delivered body, as `client.beta.webhooks.unwrap()` returns it. */
export interface WebhookEvent {
  id: string;
  type: "event";
  created_at: string;
  data: WebhookEventData;
}
