// /v1/sessions: create, retrieve, update, list, archive and delete sessions; their events live in events.ts.
import { Hono } from "hono";
import { newSessionId } from "../../ids";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { z } from "zod";
import { DeletedSession, Session, SessionCreate, SessionListQuery, SessionUpdate } from "../../schemas/session";
import { invalidRequest } from "../../platform/errors";
import { agentStub, sessionOwner } from "../object-stubs";
import { directoryOf } from "../../platform/stubs";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";

const SessionPageQuery = PageQuery.extend(SessionListQuery.shape);

export const sessionRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createSession",
      summary: "Create a session",
      tag: "Sessions",
      body: SessionCreate,
      responses: { 200: Session },
    }),
    async (c) => {
      const params = c.req.valid("json");
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
        vault_ids: params.vault_ids,
      });
      return answer(c, session);
    },
  )
  .get(
    "/",
    operation({
      operationId: "listSessions",
      summary: "List sessions",
      tag: "Sessions",
      query: SessionPageQuery,
      responses: { 200: Page(Session).extend({ prev_page: z.null() }) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listingPage(c, "session", { ...query, created: createdAtRange(query) });
      return answer(c, { ...page, prev_page: null });
    },
  )
  .get("/:id", operation({ operationId: "retrieveSession", summary: "Retrieve a session", tag: "Sessions", responses: { 200: Session } }), async (c) => {
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return answer(c, await stub.getSession(c.get("tenantId"), agentId, c.req.param("id")));
  })
  .post(
    "/:id",
    operation({
      operationId: "updateSession",
      summary: "Update a session",
      tag: "Sessions",
      body: SessionUpdate,
      responses: { 200: Session },
    }),
    async (c) => {
      const update = c.req.valid("json");
      const { agentId, stub } = sessionOwner(c, c.req.param("id"));
      return answer(c, await stub.updateSession(c.get("tenantId"), agentId, c.req.param("id"), update));
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveSession",
      summary: "Archive a session",
      tag: "Sessions",
      responses: { 200: Session },
    }),
    async (c) => {
      const { agentId, stub } = sessionOwner(c, c.req.param("id"));
      return answer(c, await stub.archiveSession(c.get("tenantId"), agentId, c.req.param("id")));
    },
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteSession",
      summary: "Delete a session and its workspace",
      tag: "Sessions",
      responses: { 200: DeletedSession },
    }),
    async (c) => {
      const { agentId, stub } = sessionOwner(c, c.req.param("id"));
      return answer(c, await stub.deleteSession(c.get("tenantId"), agentId, c.req.param("id")));
    },
  );
