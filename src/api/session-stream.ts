// A session's live event stream (SSE, or a WebSocket on upgrade), served by the object that holds the session: the
// session's own stream route and a thread's stream (a thread is its specialist's session) both hand over here.
import type { Context } from "hono";
import { z } from "zod";
import { KEY_REVOKED_CLOSE_CODE } from "../transcript/live-stream";
import type { StreamHolder } from "../directory/key-streams";
import { dreamIdOfSession } from "../ids";
import { ApiError } from "../platform/errors";
import { directoryOf } from "../platform/stubs";
import { sessionOwner } from "./object-stubs";
import type { AppEnv } from "./app-env";
import { answerWebSocketProtocol } from "./websocket-protocol";

export const StreamQuery = z.object({
  /** Which event types to preview as they are generated (`event_start`/`event_delta` frames). */
  event_deltas: z.array(z.enum(["agent.message", "agent.thinking"])).optional(),
  /** Lucid extension: replay everything after this event id, then go live (SSE readers may send Last-Event-ID instead). */
  after_id: z.string().optional(),
});
export type StreamQuery = z.output<typeof StreamQuery>;

export const STREAM_RESPONSES = {
  101: { description: "Switched to a WebSocket (Lucid extension): one JSON event per message." },
  200: { description: "The events as Server-Sent Events.", content: { "text/event-stream": { type: "string" as const } } },
};

/** The routes served by `streamSession`: the only ones a WebSocket can open, so the only ones a subprotocol key signs in to. */
const SESSION_STREAM_PATH = /^\/v1\/sessions\/[^/]+\/(?:events|threads\/[^/]+)\/stream$/;

export const isSessionStreamPath = (path: string) => SESSION_STREAM_PATH.test(path);

/** `query` is the route's StreamQuery, as its declaration validated it. */
export async function streamSession(c: Context<AppEnv>, sessionId: string, query: StreamQuery): Promise<Response> {
  const { agentId, stub } = sessionOwner(c, sessionId);
  const target = new URL("https://agent.internal/stream");
  target.searchParams.set("agent", agentId);
  target.searchParams.set("session", sessionId);
  if (query.after_id) target.searchParams.set("after", query.after_id);
  if (query.event_deltas?.includes("agent.message")) target.searchParams.set("previews", "1");
  const headers = new Headers({ "x-lucid-tenant": c.get("tenantId") });
  // An API key's stream is tagged with the key, so revoking the key ends it; the admin key cannot be revoked, and a
  // work item's token (a worker's stream) is no key of the directory: its worker closes the stream when it leaves.
  const credential = c.get("credential");
  const keyId = credential.type === "api_key" ? credential.key_id : null;
  if (keyId) headers.set("x-lucid-api-key", keyId);
  // Not sec-websocket-protocol: it may carry the key (websocket-protocol.ts), and the answer's protocol is set here.
  for (const name of ["upgrade", "last-event-id", "sec-websocket-key", "sec-websocket-version"]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  const response = await stub.fetch(target, { headers });
  const opened = response.status === 101 || response.ok;
  if (keyId && opened) await recordStreamOfKey(c, keyId, { kind: dreamIdOfSession(sessionId) ? "dream" : "agent", id: agentId }, response);
  return answerWebSocketProtocol(c.req.raw.headers, response);
}

/**
 * Tells the tenant's directory where the key now has a stream, once the stream is open (so only objects that hold
 * one are ever recorded). A key revoked in between finds no record, so the stream is ended here instead.
 */
async function recordStreamOfKey(c: Context<AppEnv>, keyId: string, holder: StreamHolder, response: Response): Promise<void> {
  if (await directoryOf(c.env, c.get("tenantId")).recordKeyStream(keyId, holder)) return;
  if (response.webSocket) {
    response.webSocket.accept();
    response.webSocket.close(KEY_REVOKED_CLOSE_CODE, "API key revoked");
  } else {
    await response.body?.cancel();
  }
  throw new ApiError("authentication_error", "Invalid API key.");
}
