// Starting deployment runs: each due cron occurrence starts exactly one session from the agent's alarm, a manual run
// starts one at once, and a run whose session cannot start is recorded with the error (pausing the deployment if fatal).
import type { NewSession } from "../agent/capabilities/sessions";
import { findAgentRow } from "../agent/agent-versions";
import { putWork } from "../schedule/work-schedule";
import { ApiError, invalidRequest, notFound } from "../platform/errors";
import { directoryOf, vaultOf } from "../platform/stubs";
import type { Env } from "../env";
import { newDeploymentRunId, newSessionId } from "../ids";
import { PausingErrorType } from "../schemas/deployment";
import type { DeploymentRun, DeploymentRunError } from "../schemas/deployment-run";
import { dueFire } from "./cron-schedule";
import type { DeploymentHost } from "./deployment-host";
import { listDeployment, listRun } from "./deployment-listings";
import {
  configOf,
  type DeploymentRow,
  findDeployment,
  firesOnSchedule,
  recordLastRun,
  renderDeployment,
  requireOwnedDeployment,
  scheduleOf,
  setPausedReason,
} from "./deployment-store";
import { scheduleNextFire } from "./fire-schedule";
import { notifyDeploymentRun } from "./run-notifications";
import { findRun, insertRun, occurrenceHasRun, renderRun, requireRun, type RunRow, type RunTrigger } from "./run-store";

type AgentRow = NonNullable<ReturnType<typeof findAgentRow>>;

/** Thrown inside the session's transaction when the fire is no longer wanted, so that nothing of it is kept. */
class FireSuperseded extends Error {}

/**
 * The alarm's handler for a deployment's due `deployment_run` row. Alarms are at-least-once: the occurrence's run is
 * claimed in the very transaction that creates its session, so a second delivery (or one after a crash) starts nothing.
 */
export async function fireDeployment(host: DeploymentHost, deploymentId: string, dueAt: number): Promise<void> {
  const now = Date.now();
  const row = findDeployment(host.sql, deploymentId);
  const schedule = row && firesOnSchedule(row) ? scheduleOf(row) : null;
  const fire = schedule && dueFire(schedule, dueAt, now);
  const moveOn = () => scheduleNextFire(host.sql, deploymentId, now);
  if (!row || !fire || occurrenceHasRun(host.sql, deploymentId, fire.scheduledAt)) {
    host.transaction(moveOn);
    return;
  }
  const run = await startRun(host, row, { type: "schedule", ...fire }, moveOn);
  if (run) await announceStart(host, run);
  else host.transaction(moveOn);
}

/** Runs a deployment now, whatever its schedule; a paused deployment may still be run by hand, an archived one not. */
export async function runDeploymentNow(host: DeploymentHost, tenantId: string, deploymentId: string): Promise<DeploymentRun> {
  const { row } = requireOwnedDeployment(host.sql, tenantId, deploymentId);
  if (row.archived_at) throw invalidRequest(`Deployment '${deploymentId}' is archived and cannot run.`);
  const run = await startRun(host, row, { type: "manual" }, () => undefined);
  if (!run) throw new Error("a manual run always records a run");
  return announceStart(host, run);
}

export function getDeploymentRun(sql: SqlStorage, tenantId: string, runId: string): DeploymentRun {
  const agent = findAgentRow(sql);
  if (!agent || agent.tenant_id !== tenantId) throw notFound("Deployment run", runId);
  return renderRun(requireRun(sql, runId), agent.id);
}

/**
 * Records the run and starts its session in one transaction (`alongside` joins it, to move the schedule on), or records
 * the run with the error that kept the session from starting. Null when a scheduled fire turned out to be superseded.
 */
