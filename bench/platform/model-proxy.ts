// A timing proxy between the platforms and the Messages API simulator: it records when each model call starts and ends
// and when each text delta leaves for the platform, on the harness's own clock, so "time outside the model call" and
// "delta to client" are measured, not guessed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SseTextDeltas } from "./sse-text-deltas";

export interface ModelCall {
  /** `metadata.user_id` of the request: whose call it was. */
  key: string;
  startedAt: number;
  endedAt: number;
}

export interface DeltaSent {
  key: string;
  text: string;
  sentAt: number;
}

export interface ModelProxy {
  url: string;
  calls: ModelCall[];
  deltas: DeltaSent[];
  /** Calls made under `key`, started at or after `since`. */
  callsFor(key: string, since: number): ModelCall[];
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(["host", "connection", "content-length", "content-encoding", "transfer-encoding", "keep-alive"]);

/** Forwards every request to `upstream` unchanged and streams the answer back as it arrives. */
export async function startModelProxy(upstream: string): Promise<ModelProxy> {
  const calls: ModelCall[] = [];
  const deltas: DeltaSent[] = [];
  const server = createServer((request, response) => {
    forward(upstream, request, response, calls, deltas).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "application/json" });
      response.end(JSON.stringify({ type: "error", error: { type: "api_error", message: `proxy: ${String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    deltas,
    callsFor: (key, since) => calls.filter((call) => call.key === key && call.startedAt >= since),
    close: () => closeServer(server),
  };
}

async function forward(upstream: string, request: IncomingMessage, response: ServerResponse, calls: ModelCall[], deltas: DeltaSent[]): Promise<void> {
  const startedAt = performance.now();
  const body = await readBody(request);
  const key = keyOf(body);
  const headers = Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) => (typeof value === "string" && !HOP_HEADERS.has(name) ? [[name, value]] : [])),
  );
  const upstreamResponse = await fetch(`${upstream}${request.url}`, { method: request.method, headers, ...(body.length ? { body } : {}) });
  // fetch has already decoded the body, so its framing headers no longer describe what is written.
  const passed = [...upstreamResponse.headers].filter(([name]) => !HOP_HEADERS.has(name));
  response.writeHead(upstreamResponse.status, Object.fromEntries(passed));
  const deltaReader = new SseTextDeltas((text) => deltas.push({ key, text, sentAt: performance.now() }));
  if (upstreamResponse.body) {
    for await (const chunk of upstreamResponse.body) {
      // Written first, stamped after: the stamp is when the delta left for the platform.
      response.write(chunk);
      deltaReader.push(chunk);
    }
  }
  response.end();
  calls.push({ key, startedAt, endedAt: performance.now() });
}

function keyOf(body: Buffer): string {
  try {
    return (JSON.parse(body.toString("utf8")) as { metadata?: { user_id?: string } }).metadata?.user_id ?? "";
  } catch {
    return "";
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
