// /v1/sessions/{id}/events: send user events, page through the transcript, and stream it live (SSE or WebSocket).
import { Hono } from "hono";
import { z } from "zod";
import { PageQuery } from "../../schemas/common";
import { EventListQuery, EventSend, SessionEvent } from "../../schemas/session-event";
import { respond } from "../respond";
import { describeOperation } from "../openapi-route";
import { ItemList, Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { sessionOwner } from "../object-stubs";
import { readBody, readQuery } from "../request-input";
import { answerWebSocketProtocol } from "../websocket-protocol";

const StreamQuery = z.object({
  /** Which event types to preview as they are generated (`event_start`/`event_delta` frames). */
  event_deltas: z.array(z.enum(["agent.message", "agent.thinking"])).optional(),
  /** Lucid extension: replay everything after this event id, then go live (SSE readers may send Last-Event-ID instead). */
  after_id: z.string().optional(),
});
const EventPageQuery = PageQuery.extend(EventListQuery.shape);

export const eventRoutes = new Hono<AppEnv>()
  .post("/:id/events", describeOperation({
    operationId: "sendSessionEvents",
    summary: "Send user events to a session",
    tag: "Session events",
    body: EventSend,
    responses: { 200: ItemList(SessionEvent) },
  }), async (c) => {
    const { events } = await readBody(c, EventSend);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.sendEvents(c.get("tenantId"), agentId, c.req.param("id"), events));
  })
  .get("/:id/events", describeOperation({
    operationId: "listSessionEvents",
    summary: "List a session's events",
    tag: "Session events",
    query: EventPageQuery,
    responses: { 200: Page(SessionEvent) },
  }), async (c) => {
    const query = readQuery(c, EventPageQuery, ["types"]);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.listEvents(c.get("tenantId"), agentId, c.req.param("id"), query));
  })
  .get("/:id/events/stream", describeOperation({
    operationId: "streamSessionEvents",
    summary: "Stream a session's events live",
    description:
      "Server-Sent Events by default. Lucid extensions: `after_id` replays from an event, and a WebSocket upgrade streams the same events " +
      "(a browser, which cannot set headers, may offer its key as the subprotocol `lucid.key.<key>` beside `lucid.v1`).",
    tag: "Session events",
    query: StreamQuery,
    responses: {
      101: { description: "Switched to a WebSocket (Lucid extension): one JSON event per message." },
      200: { description: "The events as Server-Sent Events.", content: { "text/event-stream": { type: "string" } } },
    },
  }), async (c) => {
    const query = readQuery(c, StreamQuery, ["event_deltas"]);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    const target = new URL("https://agent.internal/stream");
    target.searchParams.set("agent", agentId);
    target.searchParams.set("session", c.req.param("id"));
    if (query.after_id) target.searchParams.set("after", query.after_id);
    if (query.event_deltas?.includes("agent.message")) target.searchParams.set("previews", "1");
    const headers = new Headers({ "x-lucid-tenant": c.get("tenantId") });
    // Not sec-websocket-protocol: it may carry the key (websocket-protocol.ts), and the answer's protocol is set here.
    for (const name of ["upgrade", "last-event-id", "sec-websocket-key", "sec-websocket-version"]) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    return answerWebSocketProtocol(c.req.raw.headers, await stub.fetch(target, { headers }));
  });