async function startRun(host: DeploymentHost, row: DeploymentRow, trigger: RunTrigger, alongside: () => void): Promise<RunRow | null> {
  const agent = findAgentRow(host.sql);
  if (!agent) throw new Error("agent object has no agent");
  const runId = newDeploymentRunId(agent.id);
  const base = { id: runId, deployment_id: row.id, agent_version: row.agent_version, trigger };
  // Checked again inside the transaction: the occurrence may have got its run, or the deployment been paused, meanwhile.
  const superseded = () => {
    if (trigger.type !== "schedule") return false;
    const current = findDeployment(host.sql, row.id);
    return !current || !firesOnSchedule(current) || occurrenceHasRun(host.sql, row.id, trigger.scheduledAt);
  };
  let error = await startProblem(host.env, agent, row);
  if (!error) {
    const sessionId = newSessionId(agent.id);
    try {
      await host.createSession(agent.tenant_id, agent.id, sessionParams(row, sessionId), () => {
        if (superseded()) throw new FireSuperseded();
        insertRun(host.sql, { ...base, outcome: { session_id: sessionId } });
        // The first step is due in the same transaction, so a crash before createSession schedules it loses nothing.
        putWork(host.sql, "session_step", sessionId, Date.now());
        if (trigger.type === "schedule") recordLastRun(host.sql, row.id, new Date().toISOString());
        alongside();
      });
      return requireRun(host.sql, runId);
    } catch (thrown) {
      if (thrown instanceof FireSuperseded) return null;
      // The session and its run were kept, and something after them failed: the run stands.
      if (findRun(host.sql, runId)) return requireRun(host.sql, runId);
      if (!(thrown instanceof ApiError)) throw thrown;
      error = runErrorOf(thrown);
    }
  }
  const failure = error;
  return host.transaction(() => {
    if (superseded()) return null;
    const run = insertRun(host.sql, { ...base, outcome: { error: failure } });
    const pausing = PausingErrorType.safeParse(failure.type);
    if (trigger.type === "schedule" && pausing.success) setPausedReason(host.sql, row.id, { type: "error", error: { type: pausing.data } });
    alongside();
    return run;
  });
}

/** A session of the deployment as `POST /v1/sessions` would create it from the deployment's settings. */
function sessionParams(row: DeploymentRow, sessionId: string): NewSession {
  const config = configOf(row);
  return {
    id: sessionId,
    agent_version: row.agent_version,
    environment_id: config.environment_id,
    title: config.name,
    metadata: config.metadata,
    initial_events: config.initial_events,
    resources: config.resources ?? undefined,
    vault_ids: config.vault_ids,
  };
}

/** What keeps the agent or environment from running a session, checked first so the run names the cause. */
async function startProblem(env: Env, agent: AgentRow, row: DeploymentRow): Promise<DeploymentRunError | null> {
  if (agent.archived_at) return { type: "agent_archived_error", message: `Agent '${agent.id}' is archived.` };
  try {
    const environment = await directoryOf(env, agent.tenant_id).getEnvironment(row.environment_id);
    if (environment.archived_at) return { type: "environment_archived_error", message: `Environment '${environment.id}' is archived.` };
  } catch (error) {
    if (error instanceof ApiError && error.type === "not_found_error") return { type: "environment_not_found_error", message: error.detail };
    throw error;
  }
  for (const vaultId of configOf(row).vault_ids) {
    try {
      const vault = await vaultOf(env, vaultId).getVault(agent.tenant_id);
      if (vault.archived_at) return { type: "vault_archived_error", message: `Vault '${vaultId}' is archived.` };
    } catch (error) {
      if (error instanceof ApiError && error.type === "not_found_error") return { type: "vault_not_found_error", message: error.detail };
      throw error;
    }
  }
  return null;
}

/** The run error a refused session creation becomes. */
function runErrorOf(error: ApiError): DeploymentRunError {
  if (error.type === "not_found_error") return { type: "session_resource_not_found_error", message: error.detail };
  if (error.type === "rate_limit_error") return { type: "session_rate_limited_error", message: error.detail };
  if (error.type === "invalid_request_error") return { type: "session_creation_rejected_error", message: error.detail };
  return { type: "unknown_error", message: error.detail };
}

/** Lists a new run (and its deployment, whose last run or pause changed) and announces it. */
async function announceStart(host: DeploymentHost, row: RunRow): Promise<DeploymentRun> {
  const agent = findAgentRow(host.sql);
  if (!agent) throw new Error("agent object has no agent");
  const run = await listRun(host.env, agent.tenant_id, renderRun(row, agent.id));
  const deployment = findDeployment(host.sql, row.deployment_id);
  if (deployment) await listDeployment(host.env, agent.tenant_id, renderDeployment(deployment, agent.id));
  await notifyDeploymentRun(host.env, agent.tenant_id, run.id, run.error ? "deployment_run.failed" : "deployment_run.started");
  return run;
}

/** After a run's session settled its result (see settleRunOfSession): the listing shows it and webhooks announce it. */
export async function announceSettledRun(env: Env, tenantId: string, agentId: string, row: RunRow): Promise<void> {
  const run = await listRun(env, tenantId, renderRun(row, agentId));
  await notifyDeploymentRun(env, tenantId, run.id, run.result === "succeeded" ? "deployment_run.succeeded" : "deployment_run.failed");
}
