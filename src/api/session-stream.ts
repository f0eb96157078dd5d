// A session's live event stream (SSE, or a WebSocket on upgrade), served by the object that holds the session: the
// session's own stream route and a thread's stream (a thread is its specialist's session) both hand over here.
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env";
import { sessionOwner } from "./object-stubs";
import { readQuery } from "./request-input";
import { answerWebSocketProtocol } from "./websocket-protocol";

export const StreamQuery = z.object({
  /** Which event types to preview as they are generated (`event_start`/`event_delta` frames). */
  event_deltas: z.array(z.enum(["agent.message", "agent.thinking"])).optional(),
  /** Lucid extension: replay everything after this event id, then go live (SSE readers may send Last-Event-ID instead). */
  after_id: z.string().optional(),
});

export const STREAM_RESPONSES = {
  101: { description: "Switched to a WebSocket (Lucid extension): one JSON event per message." },
  200: { description: "The events as Server-Sent Events.", content: { "text/event-stream": { type: "string" as const } } },
};

export async function streamSession(c: Context<AppEnv>, sessionId: string): Promise<Response> {
  const query = readQuery(c, StreamQuery, ["event_deltas"]);
  const { agentId, stub } = sessionOwner(c, sessionId);
  const target = new URL("https://agent.internal/stream");
  target.searchParams.set("agent", agentId);
  target.searchParams.set("session", sessionId);
  if (query.after_id) target.searchParams.set("after", query.after_id);
  if (query.event_deltas?.includes("agent.message")) target.searchParams.set("previews", "1");
  const headers = new Headers({ "x-lucid-tenant": c.get("tenantId") });
  // Not sec-websocket-protocol: it may carry the key (websocket-protocol.ts), and the answer's protocol is set here.
  for (const name of ["upgrade", "last-event-id", "sec-websocket-key", "sec-websocket-version"]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  return answerWebSocketProtocol(c.req.raw.headers, await stub.fetch(target, { headers }));
}
