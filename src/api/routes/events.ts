// /v1/sessions/{id}/events: send user events, page through the transcript, and stream it live (SSE or WebSocket).
import { Hono } from "hono";
import { z } from "zod";
import { PageQuery } from "../../schemas/common";
import { EventListQuery, EventSend } from "../../schemas/session-event";
import { respond } from "../respond";
import type { AppEnv } from "../app-env";
import { sessionOwner } from "../object-stubs";
import { readBody, readQuery } from "../request-input";

const StreamQuery = z.object({
  /** Which event types to preview as they are generated (`event_start`/`event_delta` frames). */
  event_deltas: z.array(z.enum(["agent.message", "agent.thinking"])).optional(),
  /** Lucid extension: replay everything after this event id, then go live (SSE readers may send Last-Event-ID instead). */
  after_id: z.string().optional(),
});

export const eventRoutes = new Hono<AppEnv>()
  .post("/:id/events", async (c) => {
    const { events } = await readBody(c, EventSend);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.sendEvents(c.get("tenantId"), agentId, c.req.param("id"), events));
  })
  .get("/:id/events", async (c) => {
    const query = readQuery(c, PageQuery.extend(EventListQuery.shape), ["types"]);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    return respond(c, await stub.listEvents(c.get("tenantId"), agentId, c.req.param("id"), query));
  })
  .get("/:id/events/stream", async (c) => {
    const query = readQuery(c, StreamQuery, ["event_deltas"]);
    const { agentId, stub } = sessionOwner(c, c.req.param("id"));
    const target = new URL("https://agent.internal/stream");
    target.searchParams.set("agent", agentId);
    target.searchParams.set("session", c.req.param("id"));
    if (query.after_id) target.searchParams.set("after", query.after_id);
    if (query.event_deltas?.includes("agent.message")) target.searchParams.set("previews", "1");
    const headers = new Headers({ "x-lucid-tenant": c.get("tenantId") });
    for (const name of ["upgrade", "last-event-id", "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol"]) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    return stub.fetch(target, { headers });
  });
