// /v1/deployments: create, retrieve, update, list, archive, pause, unpause and run now. A deployment lives in its
// agent's object, named by the deployment id itself; listing across agents reads the tenant's directory.
import type { Context } from "hono";
import { Hono } from "hono";
import { refreshUpcomingRuns } from "../../deployments/deployment-store";
import { agentIdOfDeployment, newDeploymentId } from "../../ids";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { Deployment, DeploymentCreate, DeploymentListQuery, DeploymentUpdate } from "../../schemas/deployment";
import { invalidRequest, notFound } from "../../platform/errors";
import { type AgentStub, directoryOf } from "../../platform/stubs";
import { agentStub } from "../object-stubs";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { DeploymentRun } from "../../schemas/deployment-run";
import { Page } from "../../schemas/page";

/** The object of the agent a deployment belongs to; a malformed id is simply not found. */
function deploymentOwner(c: Context<AppEnv>, deploymentId: string): AgentStub {
  const agentId = agentIdOfDeployment(deploymentId);
  if (!agentId) throw notFound("Deployment", deploymentId);
  return agentStub(c, agentId);
}

/** Sessions can start only in an environment that exists and is not archived, as `POST /v1/sessions` requires. */
async function requireUsableEnvironment(c: Context<AppEnv>, environmentId: string): Promise<void> {
  const environment = await directoryOf(c.env, c.get("tenantId")).getEnvironment(environmentId);
  if (environment.archived_at) throw invalidRequest(`Environment '${environment.id}' is archived; deployments cannot use it.`);
}

const DeploymentPageQuery = PageQuery.extend(DeploymentListQuery.shape);

export const deploymentRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createDeployment",
      summary: "Create a deployment",
      tag: "Deployments",
      body: DeploymentCreate,
      responses: { 200: Deployment },
    }),
    async (c) => {
      const params = c.req.valid("json");
      const agentId = typeof params.agent === "string" ? params.agent : params.agent.id;
      const stub = agentStub(c, agentId);
      await requireUsableEnvironment(c, params.environment_id);
      return answer(c, await stub.createDeployment(c.get("tenantId"), agentId, newDeploymentId(agentId), params));
    },
  )
  .get(
    "/",
    operation({
      operationId: "listDeployments",
      summary: "List deployments",
      tag: "Deployments",
      query: DeploymentPageQuery,
      responses: { 200: Page(Deployment) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (query.include_archived && query.status) throw invalidRequest("status and include_archived cannot be combined.");
      const page = await listingPage(c, "deployment", {
        limit: query.limit,
        page: query.page,
        include_archived: query.include_archived,
        agent_id: query.agent_id,
        statuses: query.status ? [query.status] : undefined,
        created: createdAtRange(query),
      });
      const now = Date.now();
      return answer(c, { data: page.data.map((deployment) => refreshUpcomingRuns(deployment, now)), next_page: page.next_page });
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveDeployment",
      summary: "Retrieve a deployment",
      tag: "Deployments",
      responses: { 200: Deployment },
    }),
    async (c) => answer(c, await deploymentOwner(c, c.req.param("id")).getDeployment(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id",
    operation({
      operationId: "updateDeployment",
      summary: "Update a deployment",
      tag: "Deployments",
      body: DeploymentUpdate,
      responses: { 200: Deployment },
    }),
    async (c) => {
      const update = c.req.valid("json");
      const stub = deploymentOwner(c, c.req.param("id"));
      if (update.environment_id) await requireUsableEnvironment(c, update.environment_id);
      return answer(c, await stub.updateDeployment(c.get("tenantId"), c.req.param("id"), update));
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveDeployment",
      summary: "Archive a deployment",
      tag: "Deployments",
      responses: { 200: Deployment },
    }),
    async (c) => answer(c, await deploymentOwner(c, c.req.param("id")).archiveDeployment(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/pause",
    operation({
      operationId: "pauseDeployment",
      summary: "Pause a deployment's schedule",
      tag: "Deployments",
      responses: { 200: Deployment },
    }),
    async (c) => answer(c, await deploymentOwner(c, c.req.param("id")).pauseDeployment(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/unpause",
    operation({
      operationId: "unpauseDeployment",
      summary: "Resume a deployment's schedule from now",
      tag: "Deployments",
      responses: { 200: Deployment },
    }),
    async (c) => answer(c, await deploymentOwner(c, c.req.param("id")).unpauseDeployment(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/run",
    operation({
      operationId: "runDeployment",
      summary: "Run a deployment now",
      tag: "Deployments",
      responses: { 200: DeploymentRun },
    }),
    async (c) => answer(c, await deploymentOwner(c, c.req.param("id")).runDeploymentNow(c.get("tenantId"), c.req.param("id"))),
  );
