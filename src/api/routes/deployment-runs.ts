// /v1/deployment_runs: list runs across the tenant's deployments (from its directory) and retrieve one (from the
// object of the agent its id names).
import { Hono } from "hono";
import { agentIdOfDeploymentRun } from "../../ids";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { DeploymentRun, DeploymentRunListQuery } from "../../schemas/deployment-run";
import { notFound } from "../../platform/errors";
import { agentStub } from "../object-stubs";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { Page } from "../../schemas/page";

const DeploymentRunPageQuery = PageQuery.extend(DeploymentRunListQuery.shape);

export const deploymentRunRoutes = new Hono<AppEnv>()
  .get(
    "/",
    operation({
      operationId: "listDeploymentRuns",
      summary: "List deployment runs",
      tag: "Deployment runs",
      query: DeploymentRunPageQuery,
      responses: { 200: Page(DeploymentRun) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listingPage(c, "deployment_run", {
        limit: query.limit,
        page: query.page,
        deployment_id: query.deployment_id,
        has_error: query.has_error,
        statuses: query.trigger_type ? [query.trigger_type] : undefined,
        created: createdAtRange(query),
      });
      return answer(c, page);
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveDeploymentRun",
      summary: "Retrieve a deployment run",
      tag: "Deployment runs",
      responses: { 200: DeploymentRun },
    }),
    async (c) => {
      const runId = c.req.param("id");
      const agentId = agentIdOfDeploymentRun(runId);
      if (!agentId) throw notFound("Deployment run", runId);
      return answer(c, await agentStub(c, agentId).getDeploymentRun(c.get("tenantId"), runId));
    },
  );
