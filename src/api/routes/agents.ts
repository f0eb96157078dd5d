// /v1/agents: create, retrieve, update (versioned), list, archive, and list versions.
import { Hono } from "hono";
import { configFromCreate } from "../../agent/agent-versions";
import { newAgentId } from "../../ids";
import { resolveMultiagent } from "../../multiagent/roster";
import { AgentCreate, AgentListQuery, AgentUpdate } from "../../schemas/agent";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { z } from "zod";
import { respond } from "../respond";
import type { AppEnv } from "../app-env";
import { agentStub, directoryOf } from "../object-stubs";
import { readBody, readQuery } from "../request-input";

export const agentRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const params = await readBody(c, AgentCreate);
    const id = newAgentId();
    const config = configFromCreate(params, (await resolveMultiagent(c.env, c.get("tenantId"), id, params.multiagent)) ?? null);
    return respond(c, await agentStub(c, id).createAgent(c.get("tenantId"), id, config));
  })
  .get("/", async (c) => {
    const query = readQuery(c, PageQuery.extend(AgentListQuery.shape));
    return respond(c, await directoryOf(c.env, c.get("tenantId")).listListings("agent", { ...query, created: createdAtRange(query) }));
  })
  .get("/:id", async (c) => {
    const { version } = readQuery(c, z.object({ version: z.coerce.number().int().positive().optional() }));
    return respond(c, await agentStub(c, c.req.param("id")).getAgent(c.get("tenantId"), c.req.param("id"), version));
  })
  .post("/:id", async (c) => {
    const update = await readBody(c, AgentUpdate);
    const multiagent = await resolveMultiagent(c.env, c.get("tenantId"), c.req.param("id"), update.multiagent);
    return respond(c, await agentStub(c, c.req.param("id")).updateAgent(c.get("tenantId"), c.req.param("id"), update, multiagent));
  })
  .post("/:id/archive", async (c) => respond(c, await agentStub(c, c.req.param("id")).archiveAgent(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/dream", async (c) => respond(c, (await agentStub(c, c.req.param("id")).startDream(c.get("tenantId"), c.req.param("id"), "request"))!))
  .post("/:id/memory/rollback", async (c) => respond(c, await agentStub(c, c.req.param("id")).rollbackMemory(c.get("tenantId"), c.req.param("id"))))
  .get("/:id/versions", async (c) => {
    const { limit, page } = readQuery(c, PageQuery);
    return respond(c, await agentStub(c, c.req.param("id")).listVersions(c.get("tenantId"), c.req.param("id"), limit, page));
  });
