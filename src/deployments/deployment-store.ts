// Deployment rows of an AgentObject: reading, writing and rendering them in the Managed Agents shape.
import { findAgentRow } from "../agent/agent-versions";
import { notFound } from "../platform/errors";
import type { Metadata } from "../schemas/common";
import type { Deployment, DeploymentPausedReason, DeploymentResource } from "../schemas/deployment";
import type { InitialEvent } from "../schemas/session-event";
import type { MemoryStoreResourceParam } from "../schemas/session";
import { type CronSchedule, upcomingOccurrences } from "../schemas/cron";

export type DeploymentRow = {
  id: string;
  name: string;
  description: string | null;
  agent_version: number;
  environment_id: string;
  initial_events: string;
  /** Null: each run's session attaches the agent's current memory store, as a session created without resources does. */
  resources: string | null;
  metadata: string;
  schedule: string | null;
  vault_ids: string;
  paused_reason: string | null;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
};

/** What a deployment runs: everything its create and update requests set. */
export interface DeploymentConfig {
  name: string;
  description: string | null;
  agent_version: number;
  environment_id: string;
  initial_events: InitialEvent[];
  resources: MemoryStoreResourceParam[] | null;
  metadata: Metadata;
  schedule: CronSchedule | null;
  vault_ids: string[];
}

export function findDeployment(sql: SqlStorage, id: string): DeploymentRow | null {
  return sql.exec<DeploymentRow>("SELECT * FROM deployments WHERE id = ?", id).toArray()[0] ?? null;
}

export function requireDeployment(sql: SqlStorage, id: string): DeploymentRow {
  const row = findDeployment(sql, id);
  if (!row) throw notFound("Deployment", id);
  return row;
}

export function configOf(row: DeploymentRow): DeploymentConfig {
  return {
    name: row.name,
    description: row.description,
    agent_version: row.agent_version,
    environment_id: row.environment_id,
    initial_events: JSON.parse(row.initial_events) as InitialEvent[],
    resources: row.resources === null ? null : (JSON.parse(row.resources) as MemoryStoreResourceParam[]),
    metadata: JSON.parse(row.metadata) as Metadata,
    schedule: scheduleOf(row),
    vault_ids: JSON.parse(row.vault_ids) as string[],
  };
}

export function scheduleOf(row: DeploymentRow): CronSchedule | null {
  return row.schedule === null ? null : (JSON.parse(row.schedule) as CronSchedule);
}

/** Whether the schedule should fire: not archived, not paused, and with a schedule at all. */
export function firesOnSchedule(row: DeploymentRow): boolean {
  return row.archived_at === null && row.paused_reason === null && row.schedule !== null;
}

export function insertDeployment(sql: SqlStorage, id: string, config: DeploymentConfig): void {
  const now = new Date().toISOString();
  sql.exec(
    `INSERT INTO deployments (id, name, description, agent_version, environment_id, initial_events, resources, metadata, schedule, vault_ids,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    ...configColumns(config),
    now,
    now,
  );
}

export function writeDeploymentConfig(sql: SqlStorage, id: string, config: DeploymentConfig): void {
  sql.exec(
    `UPDATE deployments SET name = ?, description = ?, agent_version = ?, environment_id = ?, initial_events = ?, resources = ?,
       metadata = ?, schedule = ?, vault_ids = ?, updated_at = ? WHERE id = ?`,
    ...configColumns(config),
    new Date().toISOString(),
    id,
  );
}

function configColumns(config: DeploymentConfig) {
  return [
    config.name,
    config.description,
    config.agent_version,
    config.environment_id,
    JSON.stringify(config.initial_events),
    config.resources === null ? null : JSON.stringify(config.resources),
    JSON.stringify(config.metadata),
    config.schedule === null ? null : JSON.stringify({ expression: config.schedule.expression, timezone: config.schedule.timezone }),
    JSON.stringify(config.vault_ids),
  ] as const;
}

export function setPausedReason(sql: SqlStorage, id: string, reason: DeploymentPausedReason | null): void {
  sql.exec("UPDATE deployments SET paused_reason = ?, updated_at = ? WHERE id = ?", reason && JSON.stringify(reason), new Date().toISOString(), id);
}

/** Archiving ends the schedule for good; an archived deployment reports `active`, so a pause reason is cleared. */
export function markArchived(sql: SqlStorage, id: string): void {
  const now = new Date().toISOString();
  sql.exec("UPDATE deployments SET archived_at = COALESCE(archived_at, ?), paused_reason = NULL, updated_at = ? WHERE id = ?", now, now, id);
}

export function recordLastRun(sql: SqlStorage, id: string, at: string): void {
  sql.exec("UPDATE deployments SET last_run_at = ? WHERE id = ?", at, id);
}

/** Deployments that could still run: not archived. */
export function liveDeploymentIds(sql: SqlStorage): string[] {
  return sql
    .exec<{ id: string }>("SELECT id FROM deployments WHERE archived_at IS NULL")
    .toArray()
    .map((row) => row.id);
}

/** The schedule's upcoming times are computed at `now`, so a listing snapshot can be brought up to date the same way. */
export function renderDeployment(row: DeploymentRow, agentId: string, now = Date.now()): Deployment {
  const config = configOf(row);
  const pausedReason = row.paused_reason === null ? null : (JSON.parse(row.paused_reason) as DeploymentPausedReason);
  return {
    id: row.id,
    type: "deployment",
    agent: { id: agentId, type: "agent", version: row.agent_version },
    name: row.name,
    description: row.description,
    environment_id: row.environment_id,
    initial_events: config.initial_events,
    resources: (config.resources ?? []).map(echoResource),
    metadata: config.metadata,
    schedule: config.schedule && {
      type: "cron",
      expression: config.schedule.expression,
      timezone: config.schedule.timezone,
      last_run_at: row.last_run_at,
      upcoming_runs_at: row.archived_at === null ? upcomingOccurrences(config.schedule, now) : [],
    },
    status: pausedReason ? "paused" : "active",
    paused_reason: pausedReason,
    vault_ids: config.vault_ids,
    budget: null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    archived_at: row.archived_at,
  };
}

/** A listed deployment with its upcoming times recomputed now (the snapshot holds those of when it was written). */
export function refreshUpcomingRuns(deployment: Deployment, now = Date.now()): Deployment {
  if (!deployment.schedule || deployment.archived_at) return deployment;
  return { ...deployment, schedule: { ...deployment.schedule, upcoming_runs_at: upcomingOccurrences(deployment.schedule, now) } };
}

function echoResource(param: MemoryStoreResourceParam): DeploymentResource {
  return { type: "memory_store", memory_store_id: param.memory_store_id, access: param.access ?? "read_write", instructions: param.instructions ?? null };
}

/** The deployment and its agent, if the agent belongs to the tenant; anything else is simply not found. */
export function requireOwnedDeployment(sql: SqlStorage, tenantId: string, id: string) {
  const agent = findAgentRow(sql);
  if (!agent || agent.tenant_id !== tenantId) throw notFound("Deployment", id);
  return { agent, row: requireDeployment(sql, id) };
}
