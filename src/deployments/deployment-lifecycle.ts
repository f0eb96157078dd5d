// A deployment's life in its agent's object: create, read, update, pause, unpause, archive, and pausing when the agent
// is archived. Every change keeps the deployment's fire in the agent's schedule and its listing up to date.
import { findAgentRow, renderAgent } from "../agent/agent-versions";
import { resolveAttachments } from "../agent/session-memory";
import { invalidRequest, notFound } from "../platform/errors";
import { applyMetadataPatch } from "../schemas/common";
import type { Deployment, DeploymentAgentRef, DeploymentCreate, DeploymentPausedReason, DeploymentUpdate } from "../schemas/deployment";
import type { MemoryStoreResourceParam } from "../schemas/session";
import type { DeploymentHost } from "./deployment-host";
import { listDeployment } from "./deployment-listings";
import { type DeploymentEventType, notifyDeployment } from "./deployment-notifications";
import {
  configOf,
  type DeploymentConfig,
  insertDeployment,
  liveDeploymentIds,
  markArchived,
  renderDeployment,
  requireDeployment,
  requireOwnedDeployment,
  setPausedReason,
  writeDeploymentConfig,
} from "./deployment-store";
import { requireUsableVaults } from "../vaults/usable-vaults";
import { scheduleNextFire } from "./fire-schedule";

export async function createDeployment(host: DeploymentHost, tenantId: string, agentId: string, id: string, params: DeploymentCreate): Promise<Deployment> {
  const agent = findAgentRow(host.sql);
  if (!agent || agent.tenant_id !== tenantId || agent.id !== agentId) throw notFound("Agent", agentId);
  const config: DeploymentConfig = {
    name: params.name,
    description: params.description ?? null,
    agent_version: pinnedVersion(host.sql, params.agent),
    environment_id: params.environment_id,
    initial_events: params.initial_events,
    resources: await checkedResources(host, tenantId, params.resources),
    metadata: params.metadata ?? {},
    schedule: params.schedule ?? null,
    vault_ids: await checkedVaults(host, tenantId, params.vault_ids ?? []),
  };
  host.transaction(() => {
    insertDeployment(host.sql, id, config);
    scheduleNextFire(host.sql, id, Date.now());
  });
  return settle(host, id, "deployment.created");
}

export function getDeployment(host: DeploymentHost, tenantId: string, id: string): Deployment {
  const { agent, row } = requireOwnedDeployment(host.sql, tenantId, id);
  return renderDeployment(row, agent.id);
}

/** Fields left out keep their value; a new schedule counts from now, so an update never fires missed occurrences. */
export async function updateDeployment(host: DeploymentHost, tenantId: string, id: string, update: DeploymentUpdate): Promise<Deployment> {
  const { row } = requireOwnedDeployment(host.sql, tenantId, id);
  if (row.archived_at) throw invalidRequest(`Deployment '${id}' is archived and cannot be changed.`);
  const current = configOf(row);
  const next: DeploymentConfig = {
    name: update.name ?? current.name,
    description: update.description === undefined ? current.description : update.description || null,
    agent_version: update.agent === undefined ? current.agent_version : pinnedVersion(host.sql, update.agent),
    environment_id: update.environment_id ?? current.environment_id,
    initial_events: update.initial_events ?? current.initial_events,
    resources: update.resources === undefined ? current.resources : await checkedResources(host, tenantId, update.resources ?? undefined),
    metadata: applyMetadataPatch(current.metadata, update.metadata),
    schedule: update.schedule === undefined ? current.schedule : update.schedule,
    vault_ids: update.vault_ids === undefined ? current.vault_ids : await checkedVaults(host, tenantId, update.vault_ids ?? []),
  };
  host.transaction(() => {
    writeDeploymentConfig(host.sql, id, next);
    if (update.schedule !== undefined) scheduleNextFire(host.sql, id, Date.now());
  });
  return settle(host, id, "deployment.updated");
}

