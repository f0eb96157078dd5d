// What web_fetch and web_search share about going out: the route (WEB_EGRESS or the internet), the time one call may
// take, and reading a body without letting it fill the Worker's memory.
import type { Env } from "../env";

/** How long one web_fetch (all its redirects) or one web_search may take unless LUCID_WEB_TIMEOUT_MS says otherwise. */
const DEFAULT_WEB_TIMEOUT_MS = 30_000;

/** Outbound web requests: through `WEB_EGRESS` where a deployment (or the tests) routes them, else the internet. */
export function webEgressOf(env: Env): (request: Request) => Promise<Response> {
  const egress = env.WEB_EGRESS;
  return egress ? (request) => egress.fetch(request) : (request) => fetch(request);
}

export function webTimeoutMs(env: Env): number {
  const configured = Number(env.LUCID_WEB_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_WEB_TIMEOUT_MS;
}

/** A body larger than the reader takes: what was announced or read when it stopped. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response is larger than ${maxBytes.toLocaleString("en-US")} bytes`);
  }
}

/** The body's bytes, refused as soon as they (or the announced length) pass `maxBytes`; the rest is never read. */
export async function readCappedBytes(response: Response, maxBytes: number): Promise<Uint8Array> {
  const announced = Number(response.headers.get("content-length"));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel();
    throw new BodyTooLarge(maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
