// /v1/sessions: create, retrieve, update, list, archive and delete sessions; their events live in events.ts.
import { Hono } from "hono";
import { newSessionId } from "../../ids";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { SessionCreate, SessionListQuery, SessionUpdate } from "../../schemas/session";
import { invalidRequest } from "../api-error";
import { respond } from "../respond";
import type { AppEnv } from "../app-env";
import { agentStub, sessionOwner, directoryOf } from "../object-stubs";
import { readBody, readQuery } from "../request-input";

export const sessionRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const params = await readBody(c, SessionCreate);
    const agent = typeof params.agent === "string" ? { id: params.agent, version: undefined } : params.agent;
    const stub = agentStub(c, agent.id);
    const environment = await directoryOf(c.env, c.get("tenantId")).getEnvironment(params.environment_id);
    if (environment.archived_at) throw invalidRequest(`Environment '${environment.id}' is archived; new sessions cannot use it.`);
    const session = await stub.createSession(c.get("tenantId"), agent.id, {
      id: newSessionId(agent.id),
      agent_version: agent.version,
      environment_id: environment.id,
      title: params.title ?? null,
      metadata: params.metadata ?? {},
      initial_events: params.initial_events ?? [],
      resources: params.resources,
    });
    return respond(c, session);
  })
  .get("/", async (c) => {
    const query = readQuery(c, PageQuery.extend(SessionListQuery.shape), ["statuses"]);
    const page = await directoryOf(c.env, c.get("tenantId")).listListings("session", { ...query, created: createdAtRange(query) });
    return respond(c, { ...page, prev_page: null });
  })
  .get("/:id", async (c) => {
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.getSession(c.get("tenantId"), agentId, c.req.param("id")));
  })
  .post("/:id", async (c) => {
    const update = await readBody(c, SessionUpdate);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.updateSession(c.get("tenantId"), agentId, c.req.param("id"), update));
  })
  .post("/:id/archive", async (c) => {
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.archiveSession(c.get("tenantId"), agentId, c.req.param("id")));
  })
  .delete("/:id", async (c) => {
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.deleteSession(c.get("tenantId"), agentId, c.req.param("id")));
  });
