// Listing snapshots of deployments and their runs in the tenant's DirectoryObject, for listing across agents.
import { directoryOf } from "../platform/stubs";
import type { Env } from "../env";
import type { Deployment } from "../schemas/deployment";
import type { DeploymentRun } from "../schemas/deployment-run";

export async function listDeployment(env: Env, tenantId: string, deployment: Deployment): Promise<Deployment> {
  await directoryOf(env, tenantId).putListing("deployment", {
    id: deployment.id,
    created_at: deployment.created_at,
    archived: deployment.archived_at !== null,
    agent_id: deployment.agent.id,
    agent_version: deployment.agent.version,
    status: deployment.status,
    body: deployment,
  });
  return deployment;
}

/** A run's listing status is its trigger type, so `trigger_type` filters with the listings' status index. */
export async function listRun(env: Env, tenantId: string, run: DeploymentRun): Promise<DeploymentRun> {
  await directoryOf(env, tenantId).putListing("deployment_run", {
    id: run.id,
    created_at: run.created_at,
    archived: false,
    agent_id: run.agent.id,
    agent_version: run.agent.version,
    status: run.trigger_context.type,
    body: run,
  });
  return run;
}
