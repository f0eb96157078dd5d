// The agent's deployments: scheduled and manual runs that each start a session (logic in src/deployments/). A run is
// settled by its session's status event in the same transaction, and paused when its agent is archived.
import type { DeploymentHost } from "../../deployments/deployment-host";
import * as lifecycle from "../../deployments/deployment-lifecycle";
import { announceSettledRun, fireDeployment, getDeploymentRun, runDeploymentNow } from "../../deployments/deployment-runs";
import { RUN_SETTLING_EVENT_TYPES, settleRunOfSession } from "../../deployments/run-store";
import type { Deployment, DeploymentCreate, DeploymentUpdate } from "../../schemas/deployment";
import type { DeploymentRun } from "../../schemas/deployment-run";
import type { AgentCapability, AgentCore } from "../agent-core";
import type { NewSession } from "./sessions";
import type { Session } from "../../schemas/session";

/** How a deployment run starts its session: exactly as `POST /v1/sessions` does (the sessions capability's createSession). */
type CreateSession = (tenantId: string, agentId: string, params: NewSession, alongside: () => void) => Promise<Session>;

export function agentDeployments(core: AgentCore, createSession: CreateSession) {
  const host: DeploymentHost = {
    sql: core.sql,
    env: core.env,
    transaction: (write) => core.ctx.storage.transactionSync(write),
    createSession,
    armAlarm: () => core.armAlarm(),
  };

  const rpc = {
    createDeployment: (tenantId: string, agentId: string, deploymentId: string, params: DeploymentCreate): Promise<Deployment> =>
      lifecycle.createDeployment(host, tenantId, agentId, deploymentId, params),
    getDeployment: (tenantId: string, deploymentId: string): Deployment => lifecycle.getDeployment(host, tenantId, deploymentId),
    updateDeployment: (tenantId: string, deploymentId: string, update: DeploymentUpdate): Promise<Deployment> =>
      lifecycle.updateDeployment(host, tenantId, deploymentId, update),
    pauseDeployment: (tenantId: string, deploymentId: string): Promise<Deployment> => lifecycle.pauseDeployment(host, tenantId, deploymentId),
    unpauseDeployment: (tenantId: string, deploymentId: string): Promise<Deployment> => lifecycle.unpauseDeployment(host, tenantId, deploymentId),
    archiveDeployment: (tenantId: string, deploymentId: string): Promise<Deployment> => lifecycle.archiveDeployment(host, tenantId, deploymentId),
    runDeploymentNow: (tenantId: string, deploymentId: string): Promise<DeploymentRun> => runDeploymentNow(host, tenantId, deploymentId),
    getDeploymentRun: (tenantId: string, runId: string): DeploymentRun => getDeploymentRun(core.sql, tenantId, runId),
  };

  return {
    rpc,
    work: { deployment_run: (work) => fireDeployment(host, work.ref, work.due_at) },
    hooks: [
      {
        types: RUN_SETTLING_EVENT_TYPES,
        inTransaction: (sessionId, events) => {
          const settled = settleRunOfSession(core.sql, sessionId, events);
          return settled ? () => core.ctx.waitUntil(announceSettledRun(core.env, core.tenantId(), core.agentRow().id, settled)) : undefined;
        },
      },
    ],
    async agentChanged() {
      if (core.agentRow().archived_at) await lifecycle.pauseDeploymentsOfArchivedAgent(host);
    },
  } satisfies AgentCapability;
}
