// /v1/sessions/{id}/threads: a coordinator session's threads, and each thread's events (its specialist session's).
import { type Context, Hono } from "hono";
import { z } from "zod";
import { agentIdOfSession } from "../../ids";
import { orchestratorOf } from "../../platform/stubs";
import { notFound } from "../../platform/errors";
import { agentStub, sessionOwner } from "../object-stubs";
import { PageQuery } from "../../schemas/common";
import { SessionThread } from "../../schemas/multiagent";
import { EventListQuery, SessionEvent } from "../../schemas/session-event";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";
import { STREAM_RESPONSES, StreamQuery, streamSession } from "../session-stream";

const ThreadListQuery = PageQuery.extend({ statuses: z.array(z.enum(["running", "idle", "rescheduling", "terminated"])).optional() });
const ThreadEventPageQuery = PageQuery.extend(EventListQuery.shape);

/** The `thread_id` of the path, once it is known to be a thread of the tenant's coordinator session `id`. */
async function requireThread(c: Context<AppEnv>): Promise<string> {
  const sessionId = c.req.param("id")!;
  const threadId = c.req.param("thread_id")!;
  const { agentId, stub } = sessionOwner(c, sessionId);
  await stub.getSession(c.get("tenantId"), agentId, sessionId); // not_found_error for another tenant's session
  await orchestratorOf(c.env, sessionId).getThread(c.get("tenantId"), threadId);
  return threadId;
}

export const threadRoutes = new Hono<AppEnv>()
  .get(
    "/:id/threads",
    operation({
      operationId: "listSessionThreads",
      summary: "List a coordinator session's threads",
      tag: "Session threads",
      query: ThreadListQuery,
      responses: { 200: Page(SessionThread) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const sessionId = c.req.param("id");
      const { agentId, stub } = sessionOwner(c, sessionId);
      await stub.getSession(c.get("tenantId"), agentId, sessionId); // not_found_error for another tenant's session
      const threads = await orchestratorOf(c.env, sessionId).listThreads(c.get("tenantId"));
      // A coordinator opens at most a few dozen threads, so they come in one page.
      return answer(c, { data: threads.filter((thread) => !query.statuses || query.statuses.includes(thread.status)), next_page: null });
    },
  )
  .get(
    "/:id/threads/:thread_id",
    operation({
      operationId: "retrieveSessionThread",
      summary: "Retrieve a thread",
      tag: "Session threads",
      responses: { 200: SessionThread },
    }),
    async (c) => {
      const sessionId = c.req.param("id");
      const { agentId, stub } = sessionOwner(c, sessionId);
      await stub.getSession(c.get("tenantId"), agentId, sessionId);
      return answer(c, await orchestratorOf(c.env, sessionId).getThread(c.get("tenantId"), c.req.param("thread_id")));
    },
  )
  .post(
    "/:id/threads/:thread_id/archive",
    operation({
      operationId: "archiveSessionThread",
      summary: "Archive a thread",
      description: "Archives a settled thread and its specialist session; it stays listed, with `archived_at`, and takes no more messages.",
      tag: "Session threads",
      responses: { 200: SessionThread },
    }),
    async (c) => {
      const sessionId = c.req.param("id");
      const { agentId, stub } = sessionOwner(c, sessionId);
      await stub.getSession(c.get("tenantId"), agentId, sessionId); // not_found_error for another tenant's session
      return answer(c, await orchestratorOf(c.env, sessionId).archiveThread(c.get("tenantId"), c.req.param("thread_id")));
    },
  )
  .get(
    "/:id/threads/:thread_id/events",
    operation({
      operationId: "listSessionThreadEvents",
      summary: "List a thread's events",
      tag: "Session threads",
      query: ThreadEventPageQuery,
      responses: { 200: Page(SessionEvent) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const threadId = await requireThread(c);
      // A thread is its specialist's session, so its events are that session's transcript.
      const specialistId = agentIdOfSession(threadId);
      if (!specialistId) throw notFound("Thread", threadId);
      return answer(c, await agentStub(c, specialistId).listEvents(c.get("tenantId"), specialistId, threadId, query));
    },
  )
  .get(
    "/:id/threads/:thread_id/stream",
    operation({
      operationId: "streamSessionThreadEvents",
      summary: "Stream a thread's events live",
      description: "The thread's specialist session's stream: Server-Sent Events, or a WebSocket on upgrade (Lucid extension), with `after_id`.",
      tag: "Session threads",
      query: StreamQuery,
      responses: STREAM_RESPONSES,
    }),
    async (c) => {
      return streamSession(c, await requireThread(c), c.req.valid("query"));
    },
  );
