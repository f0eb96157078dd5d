// The one place a dream announces its lifecycle (started, pending review, completed, failed); webhooks subscribe here.
import type { Env } from "../env";
import type { Dream } from "../schemas/dream-resource";
import type { DreamNotice } from "./dream-runner";

/**
 * Today the notice goes to the Worker's log (visible with `wrangler tail`) and the dream's progress session already
 * holds the same facts; webhook delivery (a later issue) adds its queue here, so every dream notice passes one door.
 */
export async function notifyDream(_env: Env, notice: DreamNotice, dream: Dream): Promise<void> {
  console.log(JSON.stringify({ event: notice, dream_id: dream.id, agent_id: dream.agent_id, status: dream.status, phase: dream.phase }));
}
