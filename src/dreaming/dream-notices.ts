// The one place a dream announces its lifecycle (started, pending review, completed, failed); webhooks subscribe here.
import type { Env } from "../env";
import type { Dream } from "../schemas/dream-resource";
import type { WebhookEventType } from "../schemas/webhook-event";
import { emitWebhookEvent } from "../webhooks/emit";
import type { DreamNotice } from "./dream-runner";

/** The webhook each notice becomes; a dream starting is only logged (its progress session shows it). */
const DREAM_WEBHOOKS: Partial<Record<DreamNotice, WebhookEventType>> = {
  "dream.completed": "dream.completed",
  "dream.failed": "dream.failed",
  "dream.pending_review": "dream.pending_review",
};

/**
 * Logs the notice (visible with `wrangler tail`) and emits its webhook. A dream reaches each notice once, so the
 * dream id is the occurrence: a notice repeated by a retried alarm is still one webhook event.
 */
export async function notifyDream(env: Env, tenantId: string, notice: DreamNotice, dream: Dream): Promise<void> {
  console.log(JSON.stringify({ event: notice, dream_id: dream.id, agent_id: dream.agent_id, status: dream.status, phase: dream.phase }));
  const type = DREAM_WEBHOOKS[notice];
  if (type) await emitWebhookEvent(env, tenantId, { type, id: dream.id, agent_id: dream.agent_id, status: dream.status }, dream.id);
}
