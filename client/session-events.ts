// Live session events over SSE or a WebSocket, resumed from the last event seen whenever the connection drops,
// so that a reader sees every event exactly once and in order.
import type { SessionEvent, SessionStreamFrame } from "./api-types";
import { LucidConnectionError } from "./errors";
import { type Query, retryDelayMs, sleep, type Transport, urlOf } from "./transport";

export interface SessionEventsOptions {
  /** `"sse"` (default) or `"websocket"`. */
  transport?: "websocket" | "sse";
  /** Start after this event (replaying everything after it); without it the whole transcript is replayed first. */
  afterId?: string;
  /** Also yield `event_start`/`event_delta` previews of agent messages as they are generated. */
  eventDeltas?: boolean;
  /** Aborting ends the iteration. */
  signal?: AbortSignal;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocket;

/** How the client reaches the stream: its transport, and how to open WebSockets. */
export interface StreamConnector {
  transport: Transport;
  /** A WebSocket constructor-like factory (browsers, Node); the key travels as the `lucid.key.<key>` subprotocol. */
  webSocket?: WebSocketFactory;
  /** When the caller injected `fetch` (workerd, tests): WebSockets are opened by a fetch with `Upgrade: websocket`. */
  upgradeThroughFetch: boolean;
}

/** The subprotocol Lucid answers with, and the key beside it where headers cannot be set (src/api/websocket-protocol.ts). */
const webSocketProtocols = (apiKey: string) => ["lucid.v1", `lucid.key.${apiKey}`];

/** How one connection ended: the server closed it on purpose (the session was deleted), or it dropped. */
type ConnectionEnd = "closed" | "dropped";
type Frames = AsyncGenerator<SessionStreamFrame, ConnectionEnd>;

export async function* sessionEvents(connector: StreamConnector, sessionId: string, options: SessionEventsOptions = {}): AsyncGenerator<SessionStreamFrame> {
  const { signal } = options;
  let afterId = options.afterId;
  // Drops in a row with no frame in between; a server that keeps failing is given up on like a failing request.
  let fruitlessDrops = 0;
  while (!signal?.aborted) {
    if (fruitlessDrops > 0) {
      if (fruitlessDrops > connector.transport.options.maxRetries) {
        throw new LucidConnectionError(`The event stream of session ${sessionId} kept dropping without delivering anything.`);
      }
      const waited = await sleep(retryDelayMs(fruitlessDrops - 1, null), signal).then(
        () => true,
        () => false,
      );
      if (!waited) return;
    }
    const path = `/v1/sessions/${encodeURIComponent(sessionId)}/events/stream`;
    const query: Query = { after_id: afterId, event_deltas: options.eventDeltas ? ["agent.message"] : undefined };
    let frames: Frames;
    try {
      frames = options.transport === "websocket" ? await openWebSocket(connector, path, query, signal) : await openSse(connector, path, query, signal);
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
    let end: ConnectionEnd = "dropped";
    let delivered = false;
    try {
      for (;;) {
        const next = await frames.next();
        if (next.done) {
          end = next.value;
          break;
        }
        // Frames already read when the signal aborted are not handed out: the reader asked to stop.
        if (signal?.aborted) return;
        delivered = true;
        const frame = next.value;
        if (isSessionEvent(frame)) afterId = frame.id;
        yield frame;
      }
    } catch (error) {
      if (signal?.aborted) return;
      // A connection that breaks mid-read is a drop like any other: resume after the last event.
      if (!(error instanceof StreamBroken)) throw error;
    } finally {
      await frames.return("closed");
    }
    if (end === "closed") return;
    fruitlessDrops = delivered ? 0 : fruitlessDrops + 1;
  }
}

const isSessionEvent = (frame: SessionStreamFrame): frame is SessionEvent => typeof (frame as { id?: unknown }).id === "string";

/** A read failed because the connection broke (as opposed to a frame that could not be understood). */
class StreamBroken extends Error {}

async function openSse(connector: StreamConnector, path: string, query: Query, signal: AbortSignal | undefined): Promise<Frames> {
  const response = await connector.transport.request("GET", path, { query, headers: { accept: "text/event-stream" }, signal });
  if (!response.body) throw new LucidConnectionError(`GET ${path} answered without a body.`);
  return sseFrames(response.body, signal);
}

/** Parses `text/event-stream`: `data:` lines make a frame at each blank line; `ping` frames are keep-alives. */
async function* sseFrames(body: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): Frames {
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  const decoder = new TextDecoder();
  let buffer = "";
  let eventName = "message";
  let data: string[] = [];
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new StreamBroken(String(error));
      }
      if (chunk.done) return "dropped";
      buffer += decoder.decode(chunk.value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") {
          if (eventName !== "ping" && data.length > 0) yield JSON.parse(data.join("\n")) as SessionStreamFrame;
          eventName = "message";
          data = [];
        } else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        else if (line.startsWith("event:")) eventName = line.slice(6).trim();
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await reader.cancel().catch(() => undefined);
  }
}

async function openWebSocket(connector: StreamConnector, path: string, query: Query, signal: AbortSignal | undefined): Promise<Frames> {
  const { transport } = connector;
  if (connector.webSocket || !connector.upgradeThroughFetch) {
    const url = urlOf(transport.options.baseURL, path, query).replace(/^http/, "ws");
    const protocols = webSocketProtocols(transport.options.apiKey);
    const socket = connector.webSocket ? connector.webSocket(url, protocols) : new WebSocket(url, protocols);
    return webSocketFrames(socket, signal);
  }
  const response = await transport.request("GET", path, { query, headers: { upgrade: "websocket" }, signal });
  const socket = (response as Response & { webSocket?: WebSocket | null }).webSocket;
  if (response.status !== 101 || !socket) {
    await response.body?.cancel();
    throw new LucidConnectionError("The injected fetch cannot open WebSockets (no response.webSocket); pass the `webSocket` option.");
  }
  (socket as WebSocket & { accept(): void }).accept();
  return webSocketFrames(socket, signal);
}

type SocketSignal = { frame: SessionStreamFrame } | { end: ConnectionEnd };

/** The socket's messages as frames; a close with 1000 (normal closure) is the server ending the stream. */
async function* webSocketFrames(socket: WebSocket, signal: AbortSignal | undefined): Frames {
  const pending: SocketSignal[] = [];
  let wake: (() => void) | null = null;
  const push = (item: SocketSignal) => {
    pending.push(item);
    wake?.();
  };
  socket.addEventListener("message", (event: { data: unknown }) => {
    if (typeof event.data !== "string" || event.data === "pong") return;
    push({ frame: JSON.parse(event.data) as SessionStreamFrame });
  });
  socket.addEventListener("close", (event: { code: number }) => push({ end: event.code === 1000 ? "closed" : "dropped" }));
  socket.addEventListener("error", () => push({ end: "dropped" }));
  const onAbort = () => push({ end: "closed" });
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const item = pending.shift();
      if (!item) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      if ("end" in item) return item.end;
      yield item.frame;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    try {
      socket.close(1000, "done");
    } catch {
      // Already closed.
    }
  }
}
