// /v1/deployments: create, retrieve, update, list, archive, pause, unpause and run now. A deployment lives in its
// agent's object, named by the deployment id itself; listing across agents reads the tenant's directory.
import type { Context } from "hono";
import { Hono } from "hono";
import { refreshUpcomingRuns } from "../../deployments/deployment-store";
import { agentIdOfDeployment, newDeploymentId } from "../../ids";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { Deployment, DeploymentCreate, DeploymentListQuery, DeploymentUpdate } from "../../schemas/deployment";
import { invalidRequest, notFound } from "../../platform/errors";
import type { AppEnv } from "../app-env";
import { type AgentStub, directoryOf } from "../../platform/stubs";
import { agentStub } from "../object-stubs";
import { readBody, readQuery } from "../request-input";
import { respond } from "../respond";
import { describeOperation } from "../openapi-route";
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
  .post("/", describeOperation({
    operationId: "createDeployment",
    summary: "Create a deployment",
    tag: "Deployments",
    body: DeploymentCreate,
    responses: { 200: Deployment },
  }), async (c) => {
    const params = await readBody(c, DeploymentCreate);
    const agentId = typeof params.agent === "string" ? params.agent : params.agent.id;
    const stub = agentStub(c, agentId);
    await requireUsableEnvironment(c, params.environment_id);
    return respond(c, await stub.createDeployment(c.get("tenantId"), agentId, newDeploymentId(agentId), params));
  })
  .get("/", describeOperation({
    operationId: "listDeployments",
    summary: "List deployments",
    tag: "Deployments",
    query: DeploymentPageQuery,
    responses: { 200: Page(Deployment) },
  }), async (c) => {
    const query = readQuery(c, DeploymentPageQuery);
    if (query.include_archived && query.status) throw invalidRequest("status and include_archived cannot be combined.");
    const page = await directoryOf(c.env, c.get("tenantId")).listListings("deployment", {
      limit: query.limit,
      page: query.page,
      include_archived: query.include_archived,
      agent_id: query.agent_id,
      statuses: query.status ? [query.status] : undefined,
      created: createdAtRange(query),
    });
    const now = Date.now();
    return respond(c, { data: (page.data as Deployment[]).map((deployment) => refreshUpcomingRuns(deployment, now)), next_page: page.next_page });
  })
  .get("/:id", describeOperation({
    operationId: "retrieveDeployment",
    summary: "Retrieve a deployment",
    tag: "Deployments",
    responses: { 200: Deployment },
  }), async (c) => respond(c, await deploymentOwner(c, c.req.param("id")).getDeployment(c.get("tenantId"), c.req.param("id"))))
  .post("/:id", describeOperation({
    operationId: "updateDeployment",
    summary: "Update a deployment",
    tag: "Deployments",
    body: DeploymentUpdate,
    responses: { 200: Deployment },
  }), async (c) => {
    const update = await readBody(c, DeploymentUpdate);
    const stub = deploymentOwner(c, c.req.param("id"));
    if (update.environment_id) await requireUsableEnvironment(c, update.environment_id);
    return respond(c, await stub.updateDeployment(c.get("tenantId"), c.req.param("id"), update));
  })
  .post("/:id/archive", describeOperation({
    operationId: "archiveDeployment",
    summary: "Archive a deployment",
    tag: "Deployments",
    responses: { 200: Deployment },
  }), async (c) => respond(c, await deploymentOwner(c, c.req.param("id")).archiveDeployment(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/pause", describeOperation({
    operationId: "pauseDeployment",
    summary: "Pause a deployment's schedule",
    tag: "Deployments",
    responses: { 200: Deployment },
  }), async (c) => respond(c, await deploymentOwner(c, c.req.param("id")).pauseDeployment(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/unpause", describeOperation({
    operationId: "unpauseDeployment",
    summary: "Resume a deployment's schedule from now",
    tag: "Deployments",
    responses: { 200: Deployment },
  }), async (c) => respond(c, await deploymentOwner(c, c.req.param("id")).unpauseDeployment(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/run", describeOperation({
    operationId: "runDeployment",
    summary: "Run a deployment now",
    tag: "Deployments",
    responses: { 200: DeploymentRun },
  }), async (c) => respond(c, await deploymentOwner(c, c.req.param("id")).runDeploymentNow(c.get("tenantId"), c.req.param("id"))));
