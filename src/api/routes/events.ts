// /v1/sessions/{id}/events: send user events, page through the transcript, and stream it live (SSE or WebSocket).
import { Hono } from "hono";
import { ApiError } from "../../platform/errors";
import { PageQuery } from "../../schemas/common";
import { TranscriptEvent } from "../../schemas/recorded-events";
import { EventListQuery, EventSend, SessionEvent } from "../../schemas/session-event";
import { answer, operation } from "../operation";
import { ItemList, Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { sessionOwner } from "../object-stubs";
import { STREAM_RESPONSES, StreamQuery, streamSession } from "../session-stream";
const EventPageQuery = PageQuery.extend(EventListQuery.shape);

export const eventRoutes = new Hono<AppEnv>()
  .post(
    "/:id/events",
    operation({
      operationId: "sendSessionEvents",
      summary: "Send user events to a session",
      tag: "Session events",
      body: EventSend,
      responses: { 200: ItemList(SessionEvent) },
    }),
    async (c) => {
      const { events } = c.req.valid("json");
      // A worker's token answers the calls handed to it and says nothing else in the session (its scope reaches the
      // route; only the body says what it sends).
      const refused = c.get("credential").type === "work" ? events.find((event) => event.type !== "user.tool_result") : undefined;
      if (refused) throw new ApiError("permission_error", `A work item's token may send only user.tool_result events, not ${refused.type}.`);
      const { agentId, stub } = sessionOwner(c, c.req.param("id"));
      return answer(c, await stub.sendEvents(c.get("tenantId"), agentId, c.req.param("id"), events));
    },
  )
  .get(
    "/:id/events",
    operation({
      operationId: "listSessionEvents",
      summary: "List a session's events",
      description: "A session's transcript; for a dream's progress session (Lucid extension), the dream's progress events.",
      tag: "Session events",
      query: EventPageQuery,
      responses: { 200: Page(TranscriptEvent) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { agentId, stub } = sessionOwner(c, c.req.param("id"));
      return answer(c, await stub.listEvents(c.get("tenantId"), agentId, c.req.param("id"), query));
    },
  )
  .get(
    "/:id/events/stream",
    operation({
      operationId: "streamSessionEvents",
      summary: "Stream a session's events live",
      description:
        "Server-Sent Events by default. Lucid extensions: `after_id` replays from an event, and a WebSocket upgrade streams the same events " +
        "(a browser, which cannot set headers, may offer its key as the subprotocol `lucid.key.<key>` beside `lucid.v1`).",
      tag: "Session events",
      query: StreamQuery,
      responses: STREAM_RESPONSES,
    }),
    (c) => streamSession(c, c.req.param("id"), c.req.valid("query")),
  );
