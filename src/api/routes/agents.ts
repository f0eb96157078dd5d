// /v1/agents: create, retrieve, update (versioned), list, archive, and list versions.
import { Hono } from "hono";
import { configFromCreate } from "../../agent/agent-versions";
import { newAgentId } from "../../ids";
import { refuseUnsafeMcpServers } from "../../mcp/mcp-server-urls";
import { resolveMultiagent } from "../../multiagent/roster";
import { refuseWebSearchWithoutProvider } from "../../tools/web-search-provider";
import { Agent, AgentCreate, AgentListQuery, AgentUpdate } from "../../schemas/agent";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { z } from "zod";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { Dream } from "../../schemas/dream-resource";
import { Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { agentStub } from "../object-stubs";

const AgentPageQuery = PageQuery.extend(AgentListQuery.shape);
const AgentVersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const agentRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createAgent",
      summary: "Create an agent",
      tag: "Agents",
      body: AgentCreate,
      responses: { 200: Agent },
    }),
    async (c) => {
      const params = c.req.valid("json");
      refuseUnsafeMcpServers(c.env, params.mcp_servers);
      refuseWebSearchWithoutProvider(c.env, params.tools);
      const id = newAgentId();
      const config = configFromCreate(params, (await resolveMultiagent(c.env, c.get("tenantId"), id, params.multiagent)) ?? null);
      return answer(c, await agentStub(c, id).createAgent(c.get("tenantId"), id, config));
    },
  )
  .get(
    "/",
    operation({
      operationId: "listAgents",
      summary: "List agents",
      tag: "Agents",
      query: AgentPageQuery,
      responses: { 200: Page(Agent) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await listingPage(c, "agent", { ...query, created: createdAtRange(query) }));
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveAgent",
      summary: "Retrieve an agent, at its latest or a given version",
      tag: "Agents",
      query: AgentVersionQuery,
      responses: { 200: Agent },
    }),
    async (c) => {
      const { version } = c.req.valid("query");
      return answer(c, await agentStub(c, c.req.param("id")).getAgent(c.get("tenantId"), c.req.param("id"), version));
    },
  )
  .post(
    "/:id",
    operation({
      operationId: "updateAgent",
      summary: "Update an agent, making a new version",
      tag: "Agents",
      body: AgentUpdate,
      responses: { 200: Agent },
      errors: [409],
    }),
    async (c) => {
      const update = c.req.valid("json");
      refuseUnsafeMcpServers(c.env, update.mcp_servers);
      refuseWebSearchWithoutProvider(c.env, update.tools);
      const multiagent = await resolveMultiagent(c.env, c.get("tenantId"), c.req.param("id"), update.multiagent);
      return answer(c, await agentStub(c, c.req.param("id")).updateAgent(c.get("tenantId"), c.req.param("id"), update, multiagent));
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveAgent",
      summary: "Archive an agent",
      tag: "Agents",
      responses: { 200: Agent },
    }),
    async (c) => answer(c, await agentStub(c, c.req.param("id")).archiveAgent(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/dream",
    operation({
      operationId: "startAgentDream",
      summary: "Start a dream over the agent's recent sessions",
      tag: "Agents",
      extension: true,
      responses: { 200: Dream },
      errors: [409],
    }),
    async (c) => answer(c, (await agentStub(c, c.req.param("id")).startDream(c.get("tenantId"), c.req.param("id"), "request"))!),
  )
  .post(
    "/:id/memory/rollback",
    operation({
      operationId: "rollbackAgentMemory",
      summary: "Point the agent back at the memory store it used before its last applied dream",
      tag: "Agents",
      extension: true,
      responses: { 200: Agent },
    }),
    async (c) => answer(c, await agentStub(c, c.req.param("id")).rollbackMemory(c.get("tenantId"), c.req.param("id"))),
  )
  .get(
    "/:id/versions",
    operation({
      operationId: "listAgentVersions",
      summary: "List an agent's versions",
      tag: "Agents",
      query: PageQuery,
      responses: { 200: Page(Agent) },
    }),
    async (c) => {
      const { limit, page } = c.req.valid("query");
      return answer(c, await agentStub(c, c.req.param("id")).listVersions(c.get("tenantId"), c.req.param("id"), limit, page));
    },
  );
