// /v1/dreams: start, read, list, cancel and archive dreams, and (Lucid extension) approve or reject a held changeset.
import { Hono } from "hono";
import { dreamOf, memoryStoreOf } from "../../platform/stubs";
import { invalidRequest } from "../../platform/errors";
import { agentStub } from "../object-stubs";
import { agentIdOfSession, newDreamId } from "../../ids";
import { DEFAULT_DREAM_TOKEN_BUDGET } from "../../schemas/agent";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { Dream, DreamApproval, DreamCreate, DreamListQuery } from "../../schemas/dream-resource";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { Page } from "../../schemas/page";

const DreamPageQuery = PageQuery.extend(DreamListQuery.shape);

export const dreamRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createDream",
      summary: "Start a dream over a memory store and sessions",
      tag: "Dreams",
      body: DreamCreate,
      responses: { 200: Dream },
      errors: [409],
    }),
    async (c) => {
      const params = c.req.valid("json");
      const tenantId = c.get("tenantId");
      const store = params.inputs.find((input) => input.type === "memory_store")!;
      const sessions = params.inputs.find((input) => input.type === "sessions")!;
      // Every input must be the tenant's own and exist now, so a dream never fails later for a typo.
      await memoryStoreOf(c.env, store.memory_store_id).getStore(tenantId);
      for (const sessionId of new Set(sessions.session_ids)) {
        const agentId = agentIdOfSession(sessionId);
        if (!agentId) throw invalidRequest(`inputs: '${sessionId}' is not a session id.`);
        await agentStub(c, agentId).getSession(tenantId, agentId, sessionId);
      }
      const id = newDreamId();
      const target = params.output_behavior?.type === "update_existing" ? memoryStoreOf(c.env, params.output_behavior.memory_store_id) : null;
      await target?.holdForDream(tenantId, id);
      const dream = await dreamOf(c.env, id).createDream(tenantId, {
        id,
        agent_id: null,
        mode: "auto",
        request: {
          inputs: params.inputs,
          model: params.model,
          instructions: params.instructions ?? null,
          output_behavior: params.output_behavior ?? { type: "create_new" },
          token_budget: params.token_budget ?? DEFAULT_DREAM_TOKEN_BUDGET,
        },
      });
      return answer(c, dream);
    },
  )
  .get(
    "/",
    operation({
      operationId: "listDreams",
      summary: "List dreams",
      tag: "Dreams",
      query: DreamPageQuery,
      responses: { 200: Page(Dream) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(
        c,
        await listingPage(c, "dream", {
          limit: query.limit,
          page: query.page,
          include_archived: query.include_archived,
          statuses: query.statuses,
          agent_id: query.agent_id,
          created: createdAtRange(query),
        }),
      );
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveDream",
      summary: "Retrieve a dream",
      tag: "Dreams",
      responses: { 200: Dream },
    }),
    async (c) => answer(c, await dreamOf(c.env, c.req.param("id")).getDream(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/cancel",
    operation({
      operationId: "cancelDream",
      summary: "Cancel a dream",
      tag: "Dreams",
      responses: { 200: Dream },
    }),
    async (c) => answer(c, await dreamOf(c.env, c.req.param("id")).cancelDream(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveDream",
      summary: "Archive a dream",
      tag: "Dreams",
      responses: { 200: Dream },
    }),
    async (c) => answer(c, await dreamOf(c.env, c.req.param("id")).archiveDream(c.get("tenantId"), c.req.param("id"))),
  )
  .post(
    "/:id/approve",
    operation({
      operationId: "approveDream",
      summary: "Apply all or part of a held changeset, edited",
      tag: "Dreams",
      extension: true,
      body: DreamApproval,
      responses: { 200: Dream },
    }),
    async (c) => {
      const approval = c.req.valid("json");
      return answer(c, await dreamOf(c.env, c.req.param("id")).approveDream(c.get("tenantId"), c.req.param("id"), approval));
    },
  )
  .post(
    "/:id/reject",
    operation({
      operationId: "rejectDream",
      summary: "Discard a held changeset",
      tag: "Dreams",
      extension: true,
      responses: { 200: Dream },
    }),
    async (c) => answer(c, await dreamOf(c.env, c.req.param("id")).rejectDream(c.get("tenantId"), c.req.param("id"))),
  );
