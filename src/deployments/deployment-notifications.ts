// Webhook notifications of a deployment's life (created, updated, paused, unpaused, archived): the one place
// `deployment.*` events leave from.
import type { Env } from "../env";
import type { Deployment } from "../schemas/deployment";
import { emitWebhookEvent } from "../webhooks/emit";

export type DeploymentEventType = "deployment.created" | "deployment.updated" | "deployment.paused" | "deployment.unpaused" | "deployment.archived";

/**
 * Announces a change of a deployment. Created and archived happen once per deployment; the others once per change,
 * so the deployment's `updated_at` (which every change moves) is part of the occurrence: a retried announcement of the
 * same change is one event.
 */
export function notifyDeployment(env: Env, tenantId: string, deployment: Deployment, type: DeploymentEventType): Promise<void> {
  const once = type === "deployment.created" || type === "deployment.archived";
  return emitWebhookEvent(env, tenantId, { type, id: deployment.id }, once ? deployment.id : `${deployment.id}@${deployment.updated_at}`);
}
