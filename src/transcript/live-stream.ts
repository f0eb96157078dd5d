// Live readers of session transcripts: SSE responses and hibernatable WebSockets, each replayed from a point and then fed live.
import type { PreviewFrame } from "../schemas/preview-frame";
import type { TranscriptEvent } from "../schemas/recorded-events";

interface SseReader {
  wantsPreviews: boolean;
  /** The tenant key that opened the stream (null: the admin key), so revoking the key ends it. */
  keyId: string | null;
  writer: WritableStreamDefaultWriter<Uint8Array>;
}

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

function sseFrame(data: unknown, id?: string): Uint8Array {
  return encoder.encode(`event: message\n${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
}

const previewTag = (sessionId: string) => `${sessionId}:previews`;
/** A tag, not memory, so a hibernated WebSocket still knows its key when the object wakes up. */
const keyTag = (keyId: string) => `key:${keyId}`;
/** The WebSocket close code for a policy violation: the key that opened the socket was revoked. */
export const KEY_REVOKED_CLOSE_CODE = 1008;

export class LiveStreams {
  private readonly sse = new Map<string, Set<SseReader>>();

  constructor(private readonly ctx: DurableObjectState) {}

  /**
   * Opens an SSE response that first replays `backlog` and then receives every later event. Replay and
   * registration happen in one synchronous turn, so no event can fall between them (no gap, no duplicate).
   */
  openSse(sessionId: string, backlog: TranscriptEvent[], wantsPreviews: boolean, keyId: string | null): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const reader: SseReader = { wantsPreviews, keyId, writer: writable.getWriter() };
    for (const event of backlog) void this.write(sessionId, reader, sseFrame(event, event.id));
    const readers = this.sse.get(sessionId) ?? new Set();
    readers.add(reader);
    this.sse.set(sessionId, readers);
    const heartbeat = setInterval(() => void this.write(sessionId, reader, encoder.encode(`event: ping\ndata: {"type":"ping"}\n\n`)), HEARTBEAT_MS);
    reader.writer.closed.catch(() => undefined).finally(() => clearInterval(heartbeat));
    return new Response(readable, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
    });
  }

  /** Accepts a hibernatable WebSocket (it outlives this object's eviction) after replaying `backlog` to it. */
  openWebSocket(sessionId: string, backlog: TranscriptEvent[], wantsPreviews: boolean, keyId: string | null): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    const tags = [sessionId, ...(wantsPreviews ? [previewTag(sessionId)] : []), ...(keyId ? [keyTag(keyId)] : [])];
    this.ctx.acceptWebSocket(server, tags);
    for (const event of backlog) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
  }

  publish(sessionId: string, event: TranscriptEvent): void {
    const frame = sseFrame(event, event.id);
    for (const reader of this.sse.get(sessionId) ?? []) void this.write(sessionId, reader, frame);
    const text = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets(sessionId)) this.send(socket, text);
  }

  publishPreview(sessionId: string, frame: PreviewFrame): void {
    const bytes = sseFrame(frame);
    for (const reader of this.sse.get(sessionId) ?? []) if (reader.wantsPreviews) void this.write(sessionId, reader, bytes);
    const text = JSON.stringify(frame);
    for (const socket of this.ctx.getWebSockets(previewTag(sessionId))) this.send(socket, text);
  }

  /** Ends every live reader of a session (it was deleted). */
  closeSession(sessionId: string): void {
    for (const reader of this.sse.get(sessionId) ?? []) void reader.writer.close().catch(() => undefined);
    this.sse.delete(sessionId);
    for (const socket of this.ctx.getWebSockets(sessionId)) socket.close(1000, "session deleted");
  }

  /** Ends every live reader opened with `keyId` (the key was revoked): SSE bodies end, WebSockets close with 1008. */
  closeStreamsOfKey(keyId: string): number {
    let closed = 0;
    for (const readers of this.sse.values()) {
      for (const reader of readers) {
        if (reader.keyId !== keyId) continue;
        readers.delete(reader);
        void reader.writer.close().catch(() => undefined);
        closed++;
      }
    }
    for (const socket of this.ctx.getWebSockets(keyTag(keyId))) {
      try {
        socket.close(KEY_REVOKED_CLOSE_CODE, "API key revoked");
        closed++;
      } catch {
        // Already closing: nothing left to end.
      }
    }
    return closed;
  }

  private async write(sessionId: string, reader: SseReader, bytes: Uint8Array): Promise<void> {
    try {
      await reader.writer.write(bytes);
    } catch {
      // The client went away: forget it.
      this.sse.get(sessionId)?.delete(reader);
    }
  }

  private send(socket: WebSocket, text: string): void {
    try {
      socket.send(text);
    } catch {
      socket.close(1011, "send failed");
    }
  }
}
