// WebSocket sign-in by subprotocol: browsers cannot set headers on a WebSocket, so a client may offer its key as the
// subprotocol `lucid.key.<key>` beside `lucid.v1` (on the stream routes only, see auth.ts); the answer names `lucid.v1`
// only, never the key.
export const LUCID_WEBSOCKET_PROTOCOL = "lucid.v1";
const KEY_PROTOCOL_PREFIX = "lucid.key.";

const isWebSocketUpgrade = (headers: Headers) => headers.get("upgrade")?.trim().toLowerCase() === "websocket";

function offeredProtocols(headers: Headers): string[] {
  return (headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((protocol) => protocol.trim())
    .filter(Boolean);
}

/** The key offered as a subprotocol; only WebSocket upgrades may sign in this way (other requests have headers). */
export function keyFromWebSocketProtocols(headers: Headers): string | null {
  if (!isWebSocketUpgrade(headers)) return null;
  const offered = offeredProtocols(headers).find((protocol) => protocol.startsWith(KEY_PROTOCOL_PREFIX));
  return offered ? offered.slice(KEY_PROTOCOL_PREFIX.length) || null : null;
}

/** A 101 answer naming `lucid.v1` when the client offered it (a browser drops a socket whose answer lacks an offered protocol). */
export function answerWebSocketProtocol(requestHeaders: Headers, response: Response): Response {
  if (response.status !== 101 || !offeredProtocols(requestHeaders).includes(LUCID_WEBSOCKET_PROTOCOL)) return response;
  const headers = new Headers(response.headers);
  headers.set("sec-websocket-protocol", LUCID_WEBSOCKET_PROTOCOL);
  return new Response(null, { status: 101, headers, webSocket: response.webSocket });
}
