// /v1/dreams: start, read, list, cancel and archive dreams, and (Lucid extension) approve or reject a held changeset.
import { Hono } from "hono";
import { dreamOf } from "../../dreaming/dream-stub";
import { agentIdOfSession, newDreamId } from "../../ids";
import { memoryStoreOf } from "../../memory/memory-store-stub";
import { DEFAULT_DREAM_TOKEN_BUDGET } from "../../schemas/agent";
import { createdAtRange, PageQuery } from "../../schemas/common";
import { DreamApproval, DreamCreate, DreamListQuery } from "../../schemas/dream-resource";
import { invalidRequest } from "../api-error";
import type { AppEnv } from "../app-env";
import { agentStub, directoryOf } from "../object-stubs";
import { readBody, readQuery } from "../request-input";
import { respond } from "../respond";

export const dreamRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const params = await readBody(c, DreamCreate);
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
    return respond(c, dream);
  })
  .get("/", async (c) => {
    const query = readQuery(c, PageQuery.extend(DreamListQuery.shape), ["statuses"]);
    return respond(
      c,
      await directoryOf(c.env, c.get("tenantId")).listListings("dream", {
        limit: query.limit,
        page: query.page,
        include_archived: query.include_archived,
        statuses: query.statuses,
        created: createdAtRange(query),
      }),
    );
  })
  .get("/:id", async (c) => respond(c, await dreamOf(c.env, c.req.param("id")).getDream(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/cancel", async (c) => respond(c, await dreamOf(c.env, c.req.param("id")).cancelDream(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/archive", async (c) => respond(c, await dreamOf(c.env, c.req.param("id")).archiveDream(c.get("tenantId"), c.req.param("id"))))
  .post("/:id/approve", async (c) => {
    const approval = await readBody(c, DreamApproval);
    return respond(c, await dreamOf(c.env, c.req.param("id")).approveDream(c.get("tenantId"), c.req.param("id"), approval));
  })
  .post("/:id/reject", async (c) => respond(c, await dreamOf(c.env, c.req.param("id")).rejectDream(c.get("tenantId"), c.req.param("id"))));
