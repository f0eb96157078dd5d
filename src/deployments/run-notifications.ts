// Webhook notifications of deployment runs: the one place `deployment_run.*` events leave from.
import type { Env } from "../env";
import { emitWebhookEvent } from "../webhooks/emit";

export type DeploymentRunEventType = "deployment_run.started" | "deployment_run.succeeded" | "deployment_run.failed";

/** Announces a run's start or result; the run id is the occurrence key, so a retried announcement is one event. */
export function notifyDeploymentRun(env: Env, tenantId: string, runId: string, type: DeploymentRunEventType): Promise<void> {
  return emitWebhookEvent(env, tenantId, { type, id: runId }, runId);
}