/** Stops the schedule until unpaused; manual runs stay allowed. Pausing a paused deployment changes nothing. */
export async function pauseDeployment(host: DeploymentHost, tenantId: string, id: string): Promise<Deployment> {
  const { row } = requireOwnedDeployment(host.sql, tenantId, id);
  if (row.archived_at) throw invalidRequest(`Deployment '${id}' is archived and cannot be paused.`);
  if (row.paused_reason !== null) return settle(host, id);
  pause(host, id, { type: "manual" });
  return settle(host, id, "deployment.paused");
}

/** Resumes the schedule from now: occurrences that passed while paused are not run. */
export async function unpauseDeployment(host: DeploymentHost, tenantId: string, id: string): Promise<Deployment> {
  const { agent, row } = requireOwnedDeployment(host.sql, tenantId, id);
  if (row.archived_at) throw invalidRequest(`Deployment '${id}' is archived and cannot be unpaused.`);
  if (agent.archived_at) throw invalidRequest(`Agent '${agent.id}' is archived; its deployments cannot be unpaused.`);
  host.transaction(() => {
    setPausedReason(host.sql, id, null);
    scheduleNextFire(host.sql, id, Date.now());
  });
  return settle(host, id, row.paused_reason === null ? undefined : "deployment.unpaused");
}

/** Archiving is final: no more runs, scheduled or manual; the runs so far stay listed. */
export async function archiveDeployment(host: DeploymentHost, tenantId: string, id: string): Promise<Deployment> {
  const { row } = requireOwnedDeployment(host.sql, tenantId, id);
  host.transaction(() => {
    markArchived(host.sql, id);
    scheduleNextFire(host.sql, id, Date.now());
  });
  return settle(host, id, row.archived_at ? undefined : "deployment.archived");
}

/** The agent was archived: each of its deployments pauses with `agent_archived_error`, as the SDK types it. */
export async function pauseDeploymentsOfArchivedAgent(host: DeploymentHost): Promise<void> {
  const ids = liveDeploymentIds(host.sql);
  for (const id of ids) pause(host, id, { type: "error", error: { type: "agent_archived_error" } });
  for (const id of ids) await settle(host, id, "deployment.paused");
}

function pause(host: DeploymentHost, id: string, reason: DeploymentPausedReason): void {
  host.transaction(() => {
    setPausedReason(host.sql, id, reason);
    scheduleNextFire(host.sql, id, Date.now());
  });
}

/** The agent version a deployment pins: the one named, or the agent's latest; the agent must be usable. */
function pinnedVersion(sql: SqlStorage, ref: DeploymentAgentRef): number {
  const agent = findAgentRow(sql);
  const requested = typeof ref === "string" ? { id: ref, version: undefined } : ref;
  if (!agent || requested.id !== agent.id) {
    throw invalidRequest(`agent: a deployment stays with the agent it was created for ('${agent?.id}'); create a new deployment for '${requested.id}'.`);
  }
  if (agent.archived_at) throw invalidRequest(`Agent '${agent.id}' is archived; it cannot be deployed.`);
  const version = requested.version ?? agent.version;
  renderAgent(sql, agent, version); // not_found_error for a version the agent never had
  return version;
}

/** The memory stores must exist and be usable now; each run attaches them again when its session starts. */
async function checkedVaults(host: DeploymentHost, tenantId: string, vaultIds: string[]): Promise<string[]> {
  await requireUsableVaults(host.env, tenantId, vaultIds, "deployments");
  return vaultIds;
}

async function checkedResources(host: DeploymentHost, tenantId: string, resources: MemoryStoreResourceParam[] | undefined) {
  if (!resources?.length) return null;
  await resolveAttachments(host.env, tenantId, resources, null);
  return resources;
}

/** After a change: the alarm follows the schedule table, the listing follows the deployment, and webhooks announce it. */
async function settle(host: DeploymentHost, id: string, event?: DeploymentEventType): Promise<Deployment> {
  await host.armAlarm();
  const agent = findAgentRow(host.sql);
  if (!agent) throw new Error("agent object has no agent");
  const deployment = await listDeployment(host.env, agent.tenant_id, renderDeployment(requireDeployment(host.sql, id), agent.id));
  if (event) await notifyDeployment(host.env, agent.tenant_id, deployment, event);
  return deployment;
}
